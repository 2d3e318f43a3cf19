import { describe, expect, it } from 'vitest';
import { type StateOwner, StateTracker } from './journal.js';

function owner(): StateOwner & { inSegment: boolean; readOnly: boolean } {
  return {
    inSegment: true,
    readOnly: false,
    mutationAttempted: false,
    ctxRead: false,
    journal: [],
    journalCap: Number.POSITIVE_INFINITY,
    label: 'Test',
  };
}

describe('StateTracker', () => {
  it('rolls back objects, arrays, Maps, Sets, bytes and dates; commit keeps', () => {
    const tracker = new StateTracker();
    const o = owner();
    const state = {
      n: 1,
      list: [1, 2],
      map: new Map([['a', { v: 1 }]]),
      set: new Set([1]),
      bytes: new Uint8Array([1, 2]),
      when: new Date(5),
    };
    const p = tracker.wrap(o, state) as typeof state;
    p.n = 2;
    p.list.push(3);
    p.list[0] = 9;
    (p as { extra?: number }).extra = 1;
    p.map.set('b', { v: 2 });
    (p.map.get('a') as { v: number }).v = 10;
    p.map.delete('a');
    p.set.add(2);
    p.set.clear();
    p.bytes.fill(7);
    p.bytes[0] = 8;
    p.when.setTime(99);
    StateTracker.rollback(o);
    expect(state).toEqual({
      n: 1,
      list: [1, 2],
      map: new Map([['a', { v: 1 }]]),
      set: new Set([1]),
      bytes: new Uint8Array([1, 2]),
      when: new Date(5),
    });
    p.n = 3;
    p.map.set('c', { v: 3 });
    StateTracker.commit(o);
    StateTracker.rollback(o);
    expect(state.n).toBe(3);
    expect(state.map.get('c')).toEqual({ v: 3 });
  });

  it('rolling back a delete from a plain object restores its key order, saved once a segment', () => {
    const tracker = new StateTracker();
    const o = owner();
    const state = { record: { x: 1, y: 2, z: 3 } as Record<string, number>, bare: Object.create(null) as Record<string, number> };
    state.bare.a = 1;
    state.bare.b = 2;
    const p = tracker.wrap(o, state) as typeof state;
    delete p.record.x;
    p.record.w = 4;
    delete p.record.y;
    delete p.record.w;
    p.record.x = 9;
    delete p.bare.a;
    expect(
      o.journal.filter(
        (_, i) => i % 5 === 0 && o.journal[i + 1] === state.record && o.journal[i + 2] !== undefined && Array.isArray(o.journal[i + 2]),
      ),
    ).toHaveLength(1);
    StateTracker.rollback(o);
    expect(Object.keys(state.record)).toEqual(['x', 'y', 'z']);
    expect(state.record).toEqual({ x: 1, y: 2, z: 3 });
    expect(Object.keys(state.bare)).toEqual(['a', 'b']);
    // Deleting the last key needs no saved order.
    delete p.record.z;
    expect(o.journal).toHaveLength(5);
    StateTracker.rollback(o);
    expect(Object.keys(state.record)).toEqual(['x', 'y', 'z']);
  });

  it('refuses a delete that leaves a hole in the middle of an array; pop, shift and splice still work', () => {
    const tracker = new StateTracker();
    const o = owner();
    const state = { list: [1, 2, 3, 4, 5] };
    const p = tracker.wrap(o, state) as typeof state;
    expect(() => delete p.list[1]).toThrow(expect.objectContaining({ code: 'RUNTIME_STATE_REFUSED' }));
    expect(state.list).toEqual([1, 2, 3, 4, 5]);
    p.list.pop();
    p.list.shift();
    p.list.splice(0, 2);
    expect(state.list).toEqual([4]);
    StateTracker.rollback(o);
    expect(state.list).toEqual([1, 2, 3, 4, 5]);
  });

  it('splice and unshift insert several items into a state array (they move items past the end first); rollback undoes them', () => {
    const tracker = new StateTracker();
    const o = owner();
    const state = { list: [1, 2] };
    const p = tracker.wrap(o, state) as typeof state;
    expect(p.list.splice(0, 0, 7, 8)).toEqual([]);
    expect(p.list.unshift(0, 9)).toBe(6);
    p.list.splice(2, 1, 3, 4, 5);
    expect(state.list).toEqual([0, 9, 3, 4, 5, 8, 1, 2]);
    expect(() => p.list.splice(0, 0, (() => 1) as unknown as number, 6)).toThrow(
      expect.objectContaining({ code: 'RUNTIME_STATE_REFUSED' }),
    );
    // Outside splice and unshift, a write past the end is still refused.
    expect(() => {
      p.list[20] = 1;
    }).toThrow(expect.objectContaining({ code: 'RUNTIME_STATE_REFUSED' }));
    StateTracker.rollback(o);
    expect(state.list).toEqual([1, 2]);
  });

  it('journals in proportion to the writes, not the state size', () => {
    const tracker = new StateTracker();
    const o = owner();
    const big = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) big.set(i, i);
    const p = tracker.wrap(o, { big }) as { big: Map<number, number> };
    p.big.set(1, 2);
    expect(o.journal.length).toBe(5);
  });

  it("journals a Map's read-modify-write with the value the read saw, and forgets it when a rollback undoes writes", () => {
    const tracker = new StateTracker();
    const o = owner();
    const raw = new Map([['k', 1]]);
    const p = tracker.wrap(o, { m: raw }) as { m: Map<string, number> };
    // Segment 1: read, write twice, roll back.
    p.m.set('k', (p.m.get('k') ?? 0) + 1);
    p.m.set('k', 7);
    StateTracker.rollback(o);
    expect(raw.get('k')).toBe(1);
    // Segment 2: a blind write after the rollback must journal 1 (what the map holds), not 7 (what the proxy wrote).
    p.m.set('k', 5);
    StateTracker.rollback(o);
    expect(raw.get('k')).toBe(1);
    // A delete between a read and a write: the write journals "absent", and rollback removes the key again.
    p.m.get('k');
    p.m.delete('k');
    p.m.set('k', 3);
    StateTracker.rollback(o);
    expect([...raw]).toEqual([['k', 1]]);
    // A clear between a read and a write.
    p.m.get('k');
    p.m.clear();
    p.m.set('k', 4);
    StateTracker.rollback(o);
    expect([...raw]).toEqual([['k', 1]]);
  });

  it('refuses writes outside a segment and in read-only segments', () => {
    const tracker = new StateTracker();
    const o = owner();
    const p = tracker.wrap(o, { n: 1 }) as { n: number };
    o.readOnly = true;
    expect(() => {
      p.n = 2;
    }).toThrow(/query/);
    expect(o.mutationAttempted).toBe(true);
    o.readOnly = false;
    o.inSegment = false;
    expect(() => {
      p.n = 2;
    }).toThrow(/outside/);
  });

  it('never stores proxies in state', () => {
    const tracker = new StateTracker();
    const o = owner();
    const state = { a: { x: 1 }, b: undefined as unknown };
    const p = tracker.wrap(o, state) as typeof state;
    p.b = p.a;
    expect(state.b).toBe(state.a);
  });

  it('rollback never throws, even when the target of an entry became read-only behind the proxy', () => {
    const tracker = new StateTracker();
    const o = owner();
    const state = { n: 1, cfg: { a: 1 } };
    const p = tracker.wrap(o, state) as typeof state;
    p.cfg.a = 2;
    p.n = 2;
    Object.freeze(state.cfg);
    expect(() => StateTracker.rollback(o)).not.toThrow();
    expect(state.n).toBe(1);
    expect(o.journal).toHaveLength(0);
  });

  it('refuses freezing, read-only and accessor definitions, prototypes and unstorable values, with RUNTIME_STATE_REFUSED', () => {
    const tracker = new StateTracker();
    const o = owner();
    const state = { cfg: { a: 1 }, m: new Map<string, unknown>(), bytes: new Uint8Array(2) };
    const p = tracker.wrap(o, state) as typeof state;
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'no error';
    };
    expect(refused(() => Object.freeze(p.cfg))).toBe('RUNTIME_STATE_REFUSED');
    expect(refused(() => Object.defineProperty(p.cfg, 'a', { value: 2, writable: false }))).toBe('RUNTIME_STATE_REFUSED');
    expect(refused(() => Object.defineProperty(p.cfg, 'b', { get: () => 1, configurable: true }))).toBe('RUNTIME_STATE_REFUSED');
    expect(refused(() => Object.setPrototypeOf(p.cfg, null))).toBe('RUNTIME_STATE_REFUSED');
    expect(refused(() => p.m.set('k', Promise.resolve()))).toBe('RUNTIME_STATE_REFUSED');
    expect(refused(() => p.bytes.buffer)).toBe('RUNTIME_STATE_REFUSED');
    expect(o.journal).toHaveLength(0);
    expect(Object.isFrozen(state.cfg)).toBe(false);
    expect(state.m.size).toBe(0);
  });
});
