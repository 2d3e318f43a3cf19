import { SprocketError } from '@sprocket/sdk';

/** Stable codes of {@link RuntimeError}. */
export type RuntimeErrorCode =
  /** A class given to the runtime has no `@actor()` decorator. */
  | 'RUNTIME_NOT_AN_ACTOR'
  /** No code with that CodeId is registered. */
  | 'RUNTIME_UNKNOWN_CODE'
  /** No actor or user at that address, or no user of that name. */
  | 'RUNTIME_UNKNOWN_ADDRESS'
  /** The actor has no constructor of that name. */
  | 'RUNTIME_UNKNOWN_CONSTRUCTOR'
  /** The actor has no event of that name. */
  | 'RUNTIME_UNKNOWN_EVENT'
  /** A balance is too small for the value being moved. */
  | 'RUNTIME_INSUFFICIENT_BALANCE'
  /** A query tried to change state, send, emit or sleep. */
  | 'RUNTIME_QUERY_MUTATED'
  /** Actor state was written outside one of its execution segments (after an await of a foreign promise). */
  | 'RUNTIME_LATE_WRITE'
  /** A context operation was used outside a handler. */
  | 'RUNTIME_NOT_IN_HANDLER'
  /** `runUntilIdle` passed more blocks than allowed (a message loop that never ends?). */
  | 'RUNTIME_RUN_LIMIT'
  /** Awaited calls can never settle: nothing is queued or scheduled. */
  | 'RUNTIME_STALLED'
  /** snapshot()/restore() while handlers or awaited calls are in flight. */
  | 'RUNTIME_BUSY'
  /** An option has a value the runtime cannot use. */
  | 'RUNTIME_BAD_OPTION'
  /** A mocked context received a call nobody mocked. */
  | 'RUNTIME_UNMOCKED_CALL'
  /** A reply was required of a message that has not been handled yet (the queue has not run). */
  | 'RUNTIME_NO_REPLY_YET'
  /** The operation is not available in this place. */
  | 'RUNTIME_UNSUPPORTED'
  /** A handler tried to put into actor state something the rollback journal cannot undo (see docs/state.md). */
  | 'RUNTIME_STATE_REFUSED'
  /** The running segment used up its gas limit (the message fails with OUT_OF_GAS). */
  | 'RUNTIME_OUT_OF_GAS'
  /** Contract code kept running after its segment ended (work a handler did not await) and used up the gas it may use there. */
  | 'RUNTIME_DETACHED_WORK'
  /** Contract code used a nondeterministic global (a clock, randomness, a timer, I/O, a weak reference). */
  | 'RUNTIME_NONDETERMINISTIC'
  /** The running segment passed an execution limit (the message fails with the limit's code). */
  | 'RUNTIME_LIMIT_EXCEEDED'
  /** A balance or the total supply would exceed u128. */
  | 'RUNTIME_VALUE_OVERFLOW'
  /** A committed segment left a wire-typed state field out of its type's range. */
  | 'RUNTIME_STATE_OUT_OF_RANGE'
  /** A trace, event or reply record asked for fell out of its bounded window. */
  | 'RUNTIME_RECORD_DROPPED'
  /** A bug in the runtime itself. */
  | 'RUNTIME_INTERNAL'
  /** A `throws` handler returned something other than `ok(value)` or `err(error)`. */
  | 'RUNTIME_BAD_RESULT'
  /** An actor's generated definition lists handlers its class no longer has (the file changed after `sprocket gen`). */
  | 'RUNTIME_STALE_DEFINITION'
  /** A `fixture` setup did not resolve with an object holding its test system as `sys`. */
  | 'RUNTIME_BAD_FIXTURE'
  /** `restore()` was given something that is not a snapshot `snapshot()` returned. */
  | 'RUNTIME_BAD_SNAPSHOT'
  /** A test matcher was given something it cannot check (a promise where it needs a function, an object that is not a client). */
  | 'RUNTIME_BAD_EXPECTATION';

/** Every error the runtime raises itself (callers' failed awaits are `CallError`s from the sdk). */
export class RuntimeError extends SprocketError {
  declare readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** Whether a value is a RuntimeError (optionally of one code). */
export function isRuntimeError(value: unknown, code?: RuntimeErrorCode): value is RuntimeError {
  return value instanceof RuntimeError && (code === undefined || value.code === code);
}
