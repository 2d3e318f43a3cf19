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
});
