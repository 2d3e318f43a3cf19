// A node's answers as the client reads them: the shapes it returns, and readers of their fields that fail with
// BAD_REPLY (naming the field) instead of letting a malformed answer through.
import { CallError } from '../errors/call-error.js';
import { fromHex } from '../scale/hex.js';
import type { ActorId, MessageId } from '../types/scalars.js';
import { isRecord } from './node-error.js';

/** What `node_info` tells about a node. */
export interface NodeInfo {
  readonly chainId: string;
  readonly version: string;
  readonly dev: boolean;
  readonly blockTime: number;
  readonly height: number;
  readonly genesis: string;
  /** Blocks a call or deploy without a timeout of its own waits for its reply; absent from nodes before it was added. */
  readonly replyTimeout?: number;
}

/** An account's state on a node. */
export interface AccountState {
  readonly address: ActorId;
  readonly balance: bigint;
  /** The next nonce to use. */
  readonly nonce: bigint;
}

/** A message in a user's mailbox on a node. */
export interface MailboxEntry {
  readonly messageId: MessageId;
  readonly from: ActorId;
  /** The whole Sails message (header ‖ SCALE). */
  readonly payload: Uint8Array;
  readonly value: bigint;
  readonly block: number;
}

/** The BAD_REPLY error for an answer about `actor` that is not what the API documents. */
export function badReply(actor: string, reason: string, cause?: unknown): CallError {
  return new CallError('BAD_REPLY', { actor, reason: `the node answered something unexpected: ${reason}`, cause });
}

/** The bytes of the 0x hex field `name` of an answer. */
export function hexField(result: unknown, name: string, actor: string): Uint8Array {
  const value = isRecord(result) ? result[name] : undefined;
  try {
    return fromHex(value as string, name);
  } catch (error) {
    throw badReply(actor, `${name} is not 0x hex`, error);
  }
}

/** The 32-byte id field `name` of an answer, lower-cased. */
export function idField(result: unknown, name: string, actor: string): `0x${string}` {
  const value = isRecord(result) ? result[name] : undefined;
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) throw badReply(actor, `${name} is not a 32-byte 0x hex id`);
  return value.toLowerCase() as `0x${string}`;
}

/** The non-negative integer field `name` of an answer (a decimal string, or a safe integer). */
export function bigintField(result: unknown, name: string, actor: string): bigint {
  const value = isRecord(result) ? result[name] : undefined;
  if ((typeof value === 'string' && /^[0-9]+$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    return BigInt(value);
  }
  throw badReply(actor, `${name} is not a decimal integer`);
}

/** The safe-integer field `name` of an answer. */
export function numberField(result: unknown, name: string, actor: string): number {
  const value = isRecord(result) ? result[name] : undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badReply(actor, `${name} is not a number`);
  return value;
}

/** Which signed transaction to look up: its signer and nonce (a `pendingWrite` is one). */
export interface TxRef {
  readonly signer: string;
  readonly nonce: bigint;
}

/** Where a signed transaction ran, as `tx_get` tells (docs/rpc.md). */
export interface TxRecord {
  readonly signer: ActorId;
  readonly nonce: bigint;
  /** The `TxCall` variant: `Send`, `Call`, `Deploy`, `Transfer`, `UploadCode`. */
  readonly kind: string;
  /** The block that ran it. */
  readonly block: number;
  /** Its place among the block's inputs. */
  readonly index: number;
  /** The message it sent, if any (read its outcome with `message_get`). */
  readonly messageId?: MessageId;
  /** `error` when it failed before sending anything, else its message's status (`pending`, `ok`, `error`, `delivered`), else `ok`. */
  readonly status: string;
  /** The code of its failure when `status` is `error` and it sent nothing. */
  readonly error?: string;
}

/** A `tx_get` answer as a TxRecord (null: the node ran no such transaction). */
export function txRecordOf(result: unknown, actor: string): TxRecord | null {
  if (result === null) return null;
  if (!isRecord(result)) throw badReply(actor, 'tx_get did not answer an object or null');
  const messageId = result.messageId === undefined ? undefined : idField(result, 'messageId', actor);
  if (typeof result.kind !== 'string' || typeof result.status !== 'string') throw badReply(actor, 'tx_get has no kind or status');
  return {
    signer: idField(result, 'signer', actor),
    nonce: bigintField(result, 'nonce', actor),
    kind: result.kind,
    block: numberField(result, 'block', actor),
    index: numberField(result, 'index', actor),
    ...(messageId === undefined ? {} : { messageId }),
    status: result.status,
    ...(typeof result.error === 'string' ? { error: result.error } : {}),
  };
}
