import { describe, expect, it } from 'vitest';
import { devAccount, generateAccount, signTransaction } from './account.js';
import { transactionSigner } from './signer.js';

describe('transactionSigner', () => {
  it('gives the same signed transaction as signTransaction, for dev and random accounts', async () => {
    for (const account of [devAccount('alice'), devAccount('ferdie'), generateAccount()]) {
      const signer = transactionSigner(account);
      for (const nonce of [0n, 1n, 2n ** 63n]) {
        const call = { kind: 'Transfer', to: devAccount('bob').address, value: nonce * 3n } as const;
        expect(await signer.sign('sprocket-dev', nonce, call)).toEqual(signTransaction(account, 'sprocket-dev', nonce, call));
      }
    }
  });
});
