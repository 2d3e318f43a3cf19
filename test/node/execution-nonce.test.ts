// A transaction admission accepted but whose nonce execution refuses (its signer's executed nonce is already at or
// above it: a log from elsewhere ran it) is answered with BAD_NONCE naming the account and both nonces, not as a
// failed call; connect() resynchronises from the node's next nonce and signs again, as after a refused write.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { type CallError, connect, devAccount, isCallError, signTransaction, type TxCall } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RpcClient, type RpcError } from './support.js';

const alice = devAccount('alice');
const bob = devAccount('bob');
const send: TxCall = { kind: 'Send', to: bob.address, payload: new Uint8Array([1]), value: 0n, gasLimit: null, delay: 0 };

describe('a nonce refused when its block runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-exec-nonce-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the caller as BAD_NONCE with the account and both nonces, and connect() signs again', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    // The executed nonces run ahead of admission's: as if a log from elsewhere had run alice's nonces 0..5.
    started.node.executor.nonces.set(alice.address, 5n);
    const err = (await rpc.call('message_send', signTransaction(alice, 'sprocket-dev', 0n, send)).catch((e: RpcError) => e)) as RpcError;
    expect(err).toMatchObject({ rpcCode: 1004, data: { code: 'BAD_NONCE', next: '6', signer: alice.address, nonce: '0', executed: '5' } });
    expect(err.message).toContain(alice.address);
    expect(err.message).toMatch(/nonce 0 .* not above .* 5/);
    // The node now names the nonce execution takes.
    expect((await rpc.call('account_get', { address: alice.address })).nonce).toBe('6');
    await rpc.close();

    started.node.executor.nonces.set(alice.address, 20n);
    const conn = connect(started.url, { account: alice, WebSocket });
    try {
      // Signed with nonce 6 (the node's next), refused when its block runs, signed again with 21.
      const id = await conn.send(bob.address, new Uint8Array([1, 2]));
      expect(id).toMatch(/^0x[0-9a-f]{64}$/);
      expect(started.node.executor.nonces.get(alice.address)).toBe(21n);
    } finally {
      conn.close();
    }
  });

  it('reaches connect() as NODE_REFUSED caused by BAD_NONCE once signing again does not help', async () => {
    const node = started as StartedNode;
    // Every execution finds alice's executed nonce above the transaction's, even above the next one it named.
    const nonces = node.node.executor.nonces;
    const get = nonces.get.bind(nonces);
    let executed = 1000n;
    nonces.get = (key) => {
      if (key !== alice.address) return get(key);
      executed += 1000n;
      return executed;
    };
    const conn = connect(node.url, { account: alice, WebSocket });
    try {
      const error = await conn.send(bob.address, new Uint8Array([3])).catch((e: unknown) => e);
      expect(isCallError(error)).toBe(true);
      const failure = error as CallError;
      expect(failure.code).toBe('NODE_REFUSED');
      expect(failure.cause).toMatchObject({
        code: 'BAD_NONCE',
        data: { signer: alice.address, executed: String(executed), next: String(executed + 1n) },
      });
      expect(failure.reason).toMatch(
        new RegExp(
          `^BAD_NONCE: nonce \\d+ of ${alice.address} is not above its last executed nonce ${executed} when its block ran; use ${executed + 1n}$`,
        ),
      );
    } finally {
      conn.close();
      nonces.get = get;
    }
  });
});
