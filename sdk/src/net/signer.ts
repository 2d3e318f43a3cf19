// Signing transactions fast where the platform can: in Node, its crypto module signs synchronously (OpenSSL, no
// thread-pool hop per write); elsewhere WebCrypto's Ed25519 (native in browsers) is an order of magnitude faster
// than the pure-JS signer; where it is missing (older browsers, insecure origins) the account's own `sign`
// (@noble/curves) is used. Ed25519 signatures are deterministic: all give the same bytes, and a platform signer is
// used only if it gives the account's own signature of a probe.
import { toHex } from '../scale/hex.js';
import type { Account, SignedTransaction } from './account.js';
import { nativeEd25519Signer } from './native-sign.js';
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

const PROBE = new Uint8Array([0x53, 0x70, 0x72, 0x6f, 0x63, 0x6b, 0x65, 0x74]);

/**
 * A signer for `account`: Node's crypto, or else WebCrypto, when it supports Ed25519 and agrees with the account's
 * own signature; else the account.
 */
export function transactionSigner(account: Account): TransactionSigner {
  const native = nativeEd25519Signer(account.secretKey);
  if (native !== undefined && agrees(native, account)) {
    return {
      sign(chainId, nonce, call) {
        try {
          const data = encodeTransaction({ chainId, signer: account.address, nonce, call });
          return Promise.resolve({ tx: toHex(data), signature: toHex(native(data)) });
        } catch (error) {
          return Promise.reject(error);
        }
      },
    };
  }
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
        return toHex(await fast(PROBE)) === toHex(account.sign(PROBE)) ? fast : slow;
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

/** Whether a platform signer gives the account's own signature of the probe. */
function agrees(sign: (data: Uint8Array) => Uint8Array, account: Account): boolean {
  try {
    return toHex(sign(PROBE)) === toHex(account.sign(PROBE));
  } catch {
    return false;
  }
}
