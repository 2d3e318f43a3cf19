// The public surface of @sprocket/runtime. Hand-written: anything not listed here is internal.
export type { ActorRecord, ActorStatus } from './actor-record.js';
export { type CheckpointImage, checkpointImage, type EnvelopeImage, restoreCheckpointImage } from './checkpoint-image.js';
export { type ActorClass, Code, type DispatchEntry } from './code.js';
export { isRuntimeError, RuntimeError, type RuntimeErrorCode } from './errors.js';
export { DEFAULT_BLOCK_GAS_LIMIT, DEFAULT_GAS_LIMIT, GAS_COSTS } from './gas.js';
export { GAS_REPORT_SINK, type GasReportSink } from './gas-report.js';
export {
  dryRunQuery,
  ensureUser,
  installCode,
  type MessageImage,
  pendingImage,
  type StateImage,
  stateImage,
  trackChanges,
  userTransfer,
} from './host.js';
export { codeIdOf, userIdOf } from './ids.js';
export { DEFAULT_LIMITS, type ExecutionLimits } from './limits.js';
export { Sfc32 } from './random.js';
export { type GearReplyCode, gearReplyCode, SUCCESS_REPLY_CODE } from './reply-code.js';
export { runningSegment, type SandboxSegment, underWatchdog } from './sandbox-globals.js';
export { restoreSnapshot, type SystemSnapshot, takeSnapshot } from './snapshot.js';
export { rawState } from './state-proxies.js';
export { allowRealmData, STATE_TYPED_ARRAYS } from './state-rules.js';
export { traceOf } from './story.js';
export {
  ActorSystem,
  type EventRecord,
  type MailboxMessage,
  type ReplyRecord,
  type SystemOptions,
  type UserAccount,
} from './system.js';
export { SYSTEM_SENDER, type TraceEntry } from './trace.js';
export { User } from './user.js';
