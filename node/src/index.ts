// The public surface of @sprocket/node. Hand-written: anything not listed here is internal.
export { Admission, type CheckedTx, SignatureVerifier } from './admission.js';
export { isNodeError, NodeError, type NodeErrorCode, RPC_ERROR_NUMBERS } from './errors.js';
export type { BlockOutput, BlockRecord, InputResult } from './execution-records.js';
export { Executor } from './executor.js';
export type { BlockEntry, DevCommand, DevEntry, GenesisEntry, InputLog, LogEntry, Positioned, TxEntry } from './log.js';
export { SprocketNode } from './node.js';
export { DEFAULT_CHAIN_ID, type NodeOptions } from './node-options.js';
export { RpcServer, type RpcServerOptions } from './rpc/server.js';
export { codeIdOfBytes, type LoadedCode, loadCode } from './sandbox.js';
export { SqliteLog, type StoredBlock, type StoredCheckpoint } from './sqlite-log.js';
export { type StartedNode, type StartOptions, startNode } from './start.js';
export { STATE_TAG, stateRoot } from './state-root.js';
export { type VerifyReport, verifyChain } from './verify.js';
