// A refused dev_* command changes nothing: no logged input, no block, the same head.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { RpcClient, type RpcError } from './support.js';

const U128_MAX = ((1n << 128n) - 1n).toString();

describe('refused dev commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-dev-refused-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuse a revert to a snapshot that does not exist and a mint past u128 without making a block', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    const bob = devAccount('bob').address;
    const before = await rpc.call('chain_head');
    const balance = (await rpc.call('account_get', { address: bob })).balance;

    const revert = await rpc.call('dev_revert', { id: 99 }).then(
      () => undefined,
      (e: RpcError) => e,
    );
    expect(revert).toMatchObject({ rpcCode: -32602, message: 'id: no snapshot 99', data: { code: 'INVALID_PARAMS', path: 'id' } });

    const mint = await rpc.call('dev_mint', { address: bob, value: U128_MAX }).then(
      () => undefined,
      (e: RpcError) => e,
    );
    expect(mint).toMatchObject({ rpcCode: -32602, data: { code: 'INVALID_PARAMS', path: 'value' } });
    expect(mint?.message).toMatch(/^value: mint of \d+ to 0x[0-9a-f]{64} refused: the total supply \d+ would exceed u128/);

    expect(await rpc.call('chain_head')).toEqual(before);
    expect((await rpc.call('account_get', { address: bob })).balance).toBe(balance);
    // A valid command afterwards still runs, in the next block.
    expect(await rpc.call('dev_snapshot')).toEqual({ id: 1 });
    expect((await rpc.call('chain_head')).height).toBe(before.height + 1);
    await rpc.close();
  });
});
