// bundleContract: an actor module becomes the CommonJS code a node runs (docs/rpc.md "Code"), with its generated
// definitions inside; evaluated with only `@sprocket/sdk` to require, it exports working @actor classes.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vm from 'node:vm';
import * as sdk from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleContract } from '../../compiler-plugin/src/bundle/index.js';

const repo = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'sprocket-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'node_modules/@sprocket'), { recursive: true });
symlinkSync(join(repo, 'sdk'), join(dir, 'node_modules/@sprocket/sdk'), 'dir');
writeFileSync(join(dir, 'package.json'), '{ "name": "bundle-fixture", "type": "module" }');

/** Evaluates CommonJS text in a fresh context whose `require` gives only the sdk. */
function evaluate(code: Uint8Array): Record<string, unknown> {
  const required: string[] = [];
  const module = { exports: {} as Record<string, unknown> };
  const context = vm.createContext({});
  const wrapper = vm.runInContext(`(function (module, exports, require) {\n${new TextDecoder().decode(code)}\n})`, context) as (
    m: typeof module,
    e: unknown,
    r: (id: string) => unknown,
  ) => void;
  wrapper(module, module.exports, (id) => {
    required.push(id);
    if (id !== '@sprocket/sdk') throw new Error(`unexpected require(${id})`);
    return sdk;
  });
  expect([...new Set(required)]).toEqual(['@sprocket/sdk']);
  return module.exports;
}

describe('bundleContract', () => {
  it('bundles the counter example with its generated definitions; the exports are @actor classes', async () => {
    const { code, actors } = await bundleContract(join(repo, 'examples/counter/counter.ts'));
    expect(actors).toEqual(['Counter', 'Relay']);
    const text = new TextDecoder().decode(code);
    expect(text).toContain('require("@sprocket/sdk")');
    expect(text).not.toMatch(/require\("(?!@sprocket\/sdk")/);
    const exports = evaluate(code);
    const Counter = exports.Counter as new () => unknown;
    expect(typeof Counter).toBe('function');
    expect(sdk.getActorMetadata(Counter)).toBeDefined();
    const definition = sdk.requireGenerated('Counter');
    expect(definition.name).toBe('Counter');
    expect(definition.services[0]?.interfaceId).toBe('0x579d6daba41b7d82');
    // The same source gives the same bytes (a CodeId is their hash).
    expect((await bundleContract(join(repo, 'examples/counter/counter.ts'))).code).toEqual(code);
  });

  it('exports only the chosen actor (node code holds one), and names the actors when the choice is unknown', async () => {
    const counter = join(repo, 'examples/counter/counter.ts');
    const only = await bundleContract(counter, { actor: 'Relay' });
    expect(only.actors).toEqual(['Relay']);
    expect(Object.keys(evaluate(only.code))).toEqual(['Relay']);
    await expect(bundleContract(counter, { actor: 'Nope' })).rejects.toMatchObject({
      code: 'BUNDLE_NO_ACTOR',
      message: expect.stringContaining('Counter, Relay'),
    });
  });

  it('generates the definitions in memory when no *.gen.ts is beside the file', async () => {
    const file = join(dir, 'greeter.ts');
    writeFileSync(
      file,
      `import { Actor, actor, type u32 } from '@sprocket/sdk';
@actor()
export class Greeter extends Actor {
  private n: u32 = 0;
  greet(name: string): string { this.n += 1; return \`hello \${name} #\${this.n}\`; }
}
`,
    );
    const { code, actors } = await bundleContract(file, { tsconfig: join(repo, 'tsconfig.json') });
    expect(actors).toEqual(['Greeter']);
    const exports = evaluate(code);
    expect(sdk.getActorMetadata(exports.Greeter as new () => unknown)).toBeDefined();
    const definition = sdk.requireGenerated('Greeter');
    expect(definition.services[0]?.functions.map((f) => f.name)).toEqual(['Greet']);
  });

  it('gives the same bytes wherever the project lives (no absolute path in the bundle)', async () => {
    const source = `import { Actor, actor, type u32 } from '@sprocket/sdk';
@actor()
export class Tally extends Actor {
  private n: u32 = 0;
  add(by: u32): u32 { this.n += by; return this.n; }
}
`;
    const bundles: string[] = [];
    for (const where of ['one', 'another/place']) {
      const project = join(dir, 'where', where);
      mkdirSync(join(project, 'node_modules/@sprocket'), { recursive: true });
      mkdirSync(join(project, 'src'));
      symlinkSync(join(repo, 'sdk'), join(project, 'node_modules/@sprocket/sdk'), 'dir');
      writeFileSync(join(project, 'package.json'), '{ "name": "tally", "type": "module" }');
      writeFileSync(join(project, 'src/tally.ts'), source);
      const text = new TextDecoder().decode(
        (await bundleContract(join(project, 'src/tally.ts'), { tsconfig: join(repo, 'tsconfig.json') })).code,
      );
      expect(text).not.toContain(dir);
      expect(text).toContain('src/tally.gen.ts');
      bundles.push(text);
    }
    expect(bundles[1]).toBe(bundles[0]);
  });

  it('refuses a module that imports Node APIs, a missing file and a tsconfig without experimentalDecorators', async () => {
    const file = join(dir, 'leaky.ts');
    writeFileSync(
      file,
      `import { readFileSync } from 'node:fs';
import { Actor, actor } from '@sprocket/sdk';
@actor()
export class Leaky extends Actor {
  read(path: string): string { return String(readFileSync(path)); }
}
`,
    );
    await expect(bundleContract(file, { tsconfig: join(repo, 'tsconfig.json') })).rejects.toMatchObject({
      code: 'BUNDLE_FAILED',
      message: expect.stringContaining('node:fs'),
    });
    await expect(bundleContract(join(dir, 'missing.ts'))).rejects.toMatchObject({ code: 'BUNDLE_NO_FILE' });
    const tsconfig = join(dir, 'tsconfig.tc39.json');
    writeFileSync(tsconfig, '{ "compilerOptions": { "target": "ES2022" } }');
    await expect(bundleContract(join(dir, 'greeter.ts'), { tsconfig })).rejects.toMatchObject({
      code: 'BUNDLE_BAD_TSCONFIG',
      message: expect.stringContaining('experimentalDecorators'),
    });
  });
});
