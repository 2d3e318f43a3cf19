// Messages a transaction sends to a user land in the user's mailbox and never get a reply: the node's in-memory
// message records must still stay within their window, however many such messages it handles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SprocketNode } from '@sprocket/node';
import { devAccount, fromHex } from '@sprocket/sdk';
import { afterAll, expect, it } from 'vitest';
import { Signer } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-user-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps no record in memory beyond the message window for messages sent to users', async () => {
  const node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, history: { messages: 5 } });
  try {
    const alice = new Signer(devAccount('alice'), node.chainId);
    const bob = devAccount('bob').address;
    for (let i = 0; i < 40; i++) {
      const signed = alice.sign({ kind: 'Send', to: bob, payload: new Uint8Array([i]), value: 0n, gasLimit: null, delay: 0 });
      const { position } = await node.submit(fromHex(signed.tx), fromHex(signed.signature));
      expect((await node.executor.resultOf(position)).error).toBeUndefined();
    }
    expect(node.executor.system.userAt(bob)?.mailbox).toHaveLength(40);
    expect(node.executor.messages.size).toBe(5);
  } finally {
    await node.close();
  }
});
