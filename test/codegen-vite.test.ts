// The vite/vitest plugin runs the generator at start and on watched changes, and fails on diagnostics.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sprocket } from '../compiler-plugin/src/vite/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'test', '.tmp', `vite-${process.pid}`);
const actor = (extra = ''): string => `import { Actor, actor, type u32 } from '@sprocket/sdk';

@actor()
export class Adder extends Actor {
  add(a: u32, b: u32): u32 {
    return a + b;
  }
${extra}}
`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Hook = (this: { warn(msg: string): void }, ...args: unknown[]) => void;

describe('sprocket() vite plugin', () => {
  it('generates at build start and again when a watched file changes', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'adder.ts'), actor());
    const plugin = sprocket();
    const warnings: string[] = [];
    const ctx = { warn: (m: string) => warnings.push(m) };
    (plugin.configResolved as unknown as (c: { root: string }) => void)({ root: dir });
    (plugin.buildStart as unknown as Hook).call(ctx, {});
    expect(readFileSync(join(dir, 'adder.gen.ts'), 'utf8')).toContain('export class AdderClient');

    writeFileSync(join(dir, 'adder.ts'), actor('\n  twice(a: u32): u32 {\n    return a * 2;\n  }\n'));
    (plugin.watchChange as unknown as Hook).call(ctx, join(dir, 'adder.ts'), { event: 'update' });
    expect(readFileSync(join(dir, 'adder.gen.ts'), 'utf8')).toContain('twice(a: u32');
    expect(warnings).toEqual([]);
  });

  it('reports diagnostics as errors with locations', () => {
    writeFileSync(join(dir, 'bad.ts'), actor('\n  oops(a: number): u32 {\n    return a;\n  }\n'));
    const plugin = sprocket();
    (plugin.configResolved as unknown as (c: { root: string }) => void)({ root: dir });
    expect(() => (plugin.buildStart as unknown as Hook).call({ warn: () => {} }, {})).toThrow(/bad\.ts:\d+:\d+ - error SPK/);
  });
});
