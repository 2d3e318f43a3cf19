import { writeFileSync } from 'node:fs';
import { emitGeneratedFile } from '../../compiler-plugin/src/emit/generated.js';
import { extractFromFiles } from '../../compiler-plugin/src/extract/index.js';
const t = Date.now();
const r = extractFromFiles(['examples/counter/counter.ts', 'examples/token/token.ts'], { rootDir: process.cwd() });
console.log(Date.now() - t, 'ms', r.diagnostics, r.manifests.map((m) => m.source + ':' + m.program?.name + ' ' + m.services[0]?.interfaceId));
writeFileSync('test/.tmp/c.gen.ts', emitGeneratedFile(r.manifests.filter(m => m.source.includes('counter'))));
writeFileSync('test/.tmp/t.gen.ts', emitGeneratedFile(r.manifests.filter(m => m.source.includes('token'))));
