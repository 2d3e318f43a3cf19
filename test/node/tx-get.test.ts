// tx_get finds a signed transaction by its signer and nonce: the block that ran it, its place among the block's
// inputs and its message, across restarts, and in a data directory made before the index existed (backfilled).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount, signTransaction, type TxCall } from '@sprocket/sdk';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { RpcClient, type RpcError } from './support.js';

const alice = devAccount('alice');
const bob = devAccount('bob');
const send: TxCall = { kind: 'Send', to: bob.address, payload: new Uint8Array([1]), value: 0n, gasLimit: null, delay: 0 };
const some: TxCall = { kind: 'Transfer', to: bob.address, value: 5n };

describe('tx_get', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-tx-get-'));
  let started: StartedNode | undefined;
  let messageId = '';
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectIndexed(rpc: RpcClient): Promise<void> {
    const sent = await rpc.call('tx_get', { signer: alice.address, nonce: '0' });
    expect(sent).toMatchObject({ signer: alice.address, nonce: '0', kind: 'Send', messageId, index: 0 });
    expect(sent.block).toBeGreaterThan(0);
    const moved = await rpc.call('tx_get', { signer: alice.address, nonce: 1 });
    expect(moved).toMatchObject({ kind: 'Transfer', status: 'ok' });
    expect(moved.messageId).toBeUndefined();
    expect(moved.block).toBeGreaterThan(sent.block);
    expect(await rpc.call('tx_get', { signer: alice.address, nonce: '2' })).toBeNull();
    expect(await rpc.call('tx_get', { signer: bob.address, nonce: '0' })).toBeNull();
  }

  it('answers where a transaction ran, its message and its status; null for one it never ran', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    try {
      messageId = (await rpc.call('message_send', signTransaction(alice, 'sprocket-dev', 0n, send))).messageId;
      await rpc.call('balance_transfer', signTransaction(alice, 'sprocket-dev', 1n, some));
      await started.node.mine(1);
      await expectIndexed(rpc);
      expect((await rpc.call('tx_get', { signer: alice.address, nonce: '0' })).status).toBe('delivered');
    } finally {
      await rpc.close();
    }
  });

  it('refuses bad params with INVALID_PARAMS naming the param', async () => {
    const rpc = await RpcClient.connect((started as StartedNode).url);
    try {
      const cases: [Record<string, unknown>, string][] = [
        [{ signer: '0x12', nonce: '0' }, 'signer'],
        [{ nonce: '0' }, 'signer'],
        [{ signer: alice.address, nonce: 'x' }, 'nonce'],
        [{ signer: alice.address, nonce: -1 }, 'nonce'],
        [{ signer: alice.address, nonce: '18446744073709551616' }, 'nonce'],
        [{ signer: alice.address, nonce: '0', block: 1 }, 'block'],
      ];
      for (const [params, path] of cases) {
        const err = (await rpc.call('tx_get', params).catch((e: RpcError) => e)) as RpcError;
        expect(err.data).toMatchObject({ code: 'INVALID_PARAMS', path });
      }
    } finally {
      await rpc.close();
    }
  });

  it('answers after a restart', async () => {
    await started?.stop();
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    try {
      await expectIndexed(rpc);
    } finally {
      await rpc.close();
    }
  });

  it('backfills the index of a data directory made by a node without it', async () => {
    await started?.stop();
    started = undefined;
    const db = new Database(join(dir, 'node.db'));
    db.exec("DROP TABLE txs; DELETE FROM meta WHERE key = 'tx_index';");
    db.close();
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    try {
      await expectIndexed(rpc);
    } finally {
      await rpc.close();
    }
  });
});

describe('tx_get of a transaction refused when its block ran', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-tx-get-refused-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers null: it took no nonce (its block lists it with BAD_NONCE)', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    try {
      // The executed nonces run ahead of admission's, as if a log from elsewhere had run alice's nonces 0..5.
      started.node.executor.nonces.set(alice.address, 5n);
      const err = (await rpc.call('message_send', signTransaction(alice, 'sprocket-dev', 0n, send)).catch((e: RpcError) => e)) as RpcError;
      expect(err.data.code).toBe('BAD_NONCE');
      expect(await rpc.call('tx_get', { signer: alice.address, nonce: '0' })).toBeNull();
      const head = await rpc.call('chain_head', {});
      expect(head.inputs).toEqual([{ kind: 'Send', signer: alice.address, nonce: '0', error: 'BAD_NONCE' }]);
    } finally {
      await rpc.close();
    }
  });
});
