// The module-customization hook that meters contract code in scripts (registered by ./index.ts). It sits between
// tsx and Node's own loader: tsx's `load` asks it for a module's source, it takes the TypeScript text from Node,
// instruments an actor module with the same transform and the same selection as the vitest plugin, and hands the
// result back to tsx, which transpiles it. Charges are inserted on the lines they belong to, so the line numbers
// of tsx's source map (and of stack traces) stay right. Runs on Node's hooks thread.
import type { LoadFnOutput, LoadHook } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMeteredModule } from '../gas/select.js';

/** Warnings already printed (one per module and library). */
const warned = new Set<string>();

function warnOnce(key: string, text: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  process.stderr.write(`${text}\n`);
}

function sourceText(source: LoadFnOutput['source']): string | undefined {
  if (source === undefined || source === null) return undefined;
  return typeof source === 'string' ? source : Buffer.from(source as Uint8Array).toString('utf8');
}

/** Node's `load` hook: the source of a metered actor module comes back instrumented; every other module is left alone. */
export const load: LoadHook = async (url, context, nextLoad) => {
  const loaded = await nextLoad(url, context);
  if (!url.startsWith('file:')) return loaded;
  const file = fileURLToPath(url);
  if (!file.endsWith('.ts')) return loaded;
  const code = sourceText(loaded.source);
  if (code === undefined || !isMeteredModule(file, code)) return loaded;
  const format: string | null | undefined = loaded.format;
  if (format !== 'module' && format !== 'module-typescript') {
    warnOnce(file, `sprocket: ${file} is loaded as CommonJS, which the gas hook does not see; it runs unmetered (make it an ES module)`);
    return loaded;
  }
  // Loaded on the first actor module only: a script without contracts never pays for the TypeScript parser.
  const { instrumentGas, unmeteredImports } = await import('../gas/instrument.js');
  const libraries = unmeteredImports(file, code);
  if (libraries.length > 0)
    warnOnce(
      file,
      `sprocket: ${file} imports ${libraries.join(', ')}; library code is not gas-metered in scripts (only the actor module's own code is)`,
    );
  const metered = instrumentGas(file, code);
  return metered === undefined ? loaded : { ...loaded, source: metered.code };
};
