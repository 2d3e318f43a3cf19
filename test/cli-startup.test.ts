// The CLI's verbs that never read actor sources (help, node, and calls through an .idl file) must not load
// TypeScript: loading it costs about a second of every invocation. Checked in a fresh process on the built CLI.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs the built CLI with `args` in a fresh process; returns the CommonJS modules it loaded whose path matches `pattern`. */
function loadedModules(args: readonly string[], pattern: string): string[] {
  const script = `
    const { createRequire } = await import('node:module');
    const { main } = await import('./compiler-plugin/dist/cli/main.js');
    await main(${JSON.stringify(args)}, { stdout: () => {}, stderr: () => {} });
    const ids = Object.keys(createRequire(import.meta.url).cache);
    process.stdout.write(JSON.stringify(ids.filter((id) => new RegExp(${JSON.stringify(pattern)}).test(id))));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out) as string[];
}

describe('CLI start-up', () => {
  it('help and IDL-only verbs do not load TypeScript', () => {
    expect(loadedModules(['--help'], 'ts-morph|typescript')).toEqual([]);
    const idl = 'compiler-plugin/src/idl/__fixtures__/demo.idl';
    expect(loadedModules(['encode', idl, 'Nope.Nothing', '[]'], 'ts-morph|typescript')).toEqual([]);
  });

  it('a verb that reads an actor source does load it (the check above can fail)', () => {
    expect(loadedModules(['idl', 'examples/counter/counter.ts'], 'ts-morph').length).toBeGreaterThan(0);
  });
});
