// Gas metering of actor modules that Node loads as CommonJS (a package without `"type": "module"`). Such a module
// never passes through the ES module hook (./hooks.ts): `require` goes straight to tsx's `.ts` handler, which reads
// the file and transpiles it. So the handler is wrapped: it reads the source first, instruments an actor module with
// the transform the hook and the vitest plugin use, and serves the text to tsx's own read of the file (every module's,
// so none is read twice). tsx then transpiles exactly what it transpiles for an ES module, with the user's tsconfig
// and its source map.
//
// tsx publishes no API that transpiles a given text, hence the read is answered, scoped to the one file being
// loaded. If a tsx version stops reading through `fs.readFileSync`, the module is not served: it then runs
// unmetered and the warning says so, as it did before this path existed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { isMeteredModule } from '../gas/select.js';

type Loader = (this: unknown, module: unknown, filename: string) => unknown;
type Instrument = typeof import('../gas/instrument.js');

/** The instrumented text of the file being loaded, while tsx's handler runs for it. */
let serving: { readonly file: string; readonly code: string; served: boolean } | undefined;

/** Loaded on the first CommonJS actor module only: a script without one never pays for the TypeScript parser. */
let instrument: Instrument | undefined;

function instrumentModule(): Instrument {
  // The instrument module is an ES module without top-level await: Node >= 20.19 loads it through `require`.
  instrument ??= createRequire(import.meta.url)('../gas/instrument.js') as Instrument;
  return instrument;
}

/** Answers tsx's read of the file being loaded with its instrumented text; every other read is Node's own. */
function readFileSyncServing(this: unknown, ...args: Parameters<typeof fs.readFileSync>): ReturnType<typeof fs.readFileSync> {
  const entry = serving;
  const [path, options] = args;
  if (entry !== undefined && path === entry.file && (options === 'utf8' || options === 'utf-8')) {
    entry.served = true;
    return entry.code;
  }
  return realReadFileSync.apply(this, args);
}

const realReadFileSync = fs.readFileSync;

function warn(text: string): void {
  process.stderr.write(`${text}\n`);
}

/**
 * Wraps the `.ts` and `.cts` handlers tsx installed on `require` so that actor modules loaded as CommonJS are metered
 * like ES modules. Call once, after tsx is registered.
 */
export function meterCommonJsModules(extensions: Record<string, Loader | undefined>): void {
  for (const ext of ['.ts', '.cts']) {
    const original = extensions[ext];
    if (original === undefined) continue;
    extensions[ext] = function meteredLoad(this: unknown, module: unknown, filename: string): unknown {
      const file = filename.split('?')[0] ?? filename;
      let source: string;
      try {
        source = realReadFileSync(file, 'utf8');
      } catch {
        return original.call(this, module, filename);
      }
      // `.cts` is CommonJS TypeScript: metered by the same rule as `.ts`.
      const selected = isMeteredModule(file.endsWith('.cts') ? `${file.slice(0, -4)}.ts` : file, source);
      let code = source;
      if (selected) {
        const { instrumentGas, unmeteredImports } = instrumentModule();
        const libraries = unmeteredImports(file, source);
        if (libraries.length > 0) {
          warn(
            `sprocket: ${file} imports ${libraries.join(', ')}; library code is not gas-metered in scripts (only the actor module's own code is)`,
          );
        }
        code = instrumentGas(file, source)?.code ?? source;
      }
      // Every module's text is served, metered or not: tsx then does not read the file a second time.
      const entry = { file, code, served: false };
      const outer = serving;
      serving = entry;
      if (fs.readFileSync !== readFileSyncServing) fs.readFileSync = readFileSyncServing as typeof fs.readFileSync;
      try {
        return original.call(this, module, filename);
      } finally {
        serving = outer;
        if (selected && !entry.served) {
          warn(
            `sprocket: ${file} is loaded as CommonJS and this tsx version did not read it through the gas hook; it runs unmetered (make it an ES module)`,
          );
        }
      }
    };
  }
}
