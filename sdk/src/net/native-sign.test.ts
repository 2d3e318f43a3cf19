import { describe, expect, it } from 'vitest';
import { devAccount, generateAccount } from './account.js';
import { nativeEd25519Signer } from './native-sign.js';

describe('nativeEd25519Signer', () => {
  it("gives the account's own (@noble/curves) signature in Node", () => {
    for (const account of [devAccount('alice'), generateAccount()]) {
      const sign = nativeEd25519Signer(account.secretKey);
      expect(sign).toBeDefined();
      for (const message of [new Uint8Array(0), new Uint8Array([1, 2, 3]), new Uint8Array(300).fill(7)]) {
        expect(Array.from(sign?.(message) ?? [])).toEqual(Array.from(account.sign(message)));
      }
    }
  });

  it('is absent where the platform has no process.getBuiltinModule (a browser)', () => {
    const seed = devAccount('bob').secretKey;
    expect(nativeEd25519Signer(seed, {})).toBeUndefined();
    expect(nativeEd25519Signer(seed, { process: {} })).toBeUndefined();
    expect(nativeEd25519Signer(seed, { process: { getBuiltinModule: () => undefined } })).toBeUndefined();
  });

  it('is absent when the key does not import', () => {
    expect(nativeEd25519Signer(new Uint8Array(5))).toBeUndefined();
  });
});
