// A call through the node that gets no reply within its timeout fails with TIMEOUT, and the node forgets that
// caller's wait at once: callers that gave up leave nothing behind, even when the reply never comes.
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

/** Waits (bounded) until `ready` holds; the node works in its own turns of the event loop. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!ready()) throw new TypeError('the node did not get there within 10 s');
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
    // The handler sleeps 4 blocks; the caller waits 1. With --block-time 0 only inputs make blocks: dev_mine them.
    const outcome = conn.call(address, nap.encodeCall([4]), { timeout: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await until(() => executor.replyWaiterCount === 1);
    await rpc.call('dev_mine', { blocks: 2 });
    const error = await outcome;
    expect(isCallError(error) && error.code).toBe('TIMEOUT');
    expect(executor.replyWaiterCount).toBe(0);
    // The message is still in flight and ends once its blocks pass; nobody waits for it any more.
    await rpc.call('dev_mine', { blocks: 4 });
    expect(executor.system.replyOf(messageIdOf(error))?.ok).toBe(true);
    expect(executor.replyWaiterCount).toBe(0);
  } finally {
    conn.close();
    await rpc.close();
  }
}, 120_000);
