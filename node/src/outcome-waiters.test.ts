import type { ActorSystem, ReplyRecord } from '@sprocket/runtime';
import type { MessageId } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import type { InputResult } from './execution-records.js';
import { DEFAULT_UNCLAIMED_RESULTS, InputResults, ReplyWaiters } from './outcome-waiters.js';

const result = (position: number): InputResult => ({ position, block: 1 });

describe('InputResults', () => {
  it('hands a result to a waiter that came first, and keeps it for one that comes later only when asked to', async () => {
    const results = new InputResults();
    const early = results.resultOf(2);
    results.deliver(
      [
        [2, result(2)],
        [3, result(3)],
      ],
      true,
    );
    results.deliver([[4, result(4)]], false);
    expect(await early).toEqual(result(2));
    expect(await results.resultOf(3)).toEqual(result(3));
    // Not kept (replay): a waiter for it is still pending after a turn of the event loop.
    let late = false;
    void results.resultOf(4).then(() => {
      late = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(late).toBe(false);
  });
});

describe('InputResults bounded', () => {
  it('keeps at most its limit of unclaimed results, dropping the oldest and keeping the newest', async () => {
    const results = new InputResults(3);
    for (let pos = 1; pos <= 10; pos++) {
      results.deliver([[pos, result(pos)]], true);
      expect(results.unclaimedCount).toBe(Math.min(pos, 3));
    }
    results.deliver(
      [
        [11, result(11)],
        [12, result(12)],
      ],
      true,
    );
    expect(results.unclaimedCount).toBe(3);
    // The newest three are still there for a late waiter; claiming one frees its place.
    expect(await results.resultOf(12)).toEqual(result(12));
    expect(await results.resultOf(10)).toEqual(result(10));
    expect(await results.resultOf(11)).toEqual(result(11));
    expect(results.unclaimedCount).toBe(0);
    // An old one was dropped: its late waiter is not answered from the window.
    let answered = false;
    void results.resultOf(9).then(() => {
      answered = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
  });

  it('defaults to a bounded window', () => {
    const results = new InputResults();
    const many: [number, InputResult][] = [];
    for (let pos = 1; pos <= DEFAULT_UNCLAIMED_RESULTS + 500; pos++) many.push([pos, result(pos)]);
    results.deliver(many, true);
    expect(results.unclaimedCount).toBe(DEFAULT_UNCLAIMED_RESULTS);
  });
});

describe('ReplyWaiters', () => {
  const id = (n: number) => `0x${n.toString(16).padStart(2, '0').repeat(32)}` as MessageId;
  const record = (n: number) => ({ messageId: id(n) }) as unknown as ReplyRecord;

  it('resolves every waiter of a message once the system has its reply, and only those', async () => {
    const replies = new Map<MessageId, ReplyRecord>();
    const system = { replyOf: (m: MessageId) => replies.get(m) } as unknown as ActorSystem;
    const waiters = new ReplyWaiters();
    const settled: string[] = [];
    void waiters.replyOf(system, id(1)).then(() => settled.push('1a'));
    void waiters.replyOf(system, id(1)).then(() => settled.push('1b'));
    void waiters.replyOf(system, id(2)).then(() => settled.push('2'));
    // A waiter that gave up is forgotten, and only that one.
    const gaveUp: string[] = [];
    const forget = waiters.wait(system, id(1), () => gaveUp.push('1c'));
    forget();
    forget();
    const reply = record(1);
    replies.set(id(1), reply);
    waiters.settle(system);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual(['1a', '1b']);
    expect(gaveUp).toEqual([]);
    expect(waiters.size).toBe(1);
    // A reply the system already has is answered at once.
    expect(await waiters.replyOf(system, id(1))).toBe(reply);
  });

  it('forgets a message nobody waits for any more: waiters that gave up leave nothing behind', () => {
    const system = { replyOf: () => undefined } as unknown as ActorSystem;
    const waiters = new ReplyWaiters();
    const forgets = [1, 2, 3].map((n) => waiters.wait(system, id(n), () => undefined));
    expect(waiters.size).toBe(3);
    for (const forget of forgets) forget();
    expect(waiters.size).toBe(0);
  });
});
