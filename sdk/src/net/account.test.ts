import { describe, expect, it } from 'vitest';
import { fromHex } from '../scale/hex.js';
import { accountFromSecret, devAccount, signTransaction, verifySignature } from './account.js';
import { decodeTransaction } from './transaction.js';

describe('accounts and signed transactions', () => {
  it('derives stable, distinct dev accounts whose address is the public key', () => {
    const alice = devAccount('alice');
    expect(devAccount('alice').address).toBe(alice.address);
    expect(devAccount('bob').address).not.toBe(alice.address);
    expect(accountFromSecret(alice.secretKey).address).toBe(alice.address);
    expect(alice.address).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('signs a transaction that decodes back and verifies only for its signer and bytes', () => {
    const alice = devAccount('alice');
    const signed = signTransaction(alice, 'sprocket-dev', 7n, {
      kind: 'Send',
      to: devAccount('bob').address,
      payload: new Uint8Array([1, 2, 3]),
      value: 10n ** 20n,
      gasLimit: null,
      delay: 0,
    });
    const bytes = fromHex(signed.tx);
    const tx = decodeTransaction(bytes);
    expect(tx.chainId).toBe('sprocket-dev');
    expect(tx.nonce).toBe(7n);
    expect(tx.signer).toBe(alice.address);
    expect(tx.call.kind).toBe('Send');
    expect(verifySignature(alice.address, bytes, fromHex(signed.signature))).toBe(true);
    expect(verifySignature(devAccount('bob').address, bytes, fromHex(signed.signature))).toBe(false);
    const tampered = bytes.slice();
    const last = tampered.length - 1;
    tampered[last] = (tampered[last] as number) ^ 1;
    expect(verifySignature(alice.address, tampered, fromHex(signed.signature))).toBe(false);
  });

  it('refuses a secret of the wrong size and an unknown dev name with SDK_BAD_ACCOUNT', () => {
    expect(() => accountFromSecret(new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'SDK_BAD_ACCOUNT' }));
    expect(() => devAccount('mallory' as 'alice')).toThrow(expect.objectContaining({ code: 'SDK_BAD_ACCOUNT' }));
  });
});
