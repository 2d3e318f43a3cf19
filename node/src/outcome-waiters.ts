// Callers waiting for what execution did: an input's result once its block ran, a message's reply once it exists.
// Both can be asked for before or after the fact, so each remembers what arrived before its waiter did.
import type { ActorSystem, ReplyRecord } from '@sprocket/runtime';
import type { MessageId } from '@sprocket/sdk';
import type { InputResult } from './execution-records.js';

/** Results kept for a waiter that registers after its block ran; beyond this the oldest are dropped. */
const UNCLAIMED_LIMIT = 100_000;

/** The results of inputs by log position, handed to whoever waits for them. */
export class InputResults {
  private readonly waiters = new Map<number, (r: InputResult) => void>();
  /** Results nobody waited for yet (a waiter may register after its block ran); the oldest are dropped. */
  private readonly unclaimed = new Map<number, InputResult>();

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
        if (this.unclaimed.size > UNCLAIMED_LIMIT) this.unclaimed.delete(this.unclaimed.keys().next().value as number);
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
