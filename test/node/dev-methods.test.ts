// Dev controls (anvil-style) and subscriptions: every dev_* is a logged input, so a restart replays it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount, fromHex, toHex } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { bundleActor, RpcClient, Signer } from './support.js';

const svc = CounterClient.definition.services[0]!;
const fn = (name: string) => svc.functions.find((f) => f.name === name)!;

describe('dev methods and subscriptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-dev-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mines, mints, snapshots and reverts, traces, streams blocks and mailboxes, and replays it all after a restart', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    const alice = new Signer(devAccount('alice'), 'sprocket-dev');
    const bob = devAccount('bob');
    const blocks: { height: number }[] = [];
    await rpc.subscribe({ topic: 'blocks' }, (b) => blocks.push(b));
    const mail: { from: string; payload: string }[] = [];
    await rpc.subscribe({ topic: 'mailbox', address: bob.address }, (m) => mail.push(m));

    const { height } = await rpc.call('dev_mine', { blocks: 3 });
    expect(height).toBe(3);
    expect(blocks.map((b) => b.height)).toEqual([1, 2, 3]);

    const minted = await rpc.call('dev_mint', { address: bob.address, value: '5' });
    expect(minted.balance).toBe((10n ** 24n + 5n).toString());

    await rpc.call(
      'message_send',
      alice.sign({ kind: 'Send', to: bob.address, payload: new Uint8Array([9, 9]), value: 7n, gasLimit: null, delay: 0 }),
    );
    expect(mail).toMatchObject([{ from: alice.account.address, payload: '0x0909', value: '7' }]);
    expect(await rpc.call('mailbox_get', { address: bob.address })).toMatchObject([{ from: alice.account.address, payload: '0x0909' }]);

    const { codeId } = await rpc.call(
      'code_upload',
      alice.sign({ kind: 'UploadCode', code: await bundleActor('examples/counter/counter.ts', 'Counter') }),
    );
    const ctor = CounterClient.definition.constructors.find((c) => c.name === 'New')!;
    const { address } = await rpc.call(
      'actor_deploy',
      alice.sign({ kind: 'Deploy', codeId, payload: ctor.encodeCall([1]), value: 0n, salt: new Uint8Array([1]), gasLimit: null }),
    );
    const value = async (c: RpcClient): Promise<number> =>
      fn('Value').decodeReply(
        fromHex((await c.call('actor_query', { to: address, payload: toHex(fn('Value').encodeCall([])) })).reply),
      ) as number;

    const { id } = await rpc.call('dev_snapshot');
    const added = await rpc.call(
      'message_call',
      alice.sign({ kind: 'Call', to: address, payload: fn('Add').encodeCall([41]), value: 0n, gasLimit: null, timeout: null }),
    );
    expect(await value(rpc)).toBe(42);
    const trace = await rpc.call('dev_trace', { messageId: added.messageId });
    expect(trace.text).toContain('Counter.Add');
    // An id the chain never gave is refused, as message_get refuses it, instead of an empty trace.
    const unknown = await rpc
      .call('dev_trace', { messageId: `0x${'ab'.repeat(32)}` })
      .catch((e: { data: { code: string; path: string } }) => e.data);
    expect(unknown).toMatchObject({ code: 'INVALID_PARAMS', path: 'messageId' });
    await rpc.call('dev_revert', { id });
    expect(await value(rpc)).toBe(1);
    const code = await rpc.call('dev_revert', { id: 99 }).catch((e: { data: { code: string } }) => e.data.code);
    expect(code).toBe('INVALID_PARAMS');

    await rpc.call('dev_setBlockTime', { ms: 20 });
    const seen = blocks.length;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no block from the block timer')), 10_000);
      const poll = setInterval(() => {
        if (blocks.length > seen + 1) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        }
      }, 5);
    });
    await rpc.call('dev_setBlockTime', { ms: 0 });
    expect((await rpc.call('node_info')).blockTime).toBe(0);
    await rpc.call('dev_mine', { blocks: 1 });
    const head = await rpc.call('chain_head');
    await rpc.close();
    await started.stop();

    started = await startNode({ dataDir: dir, port: 0, dev: true });
    const again = await RpcClient.connect(started.url);
    expect((await again.call('chain_block', { height: head.height })).stateRoot).toBe(head.stateRoot);
    expect(await value(again)).toBe(1);
    expect((await again.call('account_get', { address: bob.address })).balance).toBe((10n ** 24n + 12n).toString());
    await again.close();
  });

  it('answers a dev command at once on a node with a long block time: its block is made then', async () => {
    const slowDir = mkdtempSync(join(tmpdir(), 'sprocket-dev-slow-'));
    const slow = await startNode({ dataDir: slowDir, port: 0, dev: true, blockTime: 3_600_000 });
    try {
      const rpc = await RpcClient.connect(slow.url);
      const bob = devAccount('bob');
      const before = slow.node.executor.height;
      const minted = await rpc.call('dev_mint', { address: bob.address, value: '5' });
      expect(minted.balance).toBe((10n ** 24n + 5n).toString());
      expect(slow.node.executor.height).toBe(before + 1);
      await rpc.call('dev_setBlockTime', { ms: 0 });
      expect((await rpc.call('node_info')).blockTime).toBe(0);
      await rpc.close();
    } finally {
      await slow.stop();
      rmSync(slowDir, { recursive: true, force: true });
    }
  });
});
