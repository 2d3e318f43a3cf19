import { parseIdl, emitIdl } from '../../compiler-plugin/src/idl/index.js';
import { extractFromFiles } from '../../compiler-plugin/src/extract/index.js';
const r = extractFromFiles(['examples/counter/counter.ts'], { rootDir: process.cwd() });
const text = r.manifests.map(emitIdl).join('\n');
try { const m = parseIdl(text, 'x.idl'); console.log('ok', m.program?.name, m.services.map(s=>s.name)); } catch (e) { console.log(String(e)); }
