import type { ActorId } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Relay, RelayGenerated } from './__fixtures__/actors.js';
import { Counter, CounterGenerated } from './__fixtures__/counter.js';
import { RuntimeError } from './errors.js';
import { dryRunQuery, trackChanges } from './host.js';
import { createTestSystem } from './testing/index.js';
import { Window, WindowMap } from './window.js';

describe('Window', () => {
  it('keeps the newest items in order and counts the dropped ones', () => {
    const w = new Window<number>(3);
    for (let i = 0; i < 10; i++) w.push(i);
    expect(w.toArray()).toEqual([7, 8, 9]);
    expect(w.size).toBe(3);
    expect(w.dropped).toBe(7);
    const copy = w.copy();
    w.push(10);
    expect(copy.toArray()).toEqual([7, 8, 9]);
    expect(w.toArray()).toEqual([8, 9, 10]);
  });

  it('with capacity 0 keeps nothing', () => {
    const w = new Window<number>(0);
    w.push(1);
    expect(w.toArray()).toEqual([]);
    expect(w.dropped).toBe(1);
  });

  it('rewinds to its mark exactly: what later pushes displaced comes back, and the drop count with it', () => {
    for (const [capacity, before, during] of [
      [4, 2, 1],
      [4, 2, 5],
      [4, 9, 3],
      [4, 9, 11],
      [0, 3, 2],
      [1, 0, 3],
    ] as const) {
      const w = new Window<number>(capacity);
      for (let i = 0; i < before; i++) w.push(i);
      const kept = w.toArray();
      const dropped = w.dropped;
      w.mark();
      for (let i = 0; i < during; i++) w.push(100 + i);
      w.rewind();
      expect([w.toArray(), w.dropped], `capacity ${capacity}, ${before} then ${during}`).toEqual([kept, dropped]);
      // It goes on as a window that never saw the rewound pushes.
      w.push(1000);
      expect(w.toArray().at(-1)).toBe(capacity === 0 ? undefined : 1000);
    }
  });

  it('refuses a second mark before the first is rewound', () => {
    const w = new Window<number>(2);
    w.mark();
    expect(() => w.mark()).toThrow(expect.objectContaining({ code: 'RUNTIME_BUSY' }));
    w.rewind();
    expect(() => w.mark()).not.toThrow();
  });
});

describe('WindowMap', () => {
  it('keeps the newest entries and tells a dropped key from one never stored', () => {
    const m = new WindowMap<string>(2);
    for (let i = 0; i < 5; i++) m.set(i, `r${i}`);
    expect(m.size).toBe(2);
    expect(m.entries()).toEqual([
      [3, 'r3'],
      [4, 'r4'],
    ]);
    expect(m.get(1)).toBeUndefined();
    expect(m.mayHaveDropped(1)).toBe(true);
    expect(m.mayHaveDropped(7)).toBe(false);
  });

  it('keeps its insertion order no longer than its entries, however many entries are deleted', () => {
    const m = new WindowMap<string>(10);
    const order = () => (m as unknown as { orderKeys: number[] }).orderKeys.length;
    for (let i = 0; i < 5; i++) m.set(i, `r${i}`);
    // Set and deleted again at once, as a dry run does.
    for (let i = 0; i < 10_000; i++) {
      m.set(5, 'dry');
      m.delete(5);
    }
    expect(order()).toBe(5);
    // Deleted out of order, so that no deletion is of the newest entry.
    for (let i = 0; i < 10_000; i++) {
      m.set(100 + 2 * i, 'x');
      m.set(101 + 2 * i, 'y');
      m.delete(100 + 2 * i);
      m.delete(101 + 2 * i);
    }
    expect(m.size).toBe(5);
    expect(order()).toBeLessThanOrEqual(2 * 5 + 1024 + 1);
    for (let i = 5; i < 20; i++) m.set(i, `r${i}`);
    expect(m.entries().map(([k]) => k)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});

describe('bounded windows of a system', () => {
  it('reply records, events and trace stay within their windows after many messages', async () => {
    const sys = createTestSystem({ replyWindow: 5, eventWindow: 4, traceWindow: 6 });
    const counter = await sys.deploy(Counter, 'new', [0]);
    const ids = Array.from({ length: 50 }, () => counter.send.add(1));
    await sys.runUntilIdle();
    const internals = sys.system.internals;
    expect(internals.replyLog.size).toBe(5);
    expect(internals.traceLog.size).toBe(6);
    expect(internals.eventLog.get(counter.address)?.size).toBe(4);
    // Recent records still answer.
    expect(sys.replyOf(ids[49] as `0x${string}`)).toMatchObject({ ok: true });
    expect(sys.events(counter, { recent: true })).toHaveLength(4);
    expect(sys.events(counter, { recent: true }).at(-1)?.name).toBe('Added');
    expect(sys.trace().split('\n')).toHaveLength(7);
    expect(sys.trace()).toMatch(/^… \d+ earlier trace records fell out of the trace window/);
    // Records that fell out say so.
    expect(() => sys.replyOf(ids[0] as `0x${string}`)).toThrow(/fell out of the reply window.*replyWindow/);
    expect(() => sys.events(counter)).toThrow(RuntimeError);
    expect(() => sys.events(counter)).toThrow(/fell out of the event window/);
  });

  it('with default windows a short run keeps everything and says nothing about dropping', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [0]);
    const id = counter.send.add(2);
    await sys.runUntilIdle();
    expect(sys.replyOf(id)).toMatchObject({ ok: true });
    expect(sys.events(counter).map((e) => e.name)).toEqual(['Added']);
    expect(sys.trace()).not.toContain('fell out');
  });

  it('a mailbox keeps its newest messages, oldest first, and a snapshot brings back the ones it kept', async () => {
    const sys = createTestSystem({ mailboxWindow: 10 });
    const relay = await sys.deploy(Relay);
    const alice = sys.user('alice');
    const mark = RelayGenerated.services[0]?.functions.find((f) => f.method === 'mark');
    const marks = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => mark?.encodeCall([String(from + i)]));
    await relay.spray(alice.id, 25);
    await sys.runUntilIdle();
    expect(sys.mailbox(alice).map((m) => m.payload)).toEqual(marks(15, 25));
    const saved = sys.snapshot();
    await relay.spray(alice.id, 4);
    await sys.runUntilIdle();
    expect(sys.mailbox(alice).map((m) => m.payload)).toEqual([...marks(19, 25), ...marks(0, 4)]);
    sys.restore(saved);
    expect(sys.mailbox(alice).map((m) => m.payload)).toEqual(marks(15, 25));
    // The default keeps 1,000 per user.
    const wide = createTestSystem();
    const other = await wide.deploy(Relay);
    await other.spray(wide.user('bob').id, 1_005);
    await wide.runUntilIdle();
    expect(wide.mailbox('bob')).toHaveLength(1_000);
    expect(wide.mailbox('bob')[0]?.payload).toEqual(mark?.encodeCall(['5']));
  });

  it('refuses a window size that is not a whole number, and a mailbox window above 10,000', () => {
    expect(() => createTestSystem({ traceWindow: -1 })).toThrow(/traceWindow must be a whole number/);
    expect(() => createTestSystem({ mailboxWindow: 1.5 })).toThrow(/mailboxWindow must be a whole number/);
    expect(() => createTestSystem({ mailboxWindow: 10_001 })).toThrow(/mailboxWindow must be at most 10000/);
    expect(createTestSystem({ mailboxWindow: 10_000 }).system.mailboxWindow).toBe(10_000);
  });
});

