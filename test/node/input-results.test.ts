// Results of inputs nobody asked for (a transaction submitted and never waited for) stay within history.results:
// a long-running node's memory does not grow with them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SprocketNode, startNode } from '@sprocket/node';
import { connect, devAccount, fromHex } from '@sprocket/sdk';
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Signer } from './support.js';

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sprocket-node-results-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('keeps at most history.results unclaimed results, the newest', async () => {
  const node = await SprocketNode.open({ dataDir: dir(), dev: true, blockTime: 0, history: { results: 5 } });
  try {
    const alice = new Signer(devAccount('alice'), node.chainId);
    const bob = devAccount('bob').address;
    const positions: number[] = [];
    for (let i = 0; i < 12; i++) {
      const signed = alice.sign({ kind: 'Transfer', to: bob, value: 1n });
      positions.push((await node.submit(fromHex(signed.tx), fromHex(signed.signature))).position);
    }
    // A block after them: once it ran, so did theirs, and nobody asked for their results.
    await node.mine(1);
    expect(node.executor.unclaimedResults).toBe(5);
    // The newest five are the ones kept, for a caller that asks late.
    for (const position of positions.slice(-5)) {
      const result = await node.executor.resultOf(position);
      expect(result.position).toBe(position);
      expect(result.error).toBeUndefined();
    }
    expect(node.executor.unclaimedResults).toBe(0);
  } finally {
    await node.close();
  }
});

it('leaves no result unclaimed for a transfer answered over RPC', async () => {
  const started = await startNode({ dataDir: dir(), port: 0, dev: true, blockTime: 0 });
  const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
  try {
    for (let i = 0; i < 5; i++) await conn.transfer(devAccount('bob').address, 1n);
    // A read after the transfers' block: the node answers it once the block ran.
    await conn.request('dev_mine', { blocks: 1 });
    expect(started.node.executor.unclaimedResults).toBe(0);
  } finally {
    conn.close();
    await started.stop();
  }
});
