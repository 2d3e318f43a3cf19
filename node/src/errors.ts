// The node's error family: each code maps to one JSON-RPC error (docs/rpc.md, "Errors").
import { SprocketError } from '@sprocket/sdk';

/** Stable codes of {@link NodeError}, as carried in `error.data.code`. */
export type NodeErrorCode =
  | 'PARSE_ERROR'
  | 'INVALID_REQUEST'
  | 'METHOD_NOT_FOUND'
  | 'INVALID_PARAMS'
  | 'INTERNAL'
  | 'BAD_TX'
  | 'WRONG_CHAIN'
  | 'BAD_SIGNATURE'
  | 'BAD_NONCE'
  | 'INSUFFICIENT_BALANCE'
  | 'UNKNOWN_CODE'
  | 'UNKNOWN_ACTOR'
  | 'CALL_FAILED'
  | 'DEV_ONLY'
  | 'FRAME_TOO_LARGE'
  | 'OVERLOADED'
  | 'BAD_CODE'
  | 'BAD_GAS_LIMIT'
  | 'NODE_STORE'
  | 'NODE_LOCKED'
  | 'NODE_VERIFY_FAILED'
  | 'NODE_BAD_OPTION';

/** The numeric JSON-RPC `error.code` of each node error code. */
export const RPC_ERROR_NUMBERS: Readonly<Record<NodeErrorCode, number>> = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL: -32603,
  BAD_TX: 1001,
  WRONG_CHAIN: 1002,
  BAD_SIGNATURE: 1003,
  BAD_NONCE: 1004,
  INSUFFICIENT_BALANCE: 1005,
  UNKNOWN_CODE: 1006,
  UNKNOWN_ACTOR: 1007,
  CALL_FAILED: 1008,
  DEV_ONLY: 1009,
  FRAME_TOO_LARGE: 1010,
  OVERLOADED: 1011,
  BAD_CODE: 1012,
  BAD_GAS_LIMIT: 1013,
  NODE_STORE: -32603,
  NODE_LOCKED: -32603,
  NODE_VERIFY_FAILED: -32603,
  NODE_BAD_OPTION: -32602,
};

/** Every error the node raises: a stable code, a message, extra fields for `error.data`, and a cause. */
export class NodeError extends SprocketError {
  declare readonly code: NodeErrorCode;
  /** Extra fields of `error.data` (e.g. `path`, `next`, `expected`). */
  readonly data: Readonly<Record<string, unknown>>;

  constructor(code: NodeErrorCode, message: string, data: Record<string, unknown> = {}, options: { readonly cause?: unknown } = {}) {
    super(code, message, options);
    this.data = data;
  }
}

/** Whether a value is a NodeError (optionally of one code). */
export function isNodeError(value: unknown, code?: NodeErrorCode): value is NodeError {
  return value instanceof NodeError && (code === undefined || value.code === code);
}
