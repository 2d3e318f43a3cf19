import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { instrumentGas } from '../gas/instrument.js';
import { load } from './hooks.js';

const ACTOR = `import { Actor, actor } from '@sprocket/sdk';\n\n@actor()\nexport class A extends Actor {\n  run(n: number): number {\n    for (let i = 0; i < n; i++) n--;\n    return n;\n  }\n}\n`;

/** Runs the hook on `file` whose next loader returns `source` in `format`. */
async function loadWith(file: string, source: string, format: 'module' | 'commonjs' = 'module'): Promise<string> {
  const next = vi.fn(async () => ({ format, source: new TextEncoder().encode(source), shortCircuit: true }));
  const result = await load(
    pathToFileURL(file).href,
    { conditions: [], format, importAttributes: {}, importAssertions: {} },
    next as never,
  );
  expect(next).toHaveBeenCalledOnce();
  const out = result.source;
  return typeof out === 'string' ? out : new TextDecoder().decode(out as Uint8Array);
}

describe('the script gas hook', () => {
  it('instruments an actor module exactly as the vitest plugin does', async () => {
    expect(await loadWith('/p/src/a.ts', ACTOR)).toBe(instrumentGas('/p/src/a.ts', ACTOR)?.code);
  });

  it('leaves libraries, build output, generated files, non-actor and non-TS modules alone', async () => {
    for (const file of ['/p/node_modules/x/a.ts', '/p/dist/a.ts', '/p/src/a.gen.ts', '/p/src/a.js'])
      expect(await loadWith(file, ACTOR)).toBe(ACTOR);
    expect(await loadWith('/p/src/plain.ts', 'export const f = (): number => 1;\n')).toBe('export const f = (): number => 1;\n');
  });

  it('leaves an actor module loaded as CommonJS unmetered, with a warning', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await loadWith('/p/src/cjs.ts', ACTOR, 'commonjs')).toBe(ACTOR);
      expect(String(write.mock.calls[0]?.[0])).toMatch(/cjs\.ts is loaded as CommonJS.*runs unmetered/);
    } finally {
      write.mockRestore();
    }
  });
});