describe('dry runs', () => {
  it('a dry-run query leaves no reply or gas record, however many run', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [7]);
    const internals = sys.system.internals;
    const replies = internals.replyLog.size;
    const gas = internals.gasLog.size;
    const payload = CounterGenerated.services[0]?.functions.find((f) => f.method === 'value')?.encodeCall([]) as Uint8Array;
    for (let i = 0; i < 2_000; i++) await dryRunQuery(sys.system, sys.defaultUser.id, counter.address, payload);
    expect(internals.replyLog.size).toBe(replies);
    expect(internals.gasLog.size).toBe(gas);
    expect((internals.replyLog as unknown as { orderKeys: number[] }).orderKeys.length).toBe(replies);
    // The next real message gets the id the dry runs used, and no gas figure before it ran.
    const id = counter.send.add(1);
    expect(sys.gasOf(id)).toBeUndefined();
    await sys.runUntilIdle();
    expect(sys.gasOf(id)).toBeGreaterThan(0);
  });

  it('a dry-run query on a full trace window keeps every record the window held', async () => {
    const sys = createTestSystem({ traceWindow: 5 });
    const counter = await sys.deploy(Counter, 'new', [7]);
    for (let i = 0; i < 4; i++) await counter.add(1);
    const trace = sys.trace();
    const entries = sys.system.internals.traceLog.dropped;
    const payload = CounterGenerated.services[0]?.functions.find((f) => f.method === 'value')?.encodeCall([]) as Uint8Array;
    for (let i = 0; i < 3; i++) await dryRunQuery(sys.system, sys.defaultUser.id, counter.address, payload);
    expect(sys.trace()).toBe(trace);
    expect(sys.system.internals.traceLog.dropped).toBe(entries);
  });

  it('dry-run queries from addresses nobody owns leave no changed address behind but the queried actor', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [7]);
    const touched = trackChanges(sys.system);
    touched.clear();
    const payload = CounterGenerated.services[0]?.functions.find((f) => f.method === 'value')?.encodeCall([]) as Uint8Array;
    for (let i = 0; i < 500; i++) {
      const asker = `0x${(i + 1).toString(16).padStart(64, '0')}` as ActorId;
      expect(await dryRunQuery(sys.system, asker, counter.address, payload)).toBeInstanceOf(Uint8Array);
    }
    expect([...touched]).toEqual([counter.address]);
    expect(sys.system.internals.users.size).toBe(1);
  });
});
