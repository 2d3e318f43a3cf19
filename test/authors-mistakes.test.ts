// The mistakes a contract author makes (a multisig written from the README), each caught where it is made
// with an error that says what to do: forgotten awaits, the after-await rollback rule, raw addresses in
// errors and traces, the two shapes of tagged unions, the decorator mode, replies read too early.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestSystem } from '@sprocket/runtime/testing';
import * as sdk from '@sprocket/sdk';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFromSource } from '../compiler-plugin/src/extract/index.js';
import { runCli } from '../compiler-plugin/src/index.js';
import { CounterClient } from '../examples/counter/counter.gen.js';
import { rejection } from './call-rejection.js';
import '../examples/counter/counter.js';
import { TokenClient } from '../examples/token/token.gen.js';
import '../examples/token/token.js';
import { Mover } from './authors/mover.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'test', '.tmp', `authors-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a forgotten await', () => {
  it('is a located diagnostic where it is written', () => {
    const source = `import { Actor, actor, type ActorId, type u32 } from '@sprocket/sdk';
import { CounterClient } from '../examples/counter/counter.gen.js';
@actor()
export class Wallet extends Actor {
  async move(peer: ActorId, amount: u32): Promise<string> {
    const r = CounterClient.at(this.ctx, peer).add(amount);
    if ('err' in r) return 'refused';
    return 'moved';
  }
}
`;
    const result = extractFromSource(join(root, 'test', 'wallet.ts'), source, { rootDir: root });
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ code: 'SPK1028', location: { file: 'test/wallet.ts', line: 6, column: 15 } });
    expect(d?.message).toContain('Wallet.move: r holds the promise of CounterClient.at(this.ctx, peer).add(...)');
    expect(d?.fix).toContain('const r = await CounterClient.at(this.ctx, peer).add(...)');
  });

  it('fails the handler at run time, naming the handler and the call; the segment rolls back', async () => {
    const sys = createTestSystem({ seed: 11 });
    const counter = await sys.deploy(CounterClient, 'new', [0]);
    const mover = await sys.deploy(Mover);
    const error = await rejection(mover.poke(counter.address));
    expect(error.code).toBe('HANDLER_FAILED');
    expect(error.reason).toBe(
      'Mover.poke returned without awaiting its call Counter.Add to Counter: the reply would be lost. ' +
        'Write `await` before the call (or return the promise); use `.send` for fire-and-forget',
    );
    await sys.runUntilIdle();
    expect(await counter.value()).toBe(0); // the dropped call was never sent
    expect(await mover.nudge(counter.address)).toBe(0); // `send` stays fire-and-forget; poke's write rolled back
    await sys.runUntilIdle();
    expect(await counter.value()).toBe(1);
  });
});

describe('errors a person can act on', () => {
  it('says that a failure after an await kept the earlier segments', async () => {
    const sys = createTestSystem({ seed: 12 });
    const counter = await sys.deploy(CounterClient, 'new', [0]);
    const mover = await sys.deploy(Mover);
    const error = await rejection(mover.addThenFail(counter.address));
    expect(error.reason).toBe('late failure');
    expect(error.message).toBe(
      'HANDLER_FAILED: Mover.AddThenFail on Mover: late failure (the failure came after an await: earlier segments stayed committed)',
    );
    expect(sys.trace()).toContain('the failure came after an await');
    expect(await counter.value()).toBe(1);
  });

  it('names actors and users by label in CallError messages and trace arguments, not by hex', async () => {
    const sys = createTestSystem({ seed: 13 });
    const alice = sys.user('alice');
    const bob = sys.user('bob');
    const token = await sys.deploy(TokenClient, 'new', [{ name: 'T', symbol: 'T', decimals: 0 }, 10n], { from: alice });
    await TokenClient.at(alice, token.address).transfer(bob.id, 3n);
    expect(sys.trace()).toContain('Token.Transfer["bob","3"]');
    expect(sys.trace()).not.toContain(bob.id);
    const counter = await sys.deploy(CounterClient, 'new', [0]);
    const second = await sys.deploy(CounterClient, 'new', [0]);
    const error = await rejection(second.sub(1));
    expect(error.message).toBe('HANDLER_FAILED: Counter.Sub on Counter#2: underflow: 0 - 1');
    expect(error.actor).toBe(second.address);
    expect(counter.address).not.toBe(second.address);
  });

  it('hints at runUntilIdle when a sent message has no reply yet', async () => {
    const sys = createTestSystem({ seed: 14 });
    const counter = await sys.deploy(CounterClient, 'new', [0]);
    const id = counter.send.add(1);
    expect(() => sys.expectReply(id)).toThrow(/has no reply yet.*await sys\.runUntilIdle\(\)/);
    await sys.runUntilIdle();
    expect(sys.expectReply(id)).toMatchObject({ ok: true });
  });

  it('names a decorator-mode mismatch: enable experimentalDecorators', () => {
    const source = `const { Actor, actor, init } = require('@sprocket/sdk');
@actor()
class Wallet extends Actor {
  @init() create() {}
}
exports.Wallet = Wallet;`;
    // Compiled without experimentalDecorators: TypeScript emits standard (TC39) decorators.
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } });
    const load = new Function('require', 'exports', js.outputText) as (r: (id: string) => unknown, e: object) => void;
    expect(() => load(() => sdk, {})).toThrow(
      /@init\(\) on method create ran as a standard \(TC39\) decorator: enable experimentalDecorators/,
    );
  });
});

describe('one shape for tagged unions', () => {
  const VAULT = `import { Actor, actor, type ActorId, type u64 } from '@sprocket/sdk';
export type Asset = { kind: 'Native' } | { kind: 'Token'; id: ActorId } | { kind: 'Nft'; collection: ActorId; serial: u64 };
@actor()
export class Vault extends Actor {
  store(asset: Asset): u64 { return 0n; }
}
`;
  const run = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
    return { code, stdout, stderr };
  };
  const A = `0x${'ab'.repeat(32)}`;

  it('the CLI accepts the TypeScript shape {kind: …} like the JSON form, and shows the JSON form when it refuses', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'vault.ts'), VAULT);
    const json = await run('encode', 'vault.ts', 'Vault.Store', JSON.stringify([{ Nft: { collection: A, serial: '7' } }]));
    const tsShape = await run('encode', 'vault.ts', 'Vault.Store', JSON.stringify([{ kind: 'Nft', collection: A, serial: '7' }]));
    expect(json.code).toBe(0);
    expect(tsShape).toEqual(json);
    const bad = await run('encode', 'vault.ts', 'Vault.Store', JSON.stringify([{ kind: 'Coin' }]));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"Native" | {"Token": {"id": …}} | {"Nft": {"collection": …, "serial": …}}');
  });
});
