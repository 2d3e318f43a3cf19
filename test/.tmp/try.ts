import { writeFileSync } from 'node:fs';
import { emitGenerated } from '../../compiler-plugin/src/emit/generated.js';
import { counterManifest, exchangeManifest } from '../../compiler-plugin/src/emit/__fixtures__/manifests.js';
writeFileSync('compiler-plugin/src/emit/__fixtures__/counter.gen.ts', emitGenerated(counterManifest));
writeFileSync('compiler-plugin/src/emit/__fixtures__/exchange.gen.ts', emitGenerated(exchangeManifest));
