// Hands durable log entries to the executor strictly in position order. Appends complete out of order (group
// commits, the writer thread), so an entry waits here until every entry before it has been executed.
import type { Executor } from './executor.js';
import type { LogEntry, Positioned } from './log.js';

/** Feeds entries to the executor in log order and tells waiters when a position has been executed. */
export class ExecutionFeed {
  /** Position of the newest entry executed. */
  appliedPosition = 0;
  private readonly ready = new Map<number, Positioned>();
  private feeding = false;
  private readonly waiters = new Map<number, (() => void)[]>();

  /** `executor` is read at each entry (the node replaces it once, at startup); `onBlock` follows each block entry executed. */
  constructor(
    private readonly executor: () => Executor,
    private readonly onBlock: (timestamp: number) => void,
  ) {}

  /** Queues a durable entry; it is executed once every entry before it was. */
  feed(position: number, entry: LogEntry): void {
    this.ready.set(position, { position, entry });
    if (this.feeding) return;
    this.feeding = true;
    void this.drain();
  }

  /** Resolves once the entry at `position` has been executed. */
  executed(position: number): Promise<void> {
    if (position <= this.appliedPosition) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(position);
      if (list === undefined) this.waiters.set(position, [resolve]);
      else list.push(resolve);
    });
  }

  private async drain(): Promise<void> {
    const executor = this.executor;
    try {
      for (;;) {
        const next = this.ready.get(executor().position + 1);
        if (next === undefined) break;
        this.ready.delete(next.position);
        await executor().apply(next);
        this.appliedPosition = next.position;
        if (next.entry.kind === 'block') this.onBlock(next.entry.timestamp);
        const waiters = this.waiters.get(next.position);
        if (waiters !== undefined) {
          this.waiters.delete(next.position);
          for (const w of waiters) w();
        }
      }
    } finally {
      this.feeding = false;
    }
    const after = executor().position + 1;
    if (this.ready.has(after)) this.feed(after, (this.ready.get(after) as Positioned).entry);
  }
}
