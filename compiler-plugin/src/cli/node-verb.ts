// `sprocket node …` lives in @sprocket/node (it needs SQLite and a server, which the generator must not depend on):
// this verb loads it on demand through a computed specifier, so tsc and bundlers add no dependency on it.
import { CliError } from './errors.js';

/**
 * Runs `sprocket node <args>` from @sprocket/node; a clear error when that package is not installed. `load` imports
 * the package (a parameter for tests).
 */
export async function nodeVerb(
  args: readonly string[],
  io: { stdout(text: string): void; stderr(text: string): void },
  load: (specifier: string) => Promise<unknown> = (specifier) => import(specifier),
): Promise<number> {
  const specifier = ['@sprocket', 'node/cli'].join('/');
  let mod: {
    runNodeCli(argv: readonly string[], io: { out(line: string): void; err(line: string): void }): Promise<number>;
  };
  try {
    mod = (await load(specifier)) as typeof mod;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliError('CLI_NODE_MISSING', '`sprocket node` needs the @sprocket/node package, which is not installed', {
        cause: error,
        // Not on npm yet, and `sprocket init` does not pack it: `npm install @sprocket/node` would fail.
        hint: '@sprocket/node is not published yet: run `npx sprocket node` in a Sprocket clone (after `npm install` there)',
      });
    }
    throw error;
  }
  // The CLI's own output streams, so `sprocket node --help` prints where every other verb's help does.
  return mod.runNodeCli(args, { out: (line) => io.stdout(`${line}\n`), err: (line) => io.stderr(`${line}\n`) });
}
