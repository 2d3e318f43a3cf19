import type { CallErrorCode } from '@sprocket/sdk';

/** A Gear `ReplyCode`: its Rust name and its 4-byte on-chain form (`ReplyCode::to_bytes`). */
export interface GearReplyCode {
  /** E.g. `Error(Execution(UserspacePanic))`. */
  readonly name: string;
  /** The 4 bytes Gear puts in a reply's details. */
  readonly bytes: readonly [number, number, number, number];
}

/** Gear's `ReplyCode::Success(SuccessReplyReason::Auto)`: `00 00 00 00`. */
export const SUCCESS_REPLY_CODE: GearReplyCode = { name: 'Success(Auto)', bytes: [0, 0, 0, 0] };

const USERSPACE_PANIC: GearReplyCode = { name: 'Error(Execution(UserspacePanic))', bytes: [1, 0, 3, 0] };
const PROGRAM_NOT_CREATED: GearReplyCode = { name: 'Error(UnavailableActor(ProgramNotCreated))', bytes: [1, 2, 3, 0] };
const INIT_FAILURE: GearReplyCode = { name: 'Error(UnavailableActor(InitializationFailure))', bytes: [1, 2, 1, 0] };
const UNINITIALIZED: GearReplyCode = { name: 'Error(UnavailableActor(Uninitialized))', bytes: [1, 2, 2, 0] };
const REMOVED_FROM_WAITLIST: GearReplyCode = { name: 'Error(RemovedFromWaitlist)', bytes: [1, 3, 0, 0] };
const RAN_OUT_OF_GAS: GearReplyCode = { name: 'Error(Execution(RanOutOfGas))', bytes: [1, 0, 0, 0] };
const MEMORY_OVERFLOW: GearReplyCode = { name: 'Error(Execution(MemoryOverflow))', bytes: [1, 0, 1, 0] };
const STACK_LIMIT_EXCEEDED: GearReplyCode = { name: 'Error(Execution(StackLimitExceeded))', bytes: [1, 0, 5, 0] };
const BACKEND_ERROR: GearReplyCode = { name: 'Error(Execution(BackendError))', bytes: [1, 0, 2, 0] };

// Sails programs panic on a bad payload, an unknown route and value sent to a
// non-payable route, so those are userspace panics on Gear too. Codes with no
// counterpart on chain (the caller-side BAD_REPLY, the runtime's own checks)
// map to undefined.
const TABLE: { readonly [C in CallErrorCode]: GearReplyCode | undefined } = {
  HANDLER_FAILED: USERSPACE_PANIC,
  DECODE_FAILED: USERSPACE_PANIC,
  UNKNOWN_ROUTE: USERSPACE_PANIC,
  VALUE_REJECTED: USERSPACE_PANIC,
  ACTOR_NOT_FOUND: PROGRAM_NOT_CREATED,
  SPAWN_FAILED: PROGRAM_NOT_CREATED,
  INIT_FAILED: INIT_FAILURE,
  NOT_INITIALIZED: UNINITIALIZED,
  TIMEOUT: REMOVED_FROM_WAITLIST,
  // On chain an exclusive-lock cycle would sit in the waitlist until removed.
  CALL_CYCLE: REMOVED_FROM_WAITLIST,
  // A foreign await is a trap the backend cannot resume.
  NONDETERMINISTIC_AWAIT: BACKEND_ERROR,
  // Gear rejects an oversized message when it is sent: no reply code.
  PAYLOAD_TOO_LARGE: undefined,
  // Queries are dry runs (`calculate_reply_for_handle`) on Gear: no reply code.
  QUERY_MUTATED: undefined,
  BAD_REPLY: undefined,
  OUT_OF_GAS: RAN_OUT_OF_GAS,
  CALL_DEPTH_EXCEEDED: STACK_LIMIT_EXCEEDED,
  STACK_LIMIT_EXCEEDED: STACK_LIMIT_EXCEEDED,
  STATE_LIMIT_EXCEEDED: MEMORY_OVERFLOW,
  HEAP_LIMIT_EXCEEDED: MEMORY_OVERFLOW,
  // Gear traps a program whose syscalls pass the outgoing-message limits: the backend stops it.
  FAN_OUT_EXCEEDED: BACKEND_ERROR,
  SEND_LIMIT_EXCEEDED: BACKEND_ERROR,
  PAYLOAD_LIMIT_EXCEEDED: BACKEND_ERROR,
  // The queue and block limits and the wall-clock backstop are the runtime's own: no reply code.
  BLOCK_MESSAGES_EXCEEDED: undefined,
  QUEUE_FULL: undefined,
  WALL_CLOCK_EXCEEDED: undefined,
  // A node refusing or not answering a network request happens before any message exists.
  NODE_REFUSED: undefined,
  NODE_UNAVAILABLE: undefined,
};

/** The Gear `ReplyCode` of an error reply, or undefined where Gear has no counterpart. */
export function gearReplyCode(code: CallErrorCode): GearReplyCode | undefined {
  return TABLE[code];
}
