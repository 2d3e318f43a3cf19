// The signed write of the node protocol (docs/rpc.md): the bytes an account signs and the node logs.
// A SCALE struct, so that a client in any language can produce it from the IDL below:
//   struct Transaction { chain_id: String, signer: ActorId, nonce: u64, call: TxCall }
//   enum TxCall { UploadCode { code: [u8] }, Deploy { ... }, Send { ... }, Call { ... }, Transfer { ... } }
import { decode, encode } from '../scale/codec.js';
import { option, struct } from '../scale/composite.js';
import { enumTagged } from '../scale/enum.js';
import { actorId, bytes, codeId, str, u32, u64, u128 } from '../scale/primitives.js';
import type { ActorId, CodeId } from '../types/scalars.js';

/** What a transaction asks the node to do. */
export type TxCall =
  | { readonly kind: 'UploadCode'; readonly code: Uint8Array }
  | {
      readonly kind: 'Deploy';
      readonly codeId: CodeId;
      readonly payload: Uint8Array;
      readonly value: bigint;
      readonly salt: Uint8Array;
      readonly gasLimit: bigint | null;
    }
  | {
      readonly kind: 'Send';
      readonly to: ActorId;
      readonly payload: Uint8Array;
      readonly value: bigint;
      readonly gasLimit: bigint | null;
      readonly delay: number;
    }
  | {
      readonly kind: 'Call';
      readonly to: ActorId;
      readonly payload: Uint8Array;
      readonly value: bigint;
      readonly gasLimit: bigint | null;
      readonly timeout: number | null;
    }
  | { readonly kind: 'Transfer'; readonly to: ActorId; readonly value: bigint };

/** A write to the node: who signs it, for which chain, with which nonce, and what it does. */
export interface Transaction {
  readonly chainId: string;
  readonly signer: ActorId;
  readonly nonce: bigint;
  readonly call: TxCall;
}

const gasLimit = option(u64);

const txCallCodec = enumTagged('TxCall', [
  { name: 'UploadCode', fields: [['code', bytes]] },
  {
    name: 'Deploy',
    fields: [
      ['codeId', codeId],
      ['payload', bytes],
      ['value', u128],
      ['salt', bytes],
      ['gasLimit', gasLimit],
    ],
  },
  {
    name: 'Send',
    fields: [
      ['to', actorId],
      ['payload', bytes],
      ['value', u128],
      ['gasLimit', gasLimit],
      ['delay', u32],
    ],
  },
  {
    name: 'Call',
    fields: [
      ['to', actorId],
      ['payload', bytes],
      ['value', u128],
      ['gasLimit', gasLimit],
      ['timeout', option(u32)],
    ],
  },
  {
    name: 'Transfer',
    fields: [
      ['to', actorId],
      ['value', u128],
    ],
  },
] as const);

const transactionCodec = struct('Transaction', [
  ['chainId', str],
  ['signer', actorId],
  ['nonce', u64],
  ['call', txCallCodec],
] as const);

/** The canonical bytes of a transaction: what is signed, logged and hashed. */
export function encodeTransaction(tx: Transaction): Uint8Array {
  return encode(transactionCodec, tx as never, 'Transaction');
}

/** Decodes transaction bytes strictly (a ScaleError names the field that is wrong). */
export function decodeTransaction(data: Uint8Array): Transaction {
  return decode(transactionCodec, data, 'Transaction') as unknown as Transaction;
}
