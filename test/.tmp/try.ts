import { writeFileSync } from 'node:fs';
import { emitGenerated } from '../../compiler-plugin/src/emit/generated.js';
import { counterManifest, exchangeManifest } from '../../compiler-plugin/src/emit/__fixtures__/manifests.js';
writeFileSync('test/.tmp/counter.gen.ts', emitGenerated(counterManifest));
writeFileSync('test/.tmp/exchange.gen.ts', emitGenerated(exchangeManifest));
