// `import '@sprocket/sdk/no-codegen'`, first in an app's entry module: the codecs built after it never compile their
// field encoders with `new Function`. For a page whose Content-Security-Policy has no 'unsafe-eval' (a refused
// attempt is caught, but the browser still logs a violation); the codecs keep their generic loop, with the same bytes.
// It must run before any generated client or codec module is evaluated, which is why it is an import of its own.
import { disableCompiledEncoders } from './scale/fields-compiled.js';

disableCompiledEncoders();
