import { describe, expect, it } from 'vitest';
import { toHex } from '../scale/hex.js';
import type { ActorId } from '../types/scalars.js';
import { decodeTransaction, encodeTransaction, type Transaction } from './transaction.js';

const to = `0x${'11'.repeat(32)}` as ActorId;
const signer = `0x${'22'.repeat(32)}` as ActorId;
const call = (gasLimit: bigint | null): Transaction => ({
  chainId: 'c',
  signer,
  nonce: 7n,
  call: { kind: 'Call', to, payload: new Uint8Array([1, 2]), value: 0n, gasLimit, timeout: null },
});

describe('the transaction codec', () => {
  it('carries the gas limit as Option<u64> after the value', () => {
    // chain_id "c", signer, nonce 7, Call (variant 3), to, payload [1, 2], value 0 (u128)
    const head = `0x0463${'22'.repeat(32)}0700000000000000` + `03${'11'.repeat(32)}080102${'00'.repeat(16)}`;
    expect(toHex(encodeTransaction(call(null)))).toBe(`${head}0000`);
    expect(toHex(encodeTransaction(call(1_000_000n)))).toBe(`${head}0140420f000000000000`);
    for (const gasLimit of [null, 1n, 50_000_000n, 2n ** 64n - 1n]) {
      expect(decodeTransaction(encodeTransaction(call(gasLimit))).call).toMatchObject({ kind: 'Call', gasLimit });
    }
  });

  it('carries it on Send and Deploy too, and refuses a gas limit that is not a u64', () => {
    const send: Transaction = {
      chainId: 'c',
      signer,
      nonce: 0n,
      call: { kind: 'Send', to, payload: new Uint8Array(), value: 5n, gasLimit: 42n, delay: 3 },
    };
    expect(decodeTransaction(encodeTransaction(send))).toEqual(send);
    const deploy: Transaction = {
      chainId: 'c',
      signer,
      nonce: 1n,
      call: { kind: 'Deploy', codeId: to as never, payload: new Uint8Array([9]), value: 0n, salt: new Uint8Array(), gasLimit: 9n },
    };
    expect(decodeTransaction(encodeTransaction(deploy))).toEqual(deploy);
    expect(() => encodeTransaction(call(2n ** 64n))).toThrow(/gasLimit/);
    expect(() => encodeTransaction(call(-1n))).toThrow(/gasLimit/);
  });
});
