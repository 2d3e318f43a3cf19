import type { ActorId, CallErrorCode } from '@sprocket/sdk';
import { type OpOwner, RuntimeOp } from './op.js';

/** Message kinds. */
export const HANDLE = 0;
/** A read-only request. */
export const QUERY = 1;
/** A constructor message. */
export const INIT = 2;
/** A reply (or error reply) to a request. */
export const REPLY = 3;
/** The end of a `sleep`. */
export const WAKE = 4;

/** Why a request failed, as carried by an error reply. */
export interface ReplyError {
  readonly code: CallErrorCode;
  readonly reason: string;
  /** `Service.Route` when known. */
  readonly route: string | undefined;
  /** Context for the reader, e.g. {@link AFTER_AWAIT}. */
  readonly note?: string;
  /**
   * What the handler threw, for a user's CallError `cause` (its stack points at the contract's line). Never on the
   * wire, in a record or given to another actor: a stack is not deterministic.
   */
  readonly cause?: unknown;
}

/** The note of a failure in a later segment of a handler (its earlier segments stay committed). */
export const AFTER_AWAIT = 'the failure came after an await: earlier segments stayed committed';

/**
 * Someone awaiting the reply of a request: a user's promise, or an actor's
 * task. For an actor the waiter is itself the op its handler awaits (one
 * object per call instead of two); `owner` is then the calling task.
 * The fields are RuntimeOp's (op.ts), with the callee and the request set.
 */
export interface Waiter extends RuntimeOp<unknown> {
  /** The callee. */
  readonly target: ActorId;
  /** The request. */
  readonly request: Envelope;
}

/** A waiter for the reply of `request` to `target`; `owner` is the awaiting task (undefined for a user). */
export function newWaiter(target: ActorId, request: Envelope, owner: OpOwner | undefined): Waiter {
  return new RuntimeOp<unknown>(owner, target, request) as Waiter;
}

/** One message in flight: requests, replies and wake-ups all go through the one queue. Kept small: a burst of sends holds thousands. */
export class Envelope {
  /** Counter of the message id (the id string is built on demand). */
  seq = 0;
  kind = HANDLE;
  source = '' as ActorId;
  dest = '' as ActorId;
  payload: Uint8Array = EMPTY;
  value = 0n;
  /** Block height when sent. */
  block = 0;
  /** The source is a user (replies go to the mailbox log), known when the message is made. */
  fromUser = false;
  /** Block height when it is due (delayed messages). */
  due = 0;
  /** The awaited call this request belongs to (replies carry the request's waiter; a WAKE its sleeping task's). */
  waiter: Waiter | undefined = undefined;
  /** For replies: the request answered. */
  replyTo: Envelope | undefined = undefined;
  /** For error replies. */
  error: ReplyError | undefined = undefined;
  /** Counter of the message whose handler sent this one (0: sent by a user or the runtime). */
  cause = 0;
  /** Gas the handler may use (0: the system's default). */
  gasLimit = 0;
  /** Gas the handler used, once it ended. */
  gasUsed = 0;
}

/** An empty payload. */
export const EMPTY: Uint8Array = new Uint8Array(0);
