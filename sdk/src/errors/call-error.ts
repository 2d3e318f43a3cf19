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
  /** The handler used up its gas limit and its segment was rolled back (Gear: Execution / RanOutOfGas). */
  | 'OUT_OF_GAS'
  /** A chain of awaited calls passed the system's `limits.callDepth` (Gear: Execution / StackLimitExceeded). */
  | 'CALL_DEPTH_EXCEEDED'
  /** The handler overflowed the JS stack (unbounded recursion), reported with the whole gas limit used (Gear: StackLimitExceeded). */
  | 'STACK_LIMIT_EXCEEDED'
  /** One segment made more awaited calls than `limits.fanOut`. */
  | 'FAN_OUT_EXCEEDED'
  /** One segment sent more messages than `limits.messagesPerSegment`. */
  | 'SEND_LIMIT_EXCEEDED'
  /** One segment's outgoing payloads passed `limits.payloadBytesPerSegment` bytes. */
  | 'PAYLOAD_LIMIT_EXCEEDED'
  /** One segment made more state writes than `limits.stateWritesPerSegment` (Gear: Execution / MemoryOverflow). */
  | 'STATE_LIMIT_EXCEEDED'
  /** The handler's heap grew past the backstop `limits.heapGrowthBytes` (allocation without end). */
  | 'HEAP_LIMIT_EXCEEDED'
  /** The segments of one block sent more messages than `limits.messagesSentPerBlock`. */
  | 'BLOCK_MESSAGES_EXCEEDED'
  /** The queue holds `limits.queuedMessages` messages: the segment's messages do not fit. */
  | 'QUEUE_FULL'
  /** The handler ran longer than the wall-clock backstop `limits.wallClockMs` (code that escaped gas metering). */
  | 'WALL_CLOCK_EXCEEDED'
  /** A node refused the request before running it: bad signature, nonce or params (`cause` says which). */
  | 'NODE_REFUSED'
  /** The node could not be reached, or the connection was lost before it answered. */
  | 'NODE_UNAVAILABLE';

/**
 * A signed write whose outcome a connection could not learn (the connection was lost after it was sent): what
 * identifies it on the node. The node assigns the message id when the write's block runs, so the client cannot know
 * it; the block that ran the write lists `{ signer, nonce, messageId }` among its `inputs` (docs/node-client.md).
 */
export interface PendingWrite {
  /** The JSON-RPC method it was sent with (`message_call`, `message_send`, `actor_deploy`, …). */
  readonly method: string;
  /** The signing account's address. */
  readonly signer: string;
  /** The nonce the transaction was signed with: at most one transaction of `signer` with it is ever accepted. */
  readonly nonce: bigint;
  /** The chain id it was signed for. */
  readonly chainId: string;
  /** The message it sent, when the node ran it and its reply is still to come (`message_get` shows its outcome). */
  readonly messageId?: string;
}

/** Where a failed call was going. */
export interface CallErrorDetails {
  /** The callee's address. */
  readonly actor: string;
  /** A readable name of the callee (`alice`, `Multisig#2`), shown in the message instead of the address. */
  readonly label?: string;
  /** `Service.Function` (or `Program.Constructor`), when the header could be read. */
  readonly route?: string;
  /** The handler's own error message, for `HANDLER_FAILED`. */
  readonly reason?: string;
  /**
   * The sender's readable name when the sender's side refused the call before it left (its balance does not cover
   * the value): the reason then names both sides (`Multisig has 600 available and cannot send 700 to Target`) and the
   * message reads from it, without the callee in front.
   */
  readonly sender?: string;
  /** Context shown after the reason, e.g. that earlier segments of the handler stayed committed. */
  readonly note?: string | undefined;
  readonly cause?: unknown;
  /** The bytes of the error reply, when it carried any (a `throws` function's header ‖ SCALE(E)). */
  readonly replyPayload?: Uint8Array;
  /** The decoded error value of a `-> T throws E` function. */
  readonly payload?: unknown;
  /** A `NODE_UNAVAILABLE` signed write that may or may not have been accepted: what identifies it on the node. */
  readonly pendingWrite?: PendingWrite;
}

/**
 * A call that ended with an error reply: the `await` of a client method rejects with it. For a function declared
 * `-> T throws E`, a failure the handler reported carries the decoded `E` in `payload` (typed as `E` when narrowed
 * with the generated client's `errorOf`/`isErrorOf` or with `CallError<E>`).
 */
export class CallError<E = unknown> extends SprocketError {
  declare readonly code: CallErrorCode;
  /** The callee's address. */
  readonly actor: string;
  /** The callee's readable name when the runtime knows one (else the address). */
  readonly label: string;
  /** `Service.Function` when known. */
  readonly route: string | undefined;
  /** The handler's message (or the runtime's reason). */
  readonly reason: string;
  /** The sender's readable name, when the sender's side refused the call (`VALUE_REJECTED` for a short balance). */
  readonly sender: string | undefined;
  /** The raw bytes of the error reply, when it carried any (`throws`: Sails header ‖ SCALE(E)). */
  readonly replyPayload: Uint8Array | undefined;
  /** The decoded error of a `-> T throws E` function; undefined for other failures (panics, decode errors, timeouts...). */
  readonly payload: E | undefined;
  /** Context for the reader (e.g. the failure came after an await and earlier segments stayed committed). */
  readonly note: string | undefined;
  /** Set on `NODE_UNAVAILABLE` when a signed write was sent and its outcome is unknown: how to look it up on the node. */
  readonly pendingWrite: PendingWrite | undefined;

  constructor(code: CallErrorCode, details: CallErrorDetails) {
    const who = details.label === undefined || details.label === details.actor ? details.actor : details.label;
    const where = details.route === undefined ? who : `${details.route} on ${who}`;
    const reason = details.reason ?? code;
    const note = details.note === undefined ? '' : ` (${details.note})`;
    // A refusal on the sender's side names both sides in its reason; the callee in front would read as the sender.
    const text = details.sender === undefined ? `${where}: ${reason}` : reason;
    super(code, `${code}: ${text}${note}`, { cause: details.cause });
    this.actor = details.actor;
    this.label = details.label ?? details.actor;
    this.route = details.route;
    this.reason = reason;
    this.sender = details.sender;
    this.replyPayload = details.replyPayload;
    this.payload = details.payload as E | undefined;
    this.note = details.note;
    this.pendingWrite = details.pendingWrite;
  }
}

/** Whether a value is a CallError (also across duplicate package copies). */
export function isCallError(value: unknown): value is CallError {
  return value instanceof CallError || (value instanceof Error && value.name === 'CallError' && 'actor' in value);
}
