import { RuntimeError } from './errors.js';
import type { GasReportSink } from './gas-report.js';
import type { ExecutionLimits } from './limits.js';
import { checkWindow } from './window.js';

/** Options of an actor system. */
export interface SystemOptions {
  /** Seed of message and actor ids; same seed and inputs give the same run. Default `"sprocket"`. */
  readonly seed?: string | number;
  /** Blocks a call waits for its reply when the call gives no `timeout`. Default 1000. */
  readonly replyTimeout?: number;
  /** Largest accepted payload in bytes; larger messages get a PAYLOAD_TOO_LARGE error reply. Default 8 MiB. */
  readonly maxPayloadBytes?: number;
  /** Messages handled per block before the block is full and the next one starts. Default 10,000. */
  readonly messagesPerBlock?: number;
  /** Virtual milliseconds per block. Default 3000 (Vara). */
  readonly blockTimeMs?: number;
  /** Timestamp of block 0 in virtual milliseconds. Default 0. */
  readonly genesisTimestamp?: number;
  /** Blocks `runUntilIdle` may pass before failing with RUNTIME_RUN_LIMIT. Default 100,000. */
  readonly maxIdleBlocks?: number;
  /** Gas a message's handler may use when its sender gives no `gasLimit` (see gas.ts for the costs). Default 50,000,000. */
  readonly gasLimit?: number;
  /** Gas the messages of one block may use together; a full block ends and the next starts. Default 10^12. */
  readonly blockGasLimit?: number;
  /** Execution limits (call depth, fan-out, messages, payload and state per segment, block, queue, wall clock); see limits.ts. */
  readonly limits?: Partial<ExecutionLimits>;
  /** Deterministic globals for contract code in this realm (sandbox-globals.ts). Default true; the node's vm contexts have their own. */
  readonly sandboxGlobals?: boolean;
  /**
   * Told the gas of every handled message with its actor and route (a gas report's collector). Default none; a test
   * system takes the one a test runner installed (`GAS_REPORT_SINK`).
   */
  readonly gasReport?: GasReportSink;
  /** Record the trace and each actor's events. Default true. */
  readonly record?: boolean;
  /** Trace records kept (the newest; older ones are dropped). Default 10,000. */
  readonly traceWindow?: number;
  /** Events kept per actor (the newest; older ones are dropped). Default 1,000. */
  readonly eventWindow?: number;
  /** Reply records of users' messages kept (the newest; older ones are dropped). Default 10,000. */
  readonly replyWindow?: number;
  /**
   * Messages kept per user mailbox (the newest; older ones are dropped, their value was credited on delivery).
   * Default 1,000, at most 10,000. Part of the state: every node of a chain must use the same value.
   */
  readonly mailboxWindow?: number;
  /**
   * @deprecated Ignored. The determinism guard no longer counts microtask checks: a segment
   * ends when its handler parks or settles, and is judged foreign once the microtask queue drains.
   */
  readonly microtaskBudget?: number;
}

/** The largest `mailboxWindow`: dropping the oldest message of a mailbox stays a constant-time step up to here. */
const MAX_MAILBOX_WINDOW = 10_000;

/** Messages a user mailbox keeps when the system options say nothing. */
export const DEFAULT_MAILBOX_WINDOW = 1_000;

/** The `mailboxWindow` option, checked (default {@link DEFAULT_MAILBOX_WINDOW}). */
export function mailboxWindowOf(n: number | undefined): number {
  const window = checkWindow(n ?? DEFAULT_MAILBOX_WINDOW, 'mailboxWindow');
  if (window > MAX_MAILBOX_WINDOW) {
    throw new RuntimeError(
      'RUNTIME_BAD_OPTION',
      `mailboxWindow must be at most ${MAX_MAILBOX_WINDOW}, got ${window}: follow mailboxes as blocks run (the node's mailbox subscription) instead of keeping more`,
    );
  }
  return window;
}
