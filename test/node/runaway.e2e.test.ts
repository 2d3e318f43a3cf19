// Runaway contracts on a real node: uploaded code that recurses without end, awaits itself, grows its state
// without end, sends itself messages forever, spins inside a builtin that gas cannot see (before or after an
// await) or allocates hundreds of megabytes in single built-in calls ends with its own code, the node keeps serving, and the clock and Math.random inside contract code are the block's — so a
// restart replays to the same state root.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import { connect, devAccount, type GeneratedActor, requireGenerated } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import './runaway-actor.js';
import { RpcClient } from './support.js';

const def: GeneratedActor = requireGenerated('NodeRunaway');
const fn = (name: string) => def.services[0]!.functions.find((f) => f.name === name)!;

describe('runaway contracts on a node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-runaway-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends each with its code, keeps serving, and replays to the same root', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0, gas: { gasLimit: 5_000_000 } });
    const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
    let root: string;
    let address: `0x${string}`;
    try {
      const bundle = await bundleContract('test/node/runaway-actor.ts', { actor: 'NodeRunaway' });
      const codeId = await conn.uploadCode(bundle.code);
      address = await conn.deploy(codeId, def.constructors[0]!.encodeCall([]));
      const call = (name: string, args: unknown[] = [], gasLimit?: number): Promise<{ ok?: unknown; code?: string }> =>
        conn.call(address, fn(name).encodeCall(args), { gasLimit }).then(
          (r) => ({ ok: fn(name).decodeReply(r) }),
          (e: { code?: string }) => ({ code: e.code }),
        );
      expect(await call('Bump')).toEqual({ ok: 1 });
      expect(await call('Recurse')).toEqual({ code: 'STACK_LIMIT_EXCEEDED' });
      expect(await call('SelfAwait', [0])).toEqual({ code: 'CALL_DEPTH_EXCEEDED' });
      // A fifth of the node's gas limit: ends by gas in a fraction of a second, far from the wall-clock backstop even
      // on a loaded machine (allocation-heavy code runs slowly there).
      expect((await call('HoardState', [], 1_000_000)).code).toBe('OUT_OF_GAS');
      // Unmetered work (a backtracking regular expression inside one builtin call) is stopped by the wall-clock
      // backstop (limits.wallClockMs on the node), its write rolled back; the calls sent beside it are handled.
      const [before, stuck, after] = await Promise.all([call('Bump'), call('Backtrack'), call('Bump')]);
      expect([before, stuck, after]).toEqual([{ ok: 2 }, { code: 'WALL_CLOCK_EXCEEDED' }, { ok: 3 }]);
      // The same kind of work after an await (beyond the backstop): the node's regexp engine bounds it, so the call
      // answers (0: no match) and the node keeps serving.
      expect(await call('BacktrackAfterAwait')).toEqual({ ok: 0 });
      // A pattern that engine cannot run (the i flag) runs under a watchdog of its own there: the segment fails
      // with the backstop's code although the handler caught the error, and the node keeps serving.
      expect(await call('BacktrackCaselessAfterAwait')).toEqual({ code: 'WALL_CLOCK_EXCEEDED' });
      // Built-ins that allocate hundreds of megabytes in one call after an await pay for their bytes first: out of
      // gas before the first allocation, the handler catching it changes nothing.
      expect(await call('HoardHeapAfterAwait')).toEqual({ code: 'OUT_OF_GAS' });
      // The same through fill on an array-like, the join of a huge sparse array, a concat of many references.
      expect(await call('HoardArrayLikesAfterAwait')).toEqual({ code: 'OUT_OF_GAS' });
      // Every failure rolled back: only the bumps counted.
      expect(await call('Bump')).toEqual({ ok: 4 });

      // A self-send loop: each hop draws on what the one before had left, so it ends by gas; meanwhile full blocks
      // carry it over and the messages queued behind it still get their turn.
      const loop = await conn.send(address, fn('Loop').encodeCall([]));
      expect(await call('Bump')).toEqual({ ok: 5 });
      expect(loop).toMatch(/^0x/);
      for (let i = 0; i < 600 && started.node.executor.carriesWork; i++) await new Promise((r) => setTimeout(r, 50));
      expect(started.node.executor.carriesWork).toBe(false);

      // Clock and random generator: the block's time, a seeded sequence.
      const sample = await call('Sample');
      const [now, r1, r2] = JSON.parse(sample.ok as string) as [number, number, number];
      const rpc = await RpcClient.connect(started.url);
      const head = await rpc.call('chain_head');
      expect(now).toBeLessThanOrEqual(head.timestamp);
      expect(now).toBeGreaterThan(0);
      expect(r1).not.toBe(r2);
      expect(r1).toBeGreaterThanOrEqual(0);
      expect(r1).toBeLessThan(1);
      rpc.socket.close();
      await conn.send(address, fn('Bump').encodeCall([]));
      root = started.node.executor.blocks.head.stateRoot;
    } finally {
      conn.close();
    }
    const height = started.node.executor.height;
    await started.stop();
    started = undefined;
    // Restart: replay through the same metered code, clock and seeds gives the same root at the same height.
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const again = started.node.executor.blocks.get(height);
    if (again !== undefined) expect(again.stateRoot).toBe(root);
    expect(started.node.executor.height).toBeGreaterThanOrEqual(height);
  });
});
