// Awaited calls to a sleeping handler on a --block-time 0 node: the node mines on while the caller waits, so the
// call ends as it does in the test kit; a call that gets no reply within its timeout fails with TIMEOUT, the node
// forgets that caller's wait at once (callers that gave up leave nothing behind) and stops mining for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import { connect, devAccount, type GeneratedActor, isCallError, type MessageId, requireGenerated } from '@sprocket/sdk';
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import './state-root-actor.js';
import { RpcClient } from './support.js';

const def: GeneratedActor = requireGenerated('RootProbe');
const nap = def.services[0]?.functions.find((f) => f.name === 'Nap');
const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-call-timeout-'));
let started: StartedNode | undefined;

/** A few turns of the event loop, in which a node that still mined would append a block. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The message id a node's TIMEOUT names (the CallError's cause carries the node's error data). */
function messageIdOf(error: unknown): MessageId {
  const id = (error as { cause?: { data?: { messageId?: MessageId } } }).cause?.data?.messageId;
  if (id === undefined) throw new TypeError('the TIMEOUT names no message id');
  return id;
}

afterAll(async () => {
  await started?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('fails a call that outlives its timeout with TIMEOUT and keeps no wait for it', async () => {
  if (nap === undefined) throw new TypeError('RootProbe has no Nap');
  started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
  const executor = started.node.executor;
  const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
  const rpc = await RpcClient.connect(started.url);
  try {
    const bundle = await bundleContract('test/node/state-root-actor.ts', { actor: 'RootProbe' });
    const codeId = await conn.uploadCode(bundle.code);
    const address = await conn.deploy(codeId, def.constructors[0]?.encodeCall([false]) as Uint8Array);
    // With --block-time 0 the node mines on while a caller waits for a reply that a sleep will bring.
    const height = executor.height;
    expect(nap.decodeReply(await conn.call(address, nap.encodeCall([3])))).toBe(1);
    expect(executor.height).toBe(height + 4);
    // The handler sleeps 4 blocks; the caller waits 1: TIMEOUT, its wait is forgotten, and the mining stops.
    const error = await conn.call(address, nap.encodeCall([4]), { timeout: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCallError(error) && error.code).toBe('TIMEOUT');
    // It names the function that timed out, as a TIMEOUT in process does.
    expect(error).toMatchObject({ route: 'RootProbe.Nap', reason: 'no reply within 1 block' });
    expect(executor.replyWaiterCount).toBe(0);
    const stopped = executor.height;
    await settle();
    expect(executor.height).toBe(stopped);
    // The message is still in flight and ends once its blocks pass, with nobody waiting for it any more.
    expect(executor.system.replyOf(messageIdOf(error))).toBeUndefined();
    await rpc.call('dev_mine', { blocks: 4 });
    expect(executor.system.replyOf(messageIdOf(error))?.ok).toBe(true);
    expect(executor.replyWaiterCount).toBe(0);
    // An actor's call to a user, who never replies, times out: dev_trace and the story show the TIMEOUT as the
    // system's, not as a reply alice sent.
    const ask = def.services[0]?.functions.find((f) => f.name === 'Ask');
    if (ask === undefined) throw new TypeError('RootProbe has no Ask');
    const asked = await conn.send(address, ask.encodeCall([devAccount('alice').address, 'k']));
    await rpc.call('dev_mine', { blocks: executor.system.replyTimeout + 2 });
    const { story } = await rpc.call<{ story: { type: string; messageId: MessageId; from: string; to: string }[] }>('message_get', {
      messageId: asked,
    });
    const timeouts = story.filter((s) => s.type === 'timeout');
    expect(timeouts).toEqual([expect.objectContaining({ from: '(system)', to: 'RootProbe' })]);
    const trace = await rpc.call<{ text: string }>('dev_trace', { messageId: timeouts[0]?.messageId });
    expect(trace.text).toMatch(/\] \(system\) -> RootProbe error TIMEOUT: no reply within \d+ blocks$/m);
    // A caller that closes its connection while it waits: its wait goes at once. Blocks come only from dev_mine here,
    // so the reply (5 blocks of sleep) cannot come in between.
    await rpc.call('dev_setBlockTime', { ms: 3_600_000 });
    const leaving = connect(started.url, { account: devAccount('bob'), WebSocket });
    const abandoned = leaving.call(address, nap.encodeCall([5])).catch((e: unknown) => e);
    for (let i = 0; i < 500 && executor.replyWaiterCount === 0; i++) {
      await rpc.call('dev_mine', { blocks: 1 });
      await settle();
    }
    expect(executor.replyWaiterCount).toBe(1);
    leaving.close();
    expect(await abandoned).toBeInstanceOf(Error);
    for (let i = 0; i < 500 && executor.replyWaiterCount > 0; i++) await settle();
    expect(executor.replyWaiterCount).toBe(0);
    // A dev command runs in the next block: mined here, as an hour-long block time would make none.
    const reset = rpc.call('dev_setBlockTime', { ms: 0 });
    await rpc.call('dev_mine', { blocks: 1 });
    await reset;
  } finally {
    conn.close();
    await rpc.close();
  }
}, 120_000);
