// Callers waiting for what execution did: an input's result once its block ran, a message's reply once it exists.
// Both can be asked for before or after the fact, so each remembers what arrived before its waiter did.
import type { ActorSystem, ReplyRecord } from '@sprocket/runtime';
import type { MessageId } from '@sprocket/sdk';
import type { InputResult } from './execution-records.js';

/** Results kept by default for a waiter that registers after its block ran (`history.results`). */
export const DEFAULT_UNCLAIMED_RESULTS = 10_000;

/** The results of inputs by log position, handed to whoever waits for them. */
export class InputResults {
  private readonly waiters = new Map<number, (r: InputResult) => void>();
  /**
   * Results nobody waited for yet (a waiter registers after its input was appended, so its block may have run first):
   * at most `limit`, the oldest dropped, so a long-running node's memory stays bounded whatever its callers do.
   */
  private readonly unclaimed = new Map<number, InputResult>();

  /** `limit`: unclaimed results kept (at least 1). */
  constructor(private readonly limit = DEFAULT_UNCLAIMED_RESULTS) {}

  /** Results kept for late waiters now (at most the limit). */
  get unclaimedCount(): number {
    return this.unclaimed.size;
  }

  /** Resolves with the result of the input at `position` once its block ran. */
  resultOf(position: number): Promise<InputResult> {
    const known = this.unclaimed.get(position);
    if (known !== undefined) {
      this.unclaimed.delete(position);
      return Promise.resolve(known);
    }
    return new Promise((resolve) => this.waiters.set(position, resolve));
  }

  /** Hands a block's results to their waiters; the rest are kept for late waiters when `keep` (not while replaying). */
  deliver(done: readonly (readonly [number, InputResult])[], keep: boolean): void {
    for (const [pos, result] of done) {
      const resolve = this.waiters.get(pos);
      if (resolve !== undefined) {
        this.waiters.delete(pos);
        resolve(result);
      } else if (keep) {
        this.unclaimed.set(pos, result);
        // Insertion order is delivery order: the first key is the oldest result.
        if (this.unclaimed.size > this.limit) this.unclaimed.delete(this.unclaimed.keys().next().value as number);
      }
    }
  }
}

/** Callers waiting for the reply record of a message. */
export class ReplyWaiters {
  private readonly waiters = new Map<MessageId, ((r: ReplyRecord) => void)[]>();

  /** Resolves with the reply record of a message once `system` has it. */
  replyOf(system: ActorSystem, messageId: MessageId): Promise<ReplyRecord> {
    return new Promise((resolve) => {
      this.wait(system, messageId, resolve);
    });
  }

  /**
   * Calls `waiter` with the reply record of a message once `system` has it (now, if it has it already); returns
   * what forgets the waiter, for a caller that gives up (its wait must not outlive it).
   */
  wait(system: ActorSystem, messageId: MessageId, waiter: (r: ReplyRecord) => void): () => void {
    const known = system.replyOf(messageId);
    if (known !== undefined) {
      waiter(known);
      return () => undefined;
    }
    const list = this.waiters.get(messageId);
    if (list === undefined) this.waiters.set(messageId, [waiter]);
    else list.push(waiter);
    return () => this.drop(messageId, waiter);
  }

  /** Messages someone waits for the reply of. */
  get size(): number {
    return this.waiters.size;
  }

  /** Forgets a waiter. */
  private drop(messageId: MessageId, waiter: (r: ReplyRecord) => void): void {
    const list = this.waiters.get(messageId);
    if (list === undefined) return;
    const i = list.indexOf(waiter);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.waiters.delete(messageId);
  }

  /** Resolves the waiters whose reply `system` now has (after a block). */
  settle(system: ActorSystem): void {
    if (this.waiters.size === 0) return;
    for (const [messageId, waiters] of this.waiters) {
      const record = system.replyOf(messageId);
      if (record === undefined) continue;
      this.waiters.delete(messageId);
      for (const w of waiters) w(record);
    }
  }
}
