// Signing transactions fast where the platform can: WebCrypto's Ed25519 (OpenSSL in Node, native in browsers) is
// an order of magnitude faster than the pure-JS signer; where it is missing (older browsers, insecure origins) the
// account's own `sign` (@noble/curves) is used. Ed25519 signatures are deterministic: both give the same bytes.
import { toHex } from '../scale/hex.js';
import type { Account, SignedTransaction } from './account.js';
import { encodeTransaction, type TxCall } from './transaction.js';

interface SubtleLike {
  importKey(format: 'jwk', key: object, algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<unknown>;
  sign(algorithm: { name: string }, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded base64url (for a JWK). */
function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64URL[(n >> 18) & 63] as string;
    out += B64URL[(n >> 12) & 63] as string;
    if (i + 1 < bytes.length) out += B64URL[(n >> 6) & 63] as string;
    if (i + 2 < bytes.length) out += B64URL[n & 63] as string;
  }
  return out;
}

/** Signs the transactions of one account. */
export interface TransactionSigner {
  sign(chainId: string, nonce: bigint, call: TxCall): Promise<SignedTransaction>;
}

/** A signer for `account`: WebCrypto when it supports Ed25519 and agrees with the account's own signature, else the account. */
export function transactionSigner(account: Account): TransactionSigner {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleLike } }).crypto?.subtle;
  const slow = (data: Uint8Array): Promise<Uint8Array> => Promise.resolve(account.sign(data));
  let signBytes: Promise<(data: Uint8Array) => Promise<Uint8Array>> = Promise.resolve(slow);
  if (subtle !== undefined) {
    const jwk = { kty: 'OKP', crv: 'Ed25519', d: base64url(account.secretKey), x: base64url(account.publicKey) };
    signBytes = subtle
      .importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign'])
      .then(async (key) => {
        const fast = async (data: Uint8Array): Promise<Uint8Array> => new Uint8Array(await subtle.sign({ name: 'Ed25519' }, key, data));
        // Use the platform's signer only if it gives the account's own signature.
        const probe = new Uint8Array([0x53, 0x70, 0x72, 0x6f, 0x63, 0x6b, 0x65, 0x74]);
        return toHex(await fast(probe)) === toHex(account.sign(probe)) ? fast : slow;
      })
      .catch(() => slow);
  }
  return {
    async sign(chainId, nonce, call) {
      const data = encodeTransaction({ chainId, signer: account.address, nonce, call });
      const signature = await (await signBytes)(data);
      return { tx: toHex(data), signature: toHex(signature) };
    },
  };
}
