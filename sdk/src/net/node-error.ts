// A node's JSON-RPC errors (docs/rpc.md "Errors") and how they become the CallErrors a client sees: the same codes
// as in process where the runtime has one, NODE_REFUSED / NODE_UNAVAILABLE for what only a network can do.
import { CallError, type CallErrorCode } from '../errors/call-error.js';
import { SprocketError } from '../errors/sprocket-error.js';
import { fromHex } from '../scale/hex.js';

/** The `error` member of a JSON-RPC response. */
export interface RpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** An error a node answered with: `code` is its stable `data.code` (`BAD_NONCE`, `CALL_FAILED`, …). */
export class NodeError extends SprocketError {
  /** The JSON-RPC `error.code` (-32602, 1004, …). */
  readonly rpcCode: number;
  /** The JSON-RPC `error.data` object (`{}` when the node sent none). */
  readonly data: Readonly<Record<string, unknown>>;

  constructor(error: RpcErrorObject) {
    const data = isRecord(error.data) ? error.data : {};
    const code = typeof data.code === 'string' ? data.code : `RPC_${error.code}`;
    super(code, `${code}: ${error.message}`);
    this.rpcCode = error.code;
    this.data = data;
  }
}

/** Every CallError code, so that a node's `data.error` is trusted only when it is one. */
const CALL_ERROR_CODES: { readonly [C in CallErrorCode]: true } = {
  HANDLER_FAILED: true,
  DECODE_FAILED: true,
  UNKNOWN_ROUTE: true,
  ACTOR_NOT_FOUND: true,
  INIT_FAILED: true,
  NOT_INITIALIZED: true,
  TIMEOUT: true,
  PAYLOAD_TOO_LARGE: true,
  VALUE_REJECTED: true,
  QUERY_MUTATED: true,
  NONDETERMINISTIC_AWAIT: true,
  CALL_CYCLE: true,
  SPAWN_FAILED: true,
  BAD_REPLY: true,
  OUT_OF_GAS: true,
  CALL_DEPTH_EXCEEDED: true,
  STACK_LIMIT_EXCEEDED: true,
  FAN_OUT_EXCEEDED: true,
  SEND_LIMIT_EXCEEDED: true,
  PAYLOAD_LIMIT_EXCEEDED: true,
  STATE_LIMIT_EXCEEDED: true,
  HEAP_LIMIT_EXCEEDED: true,
  BLOCK_MESSAGES_EXCEEDED: true,
  QUEUE_FULL: true,
  WALL_CLOCK_EXCEEDED: true,
  NODE_REFUSED: true,
  NODE_UNAVAILABLE: true,
};

/** Node refusals that mean what an in-process code means. */
const SAME_AS_IN_PROCESS: Readonly<Record<string, CallErrorCode>> = {
  UNKNOWN_ACTOR: 'ACTOR_NOT_FOUND',
  INSUFFICIENT_BALANCE: 'VALUE_REJECTED',
  UNKNOWN_CODE: 'SPAWN_FAILED',
  BAD_CODE: 'SPAWN_FAILED',
  FRAME_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

/** Whether a string is a CallError code. */
export function isCallErrorCode(code: unknown): code is CallErrorCode {
  return typeof code === 'string' && Object.hasOwn(CALL_ERROR_CODES, code);
}

/**
 * The CallError for a node's error answer to a request about `actor`: `CALL_FAILED` carries the in-process code in
 * `data.error`; the NodeError is the `cause`.
 */
export function callErrorFromNode(error: RpcErrorObject, actor: string): CallError {
  const cause = new NodeError(error);
  const data = cause.data;
  const reason = typeof data.reason === 'string' ? data.reason : error.message;
  const route = typeof data.route === 'string' ? data.route : undefined;
  if (cause.code === 'CALL_FAILED') {
    const code = isCallErrorCode(data.error) ? data.error : 'HANDLER_FAILED';
    // A failed deploy names the actor it made, as in process, rather than the code it was asked about.
    const about = typeof data.address === 'string' ? data.address : actor;
    // The error reply's payload (a `throws` error: header ‖ SCALE(E)); the generated client decodes it.
    const replyPayload = typeof data.payload === 'string' && data.payload.length > 2 ? hexPayload(data.payload) : undefined;
    return new CallError(code, { actor: about, route, reason, cause, ...(replyPayload === undefined ? {} : { replyPayload }) });
  }
  const code = SAME_AS_IN_PROCESS[cause.code] ?? 'NODE_REFUSED';
  // A short balance names the sender first, as in process: its message is read from the reason alone.
  if (code === 'VALUE_REJECTED' && typeof data.signer === 'string')
    return new CallError(code, { actor, route, reason, cause, sender: data.signer });
  return new CallError(code, { actor, route, reason: code === 'NODE_REFUSED' ? `${cause.code}: ${reason}` : reason, cause });
}

/** Any failure of a request about `actor` as the CallError its caller sees (a node's error answer, or the connection's). */
export function asCallError(error: unknown, actor: string): CallError {
  if (error instanceof CallError) return error;
  if (isRecord(error) && typeof error.code === 'number') return callErrorFromNode(error as unknown as RpcErrorObject, actor);
  return new CallError('NODE_UNAVAILABLE', { actor, reason: error instanceof Error ? error.message : String(error), cause: error });
}

/** Whether a value is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The bytes of a hex payload a node sent, or undefined when it is not hex (the error keeps its code and reason). */
function hexPayload(hex: string): Uint8Array | undefined {
  try {
    return fromHex(hex, 'payload');
  } catch {
    return undefined;
  }
}
