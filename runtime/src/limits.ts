import type { CallErrorCode } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';

/**
 * Execution limits of a system (`SystemOptions.limits`). Each stops a runaway contract with its own call error
 * code: the segment that passes it is rolled back, the actor keeps working. Gas bounds the work of one handler;
 * these bound what gas does not see (the depth of awaited call chains, messages in flight, state growth).
 */
export interface ExecutionLimits {
  /** Longest chain of awaited calls (a user's call is depth 1; self-awaits count). `CALL_DEPTH_EXCEEDED`. Default 64. */
  readonly callDepth: number;
  /** Awaited calls, queries and deploys one segment may make. `FAN_OUT_EXCEEDED`. Default 256. */
  readonly fanOut: number;
  /** Messages of any kind (sends, calls, deploys, sleeps) one segment may send. `SEND_LIMIT_EXCEEDED`. Default 10,000. */
  readonly messagesPerSegment: number;
  /**
   * Bytes of outgoing payloads one segment may send in all, its events included. `PAYLOAD_LIMIT_EXCEEDED`.
   * Default 64 MiB.
   */
  readonly payloadBytesPerSegment: number;
  /**
   * State writes (entries of the rollback journal) one segment may make. `STATE_LIMIT_EXCEEDED`. Default 1,000,000,
   * at most 20,000,000. Checked at every write (a built-in such as `splice` writes many times on one charge of gas).
   */
  readonly stateWritesPerSegment: number;
  /** Messages the segments handled in one block may send together. `BLOCK_MESSAGES_EXCEEDED`. Default 100,000. */
  readonly messagesSentPerBlock: number;
  /** Messages the queue may hold; a segment whose messages would pass it fails. `QUEUE_FULL`. Default 1,000,000. */
  readonly queuedMessages: number;
  /**
   * Heap growth backstop in bytes per segment, checked at gas checkpoints from the segment's first one, or 0 for none.
   * `HEAP_LIMIT_EXCEEDED`, reported with the whole gas limit used (garbage collection decides the exact point,
   * so the figure is the limit, the same on every run). Default 512 MiB.
   */
  readonly heapGrowthBytes: number;
  /**
   * Wall-clock backstop in milliseconds for the synchronous run of a handler (code that escaped metering), or 0 for
   * none. `WALL_CLOCK_EXCEEDED`: a handler is stopped after between 3/4 of it and all of it (wall-clock.ts). Its
   * outcome depends on the machine's speed, so it is off by default in the test kit.
   */
  readonly wallClockMs: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: ExecutionLimits = Object.freeze({
  callDepth: 64,
  fanOut: 256,
  messagesPerSegment: 10_000,
  payloadBytesPerSegment: 64 * 1024 * 1024,
  stateWritesPerSegment: 1_000_000,
  messagesSentPerBlock: 100_000,
  queuedMessages: 1_000_000,
  heapGrowthBytes: 512 * 1024 * 1024,
  wallClockMs: 0,
});

/** A system's default `maxPayloadBytes`: the largest message payload, and event. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

/** The largest `limits.stateWritesPerSegment`: a journal of 5 slots per write stays within what V8 can allocate. */
export const MAX_STATE_WRITES = 20_000_000;

/** The limits of a system: the defaults with `options` applied, each checked. */
export function limitsOf(options: Partial<ExecutionLimits> | undefined): ExecutionLimits {
  const limits = { ...DEFAULT_LIMITS, ...options };
  for (const [name, value] of Object.entries(limits)) {
    const min = name === 'wallClockMs' || name === 'heapGrowthBytes' ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RuntimeError('RUNTIME_BAD_OPTION', `limits.${name} must be a safe integer of at least ${min}, got ${String(value)}`);
    }
    // The journal holds 5 slots per write; V8 ends the process (it does not throw) past about 134 million.
    if (name === 'stateWritesPerSegment' && value > MAX_STATE_WRITES) {
      throw new RuntimeError('RUNTIME_BAD_OPTION', `limits.${name} must be at most ${MAX_STATE_WRITES}, got ${String(value)}`);
    }
  }
  return Object.freeze(limits);
}

/** Why a segment must fail whatever its handler does: a limit passed or a nondeterministic global used. */
export interface Halt {
  readonly code: CallErrorCode;
  readonly reason: string;
}

/** The signal thrown into contract code when its segment passed a limit; the segment fails with `halt.code`. */
export class LimitExceeded extends RuntimeError {
  constructor(readonly halt: Halt) {
    super('RUNTIME_LIMIT_EXCEEDED', `${halt.code}: ${halt.reason}`);
  }
}
