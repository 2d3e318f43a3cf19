// Run by test/gas/script.test.ts as `node --import @sprocket/compiler-plugin/register test/gas/script/script.ts`:
// prints the figures of ./calls.ts and a stack trace taken inside the actor module, as one JSON line.
import { meteredCalls } from './calls.js';
import { whereAmI } from './spinner.js';

process.stdout.write(`${JSON.stringify({ figures: await meteredCalls(), stack: whereAmI() })}\n`);
