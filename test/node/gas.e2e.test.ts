// Gas on a real node: uploaded code is metered by the node itself (the bundle `sprocket deploy` builds, library
// code from node_modules included), a transaction's gasLimit reaches the handler, gas used is reported on the
// receipt and the message view, and a block gas limit applies. A handler that spins ends with OUT_OF_GAS and the
// node keeps serving.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import { connect, devAccount, type GeneratedActor, requireGenerated, toHex } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import '../gas/meter-actor.js';
import { RpcClient, type RpcError, Signer } from './support.js';

const def: GeneratedActor = requireGenerated('Meter');
const fn = (name: string) => def.services[0]!.functions.find((f) => f.name === name)!;
const ctor = (name: string) => def.constructors.find((c) => c.name === name)!;

describe('gas on a node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-gas-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('meters uploaded code: for (;;) {} ends with OUT_OF_GAS, library code is charged, the node keeps serving', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0, gas: { gasLimit: 2_000_000, blockGasLimit: 50_000_000 } });
    const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
    const rpc = await RpcClient.connect(started.url);
    try {
      const bundle = await bundleContract('test/gas/meter-actor.ts', { actor: 'Meter' });
      expect(bundle.chargePoints).toBeGreaterThan(10);
      const codeId = await conn.uploadCode(bundle.code);
      const address = await conn.deploy(codeId, ctor('New').encodeCall([5]));
      const bump = () => conn.call(address, fn('Bump').encodeCall([])).then((r) => fn('Bump').decodeReply(r));
      expect(await bump()).toBe(6);

      // A spinning handler: OUT_OF_GAS (the node's default gasLimit), rolled back; the actor and the node keep working.
      const spun = await conn.call(address, fn('Spin').encodeCall([])).catch((e: unknown) => e);
      expect(spun).toMatchObject({ code: 'OUT_OF_GAS' });
      // With a smaller gasLimit from the call options it ends the same way, sooner.
      await expect(conn.call(address, fn('Spin').encodeCall([]), { gasLimit: 100_000 })).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
      expect(await bump()).toBe(7);

      // The receipt and the message view carry the gas used; an out-of-gas message used exactly its limit.
      const signer = new Signer(devAccount('bob'), 'sprocket-dev');
      const call = (payload: Uint8Array, gasLimit: bigint | null) =>
        rpc.call('message_call', signer.sign({ kind: 'Call', to: address, payload, value: 0n, gasLimit, timeout: null }));
      const small = await call(fn('Hash').encodeCall([16]), null);
      const large = await call(fn('Hash').encodeCall([16_384]), null);
      expect(small.gasUsed).toBeGreaterThan(0);
      // 16 KiB through blake2b: 128 compressions, each a function entry and rounds of loop iterations.
      expect(large.gasUsed - small.gasUsed).toBeGreaterThan(1_000);
      expect((await rpc.call('message_get', { messageId: large.messageId })).gas).toBe(large.gasUsed);
      const failed = (await call(fn('Spin').encodeCall([]), 300_000n).catch((e: RpcError) => e)) as RpcError;
      expect(failed.data).toMatchObject({ code: 'CALL_FAILED', error: 'OUT_OF_GAS', gasUsed: 300_000 });
      const view = await rpc.call('message_get', { messageId: failed.data.messageId });
      expect(view).toMatchObject({ status: 'error', replyCode: 'OUT_OF_GAS', gas: 300_000 });

      // A gasLimit above the block gas limit (or zero) is refused at admission and changes nothing.
      const before = (await rpc.call('account_get', { address: signer.account.address })).nonce;
      const refused = (await call(fn('Bump').encodeCall([]), 50_000_001n).catch((e: RpcError) => e)) as RpcError;
      expect(refused.data).toMatchObject({ code: 'BAD_GAS_LIMIT', max: '50000000' });
      signer.nonce--;
      expect((await call(fn('Bump').encodeCall([]), 0n).catch((e: RpcError) => e)).data).toMatchObject({ code: 'BAD_GAS_LIMIT' });
      signer.nonce--;
      expect((await rpc.call('account_get', { address: signer.account.address })).nonce).toBe(before);
      await expect(conn.call(address, fn('Bump').encodeCall([]), { gasLimit: 1.5 })).rejects.toMatchObject({ code: 'SDK_BAD_OPTION' });

      // A constructor that spins: its deploy fails with OUT_OF_GAS, bounded by the deploy's gasLimit.
      await expect(
        conn.deploy(codeId, ctor('Spinning').encodeCall([]), { gasLimit: 200_000, salt: new Uint8Array([1]) }),
      ).rejects.toMatchObject({
        code: 'OUT_OF_GAS',
      });

      expect(await bump()).toBe(8);
      const q = await conn.query(address, fn('Value').encodeCall([]));
      expect(fn('Value').decodeReply(q)).toBe(8);
      expect(toHex(q).length).toBeGreaterThan(2);

      // A restart replays the log through the same metered code: the same gas figures and the same state root.
      const head = await rpc.call('chain_head');
      await rpc.close();
      conn.close();
      await started.stop();
      started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
      const again = await RpcClient.connect(started.url);
      try {
        expect((await again.call('message_get', { messageId: large.messageId })).gas).toBe(large.gasUsed);
        expect((await again.call('message_get', { messageId: failed.data.messageId })).gas).toBe(300_000);
        expect((await again.call('chain_block', { height: head.height })).stateRoot).toBe(head.stateRoot);
      } finally {
        await again.close();
      }
    } finally {
      await rpc.close();
      conn.close();
    }
  });
});
