// Hostile code on a real node: uploads whose top level throws, loops without end (also catching the signal) or
// starts a promise chain that never ends; two actors in one code; an actor that stores state nested 100,000 deep
// (which once stopped block production: the state root's encoding recursed), odd values, and a reply larger than
// a message may be. Each upload is refused with its reason, the node keeps serving, `sprocket node verify`
// re-executes the log to every stored root, and a restart comes back at the same root.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import { runNodeCli } from '@sprocket/node/cli';
import { type CallError, connect, devAccount, type GeneratedActor, requireGenerated } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { killed, startChildNode } from '../node/child-node.js';
import './node-hostile-actor.js';

const def: GeneratedActor = requireGenerated('NodeHostile');

/** A dev node in a child process on `dir`, remembered in `children` for the cleanup; resolves with its URL once it serves. */
async function startChild(dir: string, children: ChildProcess[]): Promise<string> {
  const { child, url } = await startChildNode(dir);
  children.push(child);
  return url;
}
const fn = (name: string) => def.services[0]!.functions.find((f) => f.name === name)!;

describe('hostile code on a node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-adversary-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses hostile uploads with a reason, survives hostile state and replies, verifies and restarts at the same root', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const bundle = await bundleContract('test/adversary/node-hostile-actor.ts', { actor: 'NodeHostile' });
    const base = new TextDecoder().decode(bundle.code);
    let root: string;
    let count: unknown;
    const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
    try {
      const refusal = (text: string): Promise<string> =>
        conn.uploadCode(new TextEncoder().encode(text)).then(
          () => 'accepted',
          (e: CallError) => `${e.code}: ${e.reason}`,
        );
      expect(await refusal(`${base}\nthrow new Error('at the top');`)).toBe('SPAWN_FAILED: its top level threw: at the top');
      expect(await refusal(`${base}\nmodule.exports.Other = module.exports.NodeHostile;`)).toMatch(
        /^SPAWN_FAILED: module.exports holds 2 actor classes/,
      );
      const loop = 'SPAWN_FAILED: its top level used more than 50000000 gas when it was loaded (a loop without end?)';
      expect(await refusal(`${base}\nfor (;;) {}`)).toBe(loop);
      expect(await refusal(`${base}\ntry { for (;;) {} } catch {}`)).toBe(loop);
      // A promise chain without end started at the top level: the code loads, the chain is stopped by gas.
      expect(await refusal(`${base}\n(async () => { for (;;) { await null; } })();`)).toBe('accepted');

      const codeId = await conn.uploadCode(bundle.code);
      const address = await conn.deploy(codeId, def.constructors[0]!.encodeCall([]));
      const callOn =
        (to: typeof address) =>
        (name: string, args: unknown[] = []): Promise<unknown> =>
          conn.call(to, fn(name).encodeCall(args)).then(
            (r) => fn(name).decodeReply(r),
            (e: CallError) => `${e.code}: ${e.reason}`,
          );
      const call = callOn(address);

      // Code that rebinds its realm's Date at the top level does not make its own class data: the node took the
      // realm's intrinsics before the code ran, so a Date of that class is refused in state like any subclass.
      const rebound = await conn.uploadCode(new TextEncoder().encode(`${base}\nglobalThis.Date = class FakeDate extends Date {};`));
      const sneaky = callOn(await conn.deploy(rebound, def.constructors[0]!.encodeCall([])));
      expect(await sneaky('Odd')).toMatch(
        /^HANDLER_FAILED: NodeHostile\.odd: field "cfg": cannot hold an instance of FakeDate, a subclass of Date/,
      );
      expect(await sneaky('Bump')).toBe(1);
      expect(await call('Bump')).toBe(1);
      expect(await call('Odd')).toBe(1);
      // A symbol made in the code's realm is refused like one of the host's; the bump before it rolls back.
      expect(await call('Tag')).toMatch(/^HANDLER_FAILED: NodeHostile\.tag: field "cfg": cannot hold a symbol /);
      expect(await call('Deep', [100_000])).toBe(100_000);
      // The node still makes blocks after state it must hash 100,000 levels deep.
      expect(await call('Bump')).toBe(2);
      expect(await call('Big', [9 * 1024 * 1024])).toMatch(
        /^PAYLOAD_LIMIT_EXCEEDED: NodeHostile\.big: its reply of 9437\d{3} bytes is larger than a message may be \(maxPayloadBytes 8388608\)/,
      );
      expect(await call('Bump')).toBe(3);
      count = await call('Bump');
      root = started.node.executor.blocks.head.stateRoot;
    } finally {
      conn.close();
    }
    expect(count).toBe(4);
    await started.stop();
    started = undefined;

    const lines: string[] = [];
    expect(await runNodeCli(['verify', '--data', dir], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
    expect(lines.join('\n')).toMatch(/verified .*stored roots/);

    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    expect(started.node.executor.blocks.head.stateRoot).toBe(root);
  }, 120_000);

  it('survives kill -9 while it hashes deep state, and verifies every stored root', async () => {
    const crashDir = mkdtempSync(join(tmpdir(), 'sprocket-adversary-kill-'));
    const children: ChildProcess[] = [];
    try {
      const bundle = await bundleContract('test/adversary/node-hostile-actor.ts', { actor: 'NodeHostile' });
      let conn = connect(await startChild(crashDir, children), { account: devAccount('alice'), WebSocket });
      const codeId = await conn.uploadCode(bundle.code);
      const address = await conn.deploy(codeId, def.constructors[0]!.encodeCall([]));
      // Sends acknowledged (logged) before the kill; the node dies while it executes them.
      for (let i = 0; i < 5; i++) {
        await conn.send(address, fn('Deep').encodeCall([20_000 + i]));
        await conn.send(address, fn('Bump').encodeCall([]));
      }
      conn.close();
      await killed(children[0] as ChildProcess);

      conn = connect(await startChild(crashDir, children), { account: devAccount('alice'), WebSocket });
      try {
        // Every acknowledged bump ran exactly once, and the node goes on.
        expect(fn('Value').decodeReply(await conn.query(address, fn('Value').encodeCall([])))).toBe(5);
        expect(fn('Bump').decodeReply(await conn.call(address, fn('Bump').encodeCall([])))).toBe(6);
      } finally {
        conn.close();
      }
      await killed(children[1] as ChildProcess);
      const lines: string[] = [];
      expect(await runNodeCli(['verify', '--data', crashDir], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
      expect(lines.join('\n')).toMatch(/verified .*stored roots/);
    } finally {
      for (const c of children) await killed(c);
      rmSync(crashDir, { recursive: true, force: true });
    }
  }, 120_000);
});
