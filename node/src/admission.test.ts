import { type ActorId, devAccount, fromHex, signTransaction, type TxCall } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Admission } from './admission.js';

const alice = devAccount('alice');
const bob = devAccount('bob');
const send = (value: bigint): TxCall => ({ kind: 'Send', to: bob.address, payload: new Uint8Array(), value, gasLimit: null, delay: 0 });
const signed = (nonce: bigint, call: TxCall, chain = 'test', account = alice) => {
  const s = signTransaction(account, chain, nonce, call);
  return [fromHex(s.tx), fromHex(s.signature)] as const;
};
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('admission checks', () => {
  const balances = new Map<ActorId, bigint>([[alice.address, 100n]]);
  const make = () => new Admission('test', (a) => balances.get(a) ?? 0n);

  it('refuses undecodable bytes, another chain, a forged signature, an old nonce and missing balance, in that order', () => {
    const adm = make();
    expect(codeOf(() => adm.check(new Uint8Array([1, 2, 3]), new Uint8Array(64)))).toBe('BAD_TX');
    expect(codeOf(() => adm.check(...signed(0n, send(1n), 'other')))).toBe('WRONG_CHAIN');
    const [tx, sig] = signed(0n, send(1n));
    const forged = sig.slice();
    forged[0] = (forged[0] as number) ^ 1;
    expect(codeOf(() => adm.check(tx, forged))).toBe('BAD_SIGNATURE');
    const [, bobSig] = signed(0n, send(1n), 'test', bob);
    expect(codeOf(() => adm.check(tx, bobSig))).toBe('BAD_SIGNATURE');
    expect(codeOf(() => adm.check(...signed(0n, send(101n))))).toBe('INSUFFICIENT_BALANCE');
    adm.accept(adm.check(tx, sig));
    expect(codeOf(() => adm.check(tx, sig))).toBe('BAD_NONCE');
    expect(adm.nextNonce(alice.address)).toBe(1n);
  });

  it('refuses, when accepting, a nonce or value that another write of the signer took since its checks ran', async () => {
    const adm = make();
    const verify = async () => true;
    // Two clients of one account sign the same next nonce; both signatures verify before either write is accepted.
    const [first, second] = await Promise.all([
      adm.checkWith(...signed(0n, send(1n)), verify),
      adm.checkWith(...signed(0n, send(2n)), verify),
    ]);
    adm.accept(first);
    expect(() => adm.accept(second)).toThrow(expect.objectContaining({ code: 'BAD_NONCE', data: { next: '1' } }));
    expect(adm.nextNonce(alice.address)).toBe(1n);
    // The same for value: each write alone is covered, both together are not.
    const [a, b] = await Promise.all([adm.checkWith(...signed(1n, send(60n)), verify), adm.checkWith(...signed(2n, send(60n)), verify)]);
    adm.accept(a);
    expect(() => adm.accept(b)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_BALANCE' }));
    expect(adm.nextNonce(alice.address)).toBe(2n);
  });

  it('words a short balance as the runtime does, sender first and callee last, and names the signer in data', () => {
    const adm = make();
    const refusal = (() => {
      try {
        adm.check(...signed(0n, send(101n)));
      } catch (error) {
        return error as { message: string; data: Record<string, unknown> };
      }
      throw new Error('expected INSUFFICIENT_BALANCE');
    })();
    expect(refusal.message).toBe(`${alice.address} has 100 available and cannot send 101 to ${bob.address}`);
    expect(refusal.data).toEqual({ balance: '100', value: '101', signer: alice.address });
  });

  it('allows nonce gaps and reserves value until the write has run', () => {
    const adm = make();
    adm.accept(adm.check(...signed(5n, send(60n))));
    expect(codeOf(() => adm.check(...signed(3n, send(1n))))).toBe('BAD_NONCE');
    expect(codeOf(() => adm.check(...signed(6n, send(41n))))).toBe('INSUFFICIENT_BALANCE');
    const ok = adm.check(...signed(6n, send(40n)));
    adm.accept(ok);
    adm.executed(ok.tx);
    expect(codeOf(() => adm.check(...signed(7n, send(40n))))).toBe('accepted');
  });
});
