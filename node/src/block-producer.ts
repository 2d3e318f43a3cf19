// The block producer: appends block entries to the log, on a timer (block time > 0) or with the inputs that need
// one (block time 0: the group commit's trailer, or a follow-up block for work a full block carried over or that a
// waiting caller's reply depends on).

import { isNodeError, NodeError } from './errors.js';
import type { Executor } from './executor.js';
import type { LogEntry } from './log.js';
import type { SqliteLog } from './sqlite-log.js';

/** What the producer reads of its node. */
export interface ProducerHost {
  readonly log: SqliteLog;
  /** The local clock (milliseconds since the epoch). */
  readonly now: () => number;
  /** The node's executor (read each time: the node replaces it once, at startup). */
  executor(): Executor;
  /** Hands an appended entry to execution. */
  feed(position: number, entry: LogEntry): void;
  /** Whether the node is closing (nothing more is produced). */
  closed(): boolean;
  /** Told when a block could not be appended while the node runs (the store failed): the node must not fail silently. */
  failed(error: NodeError): void;
}

/** Decides when blocks are appended and with which timestamp. */
export class BlockProducer {
  private timer: NodeJS.Timeout | undefined = undefined;
  /** The newest block timestamp given or executed: timestamps strictly increase whatever the local clock does. */
  private lastTimestamp: number;
  private inputsSinceBlock = 0;
  /** A block for carried-over work is about to be appended (automine). */
  private carryScheduled = false;

  constructor(
    private readonly host: ProducerHost,
    genesisTimestamp: number,
  ) {
    this.lastTimestamp = genesisTimestamp;
  }

  /** Counts an input logged but not yet in a block (startup replay: a block time 0 node then appends one). */
  inputLogged(): void {
    this.inputsSinceBlock++;
  }

  /** A block entry with `timestamp` was executed. */
  blockExecuted(timestamp: number): void {
    this.inputsSinceBlock = 0;
    this.lastTimestamp = Math.max(this.lastTimestamp, timestamp);
  }

  /** The log's group-commit trailer: with block time 0, a batch that holds inputs ends with its block entry (one commit, one fsync). */
  trailer(batch: readonly LogEntry[]): LogEntry[] {
    if (this.host.executor().blockTime !== 0 || this.host.closed() || !batch.some((e) => e.kind === 'tx' || e.kind === 'dev')) return [];
    this.inputsSinceBlock = 0;
    return [{ kind: 'block', timestamp: this.nextTimestamp() }];
  }

  /** Starts producing at the executor's block time. */
  start(): void {
    if (this.host.closed()) return;
    const ms = this.host.executor().blockTime;
    if (ms > 0) {
      this.timer = setInterval(() => {
        void this.append().catch(this.appendFailed);
      }, ms);
      this.timer.unref?.();
    } else if (this.inputsSinceBlock > 0) void this.append().catch(this.appendFailed);
  }

  /** Follows a changed block time. */
  restart(): void {
    this.stop();
    this.start();
  }

  /** Stops the timer (a block already being appended still completes). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A block the producer decided on could not be appended: reported unless the node is closing (then it is expected). */
  private readonly appendFailed = (error: unknown): void => {
    if (this.host.closed()) return;
    this.host.failed(
      isNodeError(error)
        ? error
        : new NodeError(
            'NODE_STORE',
            `a block could not be appended to the log: ${error instanceof Error ? error.message : String(error)}`,
            {},
            { cause: error },
          ),
    );
  };

  /** Appends a block entry now and hands it to execution; resolves with its position. */
  async append(): Promise<number> {
    const entry: LogEntry = { kind: 'block', timestamp: this.nextTimestamp() };
    this.inputsSinceBlock = 0;
    const [position] = (await this.host.log.append([entry])) as [number];
    this.host.feed(position, entry);
    return position;
  }

  /**
   * Automine: a full block left queued messages for the next one, or a caller waits for a reply that scheduled work
   * will bring (a handler asleep for some blocks); produce the next block even if no input comes, so that a
   * self-send loop cannot hold back the messages queued behind it (each block still holds at most its limit) and
   * an awaited call to a sleeping handler ends as it does in the test kit.
   */
  carryOver(): void {
    if (this.host.executor().blockTime !== 0 || this.carryScheduled) return;
    this.carryScheduled = true;
    // Decided after the block's listeners and the callers it answered ran: a caller that started waiting for a
    // reply counts, one that gave up no longer does.
    setImmediate(() => {
      this.carryScheduled = false;
      if (!this.host.closed() && this.hasWork()) void this.append().catch(this.appendFailed);
    });
  }

  private hasWork(): boolean {
    const executor = this.host.executor();
    return executor.carriesWork || executor.awaitsScheduledWork;
  }

  private nextTimestamp(): number {
    this.lastTimestamp = Math.max(this.lastTimestamp + 1, this.host.now());
    return this.lastTimestamp;
  }
}
