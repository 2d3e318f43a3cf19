// The node's history on disk: with small in-memory windows, old blocks and messages are answered from the
// database exactly as they were answered when new, the windows stay at their size, and after a restart from a
// checkpoint `message_get` still knows messages from before it (a message in flight across it included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode, verifyChain } from '@sprocket/node';
import { devAccount } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { bundleActor, RpcClient, Signer } from './support.js';

const add = CounterClient.definition.services[0]!.functions.find((f) => f.name === 'Add')!;
const WINDOW = { blocks: 4, messages: 3 };
const options = (dir: string) => ({ dataDir: dir, port: 0, dev: true, blockTime: 0, checkpointEvery: 1, history: WINDOW });

/** `message_get` without what comes from the runtime's trace window (empty after a restart). */
function receipt(view: Record<string, unknown>): Record<string, unknown> {
  const { story: _story, sent: _sent, rolledBack: _rolledBack, ...rest } = view;
  return rest;
}

describe('history on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-history-'));
  let started: StartedNode | undefined;
  let rpc: RpcClient | undefined;
  afterAll(async () => {
    await rpc?.close();
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves old blocks and messages from the database, keeps the windows bounded, and keeps messages across a checkpoint restart', async () => {
    started = await startNode(options(dir));
    rpc = await RpcClient.connect(started.url);
    const alice = new Signer(devAccount('alice'), (await rpc.call('node_info')).chainId);
    const codeId = (
      await rpc.call('code_upload', alice.sign({ kind: 'UploadCode', code: await bundleActor('examples/counter/counter.ts', 'Counter') }))
    ).codeId;
    const ctor = CounterClient.definition.constructors[0]!;
    const counter = (
      await rpc.call(
        'actor_deploy',
        alice.sign({ kind: 'Deploy', codeId, payload: ctor.encodeCall([0]), value: 0n, salt: new Uint8Array(), gasLimit: null }),
      )
    ).address;
    const send = (n: number, delay = 0) =>
      alice.sign({ kind: 'Send', to: counter, payload: add.encodeCall([n]), value: 0n, gasLimit: null, delay });

    // Each answer as given while the message is new (in memory).
    const fresh = new Map<string, Record<string, unknown>>();
    for (let i = 1; i <= 10; i++) {
      const { messageId } = await rpc.call('message_send', send(i));
      fresh.set(messageId, await rpc.call('message_get', { messageId }));
    }
    const first = [...fresh.keys()][0] as string;
    expect(fresh.get(first)).toMatchObject({ status: 'ok', events: [{ name: 'Added' }] });
    const head = (await rpc.call('chain_head')).height as number;
    const blocks: unknown[] = [];
    for (let h = 0; h <= head; h++) blocks.push(await rpc.call('chain_block', { height: h }));

    // Memory holds the windows only; older records come from the database, answered the same.
    const executor = started.node.executor;
    expect(executor.blocks.size).toBeLessThanOrEqual(WINDOW.blocks);
    expect(executor.messages.size).toBeLessThanOrEqual(WINDOW.messages);
    for (const [messageId, view] of fresh) expect(await rpc.call('message_get', { messageId })).toEqual(view);
    expect(blocks.length).toBeGreaterThan(WINDOW.blocks * 2);
    for (let h = 0; h <= head; h++) expect(await rpc.call('chain_block', { height: h })).toEqual(blocks[h]);

    // A delayed message in flight at the newest checkpoint: its outcome comes after the restart.
    const delayed = (await rpc.call('message_send', send(100, 3))).messageId as string;
    const pending = await rpc.call('message_get', { messageId: delayed });
    expect(pending).toMatchObject({ status: 'pending', events: [] });
    await rpc.close();
    await started.stop();

    started = await startNode(options(dir));
    expect(started.node.resumedFrom).toBe(pending.block);
    rpc = await RpcClient.connect(started.url);
    for (const [messageId, view] of fresh) expect(receipt(await rpc.call('message_get', { messageId }))).toEqual(receipt(view));
    for (let h = 0; h <= head; h++) expect(await rpc.call('chain_block', { height: h })).toEqual(blocks[h]);
    await rpc.call('dev_mine', { blocks: 4 });
    const handled = await rpc.call('message_get', { messageId: delayed });
    expect(handled).toMatchObject({ status: 'ok', events: [{ name: 'Added' }] });
    await rpc.close();
    await started.stop();

    // Once more from the newer checkpoint: the delayed message's outcome was stored with its block.
    started = await startNode(options(dir));
    expect(started.node.resumedFrom).toBeGreaterThan(head);
    rpc = await RpcClient.connect(started.url);
    expect(receipt(await rpc.call('message_get', { messageId: delayed }))).toEqual(receipt(handled));
    expect(receipt(await rpc.call('message_get', { messageId: first }))).toEqual(receipt(fresh.get(first) as Record<string, unknown>));
    await rpc.close();
    rpc = undefined;
    await started.stop();
    started = undefined;
    expect((await verifyChain(dir)).checked).toBeGreaterThan(head);
  });
});
