// Accounts of the node protocol: an ed25519 key pair whose ActorId is the 32-byte public key
// (as Substrate's AccountId32 is the public key), so a node derives the sender from the signature check alone.
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha256';
import { SdkError } from '../errors/sprocket-error.js';
import { fromHex, toHex } from '../scale/hex.js';
import { utf8Encoder } from '../scale/utf8.js';
import type { ActorId } from '../types/scalars.js';
import { encodeTransaction, type Transaction, type TxCall } from './transaction.js';

/** An account that can sign writes to a node. */
export interface Account {
  /** A label for messages and traces (the dev account's name, or the first bytes of the address). */
  readonly name: string;
  /** The account's ActorId: its ed25519 public key. */
  readonly address: ActorId;
  /** The 32-byte ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** The 32-byte ed25519 secret seed; keep it private. */
  readonly secretKey: Uint8Array;
  /** Signs bytes with the secret key (64-byte ed25519 signature). */
  sign(message: Uint8Array): Uint8Array;
}

/** The names of the well-known, prefunded dev accounts of a `--dev` node. */
export const DEV_ACCOUNT_NAMES = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'] as const;

/** A dev account name. */
export type DevAccountName = (typeof DEV_ACCOUNT_NAMES)[number];

const encoder = utf8Encoder;

/** An account from a 32-byte secret seed (bytes or 0x hex). */
export function accountFromSecret(secret: Uint8Array | string, name?: string): Account {
  const secretKey = typeof secret === 'string' ? fromHex(secret, 'secretKey') : Uint8Array.from(secret);
  if (secretKey.length !== 32) throw new SdkError('SDK_BAD_ACCOUNT', `an ed25519 secret key has 32 bytes, got ${secretKey.length}`);
  const publicKey = ed25519.getPublicKey(secretKey);
  const address = toHex(publicKey) as ActorId;
  return {
    name: name ?? `${address.slice(0, 10)}…`,
    address,
    publicKey,
    secretKey,
    sign: (message) => ed25519.sign(message, secretKey),
  };
}

/**
 * A well-known dev account. Its secret is SHA-256 of `sprocket/dev/<name>`: public by design, for dev nodes only.
 */
export function devAccount(name: DevAccountName): Account {
  if (!(DEV_ACCOUNT_NAMES as readonly string[]).includes(name))
    throw new SdkError('SDK_BAD_ACCOUNT', `unknown dev account ${JSON.stringify(name)}; one of ${DEV_ACCOUNT_NAMES.join(', ')}`);
  return accountFromSecret(sha256(encoder.encode(`sprocket/dev/${name}`)), name);
}

/** A fresh random account (uses the platform's secure random source). */
export function generateAccount(name?: string): Account {
  return accountFromSecret(ed25519.utils.randomPrivateKey(), name);
}

/** Checks an ed25519 signature of `message` by the account `address` (its public key). */
export function verifySignature(address: ActorId, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, fromHex(address, 'address'));
  } catch {
    return false;
  }
}

/** A transaction encoded and signed, as the node's write methods take it (`{ tx, signature }` in 0x hex). */
export interface SignedTransaction {
  readonly tx: string;
  readonly signature: string;
}

/** Builds, encodes and signs a transaction of `account`. */
export function signTransaction(account: Account, chainId: string, nonce: bigint, call: TxCall): SignedTransaction {
  const tx: Transaction = { chainId, signer: account.address, nonce, call };
  const data = encodeTransaction(tx);
  return { tx: toHex(data), signature: toHex(account.sign(data)) };
}
