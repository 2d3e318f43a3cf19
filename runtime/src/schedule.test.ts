import type { ActorId } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Envelope, newWaiter, type Waiter } from './message.js';
import { BlockSchedule } from './schedule.js';

function waiter(deadline: number): Waiter {
  const w = newWaiter('0x01' as ActorId, new Envelope(), undefined);
  w.deadline = deadline;
  return w;
}

describe('BlockSchedule reply deadlines (lazy removal)', () => {
  it('a removed deadline is neither due nor taken; live ones keep their order', () => {
    const s = new BlockSchedule<Envelope, Waiter>();
    const all = Array.from({ length: 1000 }, () => waiter(7));
    for (const w of all) s.addTimeout(w);
    const kept = all.filter((_, i) => i % 97 === 0);
    for (const w of all) if (!kept.includes(w)) s.removeTimeout(w);
    expect(s.nextDue()).toBe(7);
    const [bucket] = s.takeUpTo(7);
    expect(bucket?.timeouts).toEqual(kept);
    expect(s.nextDue()).toBeUndefined();
  });

  it('compacts a bucket once most of it is dead, so call-and-reply loops stay small', () => {
    const s = new BlockSchedule<Envelope, Waiter>();
    for (let i = 0; i < 100_000; i++) {
      const w = waiter(1000);
      s.addTimeout(w);
      s.removeTimeout(w);
    }
    expect(s.entries()).toEqual([]);
    expect(s.nextDue()).toBeUndefined();
  });

  it('holds no answered deadline of any height, even behind an earlier one still open', () => {
    const s = new BlockSchedule<Envelope, Waiter>();
    const open = waiter(5);
    s.addTimeout(open);
    // A block each: calls answered at once, deadlines a block apart, none due yet.
    for (let height = 10; height < 10_010; height++) {
      for (let i = 0; i < 100; i++) {
        const w = waiter(height);
        s.addTimeout(w);
        s.removeTimeout(w);
      }
    }
    const internal = s as unknown as { buckets: Map<number, unknown>; heap: number[] };
    // The open deadline's bucket, and at most the empty one the calls of the newest height reuse.
    expect(internal.buckets.size).toBeLessThanOrEqual(2);
    expect(internal.heap.length).toBeLessThanOrEqual(2 + 64 + 1);
    expect(s.nextDue()).toBe(5);
    // A deadline at a height whose bucket was forgotten is registered again and falls due.
    const late = waiter(20);
    s.addTimeout(late);
    expect(s.takeUpTo(20).flatMap((b) => b.timeouts)).toEqual([open, late]);
    expect(s.nextDue()).toBeUndefined();
  });

  it('removing twice, or after the bucket was taken, changes nothing', () => {
    const s = new BlockSchedule<Envelope, Waiter>();
    const a = waiter(3);
    const b = waiter(3);
    s.addTimeout(a);
    s.addTimeout(b);
    s.removeTimeout(a);
    s.removeTimeout(a);
    expect(s.nextDue()).toBe(3);
    const taken = s.takeUpTo(3);
    expect(taken[0]?.timeouts).toEqual([b]);
    s.removeTimeout(b);
    expect(taken[0]?.timeouts).toEqual([b]);
    expect(s.nextDue()).toBeUndefined();
  });

  it('a height taken and then used again gets a fresh bucket (the last-bucket cache is dropped)', () => {
    const s = new BlockSchedule<Envelope, Waiter>();
    s.addTimeout(waiter(5));
    expect(s.takeUpTo(5)).toHaveLength(1);
    const w = waiter(5);
    s.addTimeout(w);
    expect(s.nextDue()).toBe(5);
    expect(s.takeUpTo(10)[0]?.timeouts).toEqual([w]);
  });

  it('items and deadlines of several heights come out in height order', () => {
    const s = new BlockSchedule<Envelope, Waiter>();
    const e1 = new Envelope();
    const e2 = new Envelope();
    s.add(9, e2);
    s.add(4, e1);
    const w = waiter(6);
    s.addTimeout(w);
    s.addTimeout(waiter(6));
    s.removeTimeout(w);
    const taken = s.takeUpTo(100);
    expect(taken.map((b) => [b.items, b.timeouts.length])).toEqual([
      [[e1], 0],
      [[], 1],
      [[e2], 0],
    ]);
  });
});
