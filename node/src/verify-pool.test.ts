import { devAccount, fromHex, signTransaction, type TxCall } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { VerifyPool } from './verify-pool.js';

const call: TxCall = { kind: 'Transfer', to: devAccount('bob').address, value: 1n };

describe('VerifyPool', () => {
  it('answers every check in request order, across worker threads and the main thread', async () => {
    const pool = new VerifyPool(2);
    const alice = devAccount('alice');
    const checks = Array.from({ length: 40 }, (_, i) => {
      const s = signTransaction(alice, 'c', BigInt(i), call);
      const sig = fromHex(s.signature);
      if (i % 7 === 3) sig[5] = (sig[5] as number) ^ 1;
      return { data: fromHex(s.tx), sig, ok: i % 7 !== 3 };
    });
    const order: number[] = [];
    const answers = await Promise.all(
      checks.map((c, i) =>
        pool.verify(alice.address, c.data, c.sig).then((ok) => {
          order.push(i);
          return ok;
        }),
      ),
    );
    expect(answers).toEqual(checks.map((c) => c.ok));
    expect(order).toEqual(checks.map((_, i) => i));
    await pool.close();
    // After close, checks run on the main thread.
    expect(await pool.verify(alice.address, checks[0]!.data, checks[0]!.sig)).toBe(true);
  });

  it('refuses short, long and empty signatures, tampered data and the wrong signer, packed beside good checks', async () => {
    const pool = new VerifyPool(1);
    const alice = devAccount('alice');
    const bob = devAccount('bob');
    const good = signTransaction(alice, 'c', 1n, call);
    const data = fromHex(good.tx);
    const sig = fromHex(good.signature);
    const tampered = data.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    const empty = new Uint8Array(0);
    const emptySigned = bob.sign(empty);
    const checks: [string, Uint8Array, Uint8Array, boolean][] = [
      [alice.address, data, sig, true],
      [alice.address, data, sig.subarray(0, 63), false],
      [alice.address, data, Uint8Array.from([...sig, 0]), false],
      [alice.address, data, new Uint8Array(0), false],
      [alice.address, tampered, sig, false],
      [bob.address, data, sig, false],
      [bob.address, empty, emptySigned, true],
      [alice.address, data, sig, true],
    ];
    const answers = await Promise.all(checks.map(([signer, d, s]) => pool.verify(signer as never, d, s)));
    expect(answers).toEqual(checks.map((c) => c[3]));
    await pool.close();
  });
});
