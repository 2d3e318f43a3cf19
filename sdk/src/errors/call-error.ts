import { SprocketError } from './sprocket-error.js';

/**
 * Why a call failed. Each maps to a Gear `ReplyCode` where one exists
 * (see `gearReplyCode` in the runtime).
 */
export type CallErrorCode =
  /** The handler threw (Gear: Execution / UserspacePanic). */
  | 'HANDLER_FAILED'
  /** The payload could not be decoded: bad header, bad bytes, trailing bytes. */
  | 'DECODE_FAILED'
  /** The header names a route, interface or entry the actor does not have. */
  | 'UNKNOWN_ROUTE'
  /** No actor at that address (Gear: UnavailableActor / ProgramNotCreated). */
  | 'ACTOR_NOT_FOUND'
  /** The actor's constructor failed (Gear: UnavailableActor / InitFailure). */
  | 'INIT_FAILED'
  /** The actor has not run its constructor yet (Gear: UnavailableActor / Uninitialized). */
  | 'NOT_INITIALIZED'
  /** No reply arrived within the timeout (Gear: RemovedFromWaitlist). */
  | 'TIMEOUT'
  /** The payload is larger than the runtime accepts. */
  | 'PAYLOAD_TOO_LARGE'
  /** Value was sent to a handler that is not payable, or the sender lacks the balance. */
  | 'VALUE_REJECTED'
  /** A query tried to change state or send messages. */
  | 'QUERY_MUTATED'
  /** A handler awaited something that is not a runtime operation. */
  | 'NONDETERMINISTIC_AWAIT'
  /** An exclusive actor would wait on a call cycle forever. */
  | 'CALL_CYCLE'
  /** Code registration or spawn failed (Gear: FailedToCreateProgram). */
  | 'SPAWN_FAILED'
  /** The reply bytes did not decode as the expected type. */
  | 'BAD_REPLY'
  /** A node refused the request before running it: bad signature, nonce or params (`cause` says which). */
  | 'NODE_REFUSED'
  /** The node could not be reached, or the connection was lost before it answered. */
  | 'NODE_UNAVAILABLE';

/** Where a failed call was going. */
export interface CallErrorDetails {
  /** The callee's address. */
  readonly actor: string;
  /** `Service.Function` (or `Program.Constructor`), when the header could be read. */
  readonly route?: string;
  /** The handler's own error message, for `HANDLER_FAILED`. */
  readonly reason?: string;
  readonly cause?: unknown;
}

/** A call that ended with an error reply: the `await` of a client method rejects with it. */
export class CallError extends SprocketError {
  declare readonly code: CallErrorCode;
  /** The callee's address. */
  readonly actor: string;
  /** `Service.Function` when known. */
  readonly route: string | undefined;
  /** The handler's message (or the runtime's reason). */
  readonly reason: string;

  constructor(code: CallErrorCode, details: CallErrorDetails) {
    const where = details.route === undefined ? details.actor : `${details.route} on ${details.actor}`;
    const reason = details.reason ?? code;
    super(code, `${code}: ${where}: ${reason}`, { cause: details.cause });
    this.actor = details.actor;
    this.route = details.route;
    this.reason = reason;
  }
}

/** Whether a value is a CallError (also across duplicate package copies). */
export function isCallError(value: unknown): value is CallError {
  return value instanceof CallError || (value instanceof Error && value.name === 'CallError' && 'actor' in value);
}
