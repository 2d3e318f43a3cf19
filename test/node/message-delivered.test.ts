// A message a transaction sends to a user reaches the user's mailbox and never gets a reply: its view says it was
// delivered, and in which block, in message_get and in its block's messages, before and after a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { RpcClient, Signer } from './support.js';

describe('a message sent to a user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-delivered-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is shown as delivered, with the block it reached the mailbox in', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    let rpc = await RpcClient.connect(started.url);
    const alice = new Signer(devAccount('alice'), 'sprocket-dev');
    const bob = devAccount('bob').address;
    const { messageId } = await rpc.call('message_send', {
      ...alice.sign({ kind: 'Send', to: bob, payload: new Uint8Array([7]), value: 0n, gasLimit: null, delay: 0 }),
    });
    const [entry] = await rpc.call('mailbox_get', { address: bob });
    expect(entry).toMatchObject({ messageId });
    const expected = { messageId, kind: 'Send', status: 'delivered', delivered: entry.block, replyCode: null, reply: null, gas: null };
    expect(await rpc.call('message_get', { messageId })).toMatchObject(expected);
    const block = await rpc.call('chain_block', { height: entry.block });
    expect(block.messages.find((m: { messageId: string }) => m.messageId === messageId)).toMatchObject(expected);

    // A message still on its way is pending, with no delivery block.
    const later = await rpc.call('message_send', {
      ...alice.sign({ kind: 'Send', to: bob, payload: new Uint8Array([8]), value: 0n, gasLimit: null, delay: 3 }),
    });
    expect(await rpc.call('message_get', { messageId: later.messageId })).toMatchObject({ status: 'pending', delivered: null });

    // The stored record keeps it across a restart.
    await rpc.close();
    await started.stop();
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    rpc = await RpcClient.connect(started.url);
    expect(await rpc.call('message_get', { messageId })).toMatchObject(expected);
    await rpc.close();
  });
});
