import { describe, expect, it } from 'vitest';
import { EventHistory } from './event-history.js';
import type { EventView } from './execution-records.js';

const ev = (actor: string, block: number, name: string): EventView => ({
  actor: actor as never,
  name,
  payload: '0x',
  messageId: '0x',
  block,
});

describe('EventHistory', () => {
  it("returns an actor's events after a place, in order, without a gap while nothing was dropped", () => {
    const h = new EventHistory(10);
    h.addBlock(1, [ev('a', 1, 'x'), ev('b', 1, 'y'), ev('a', 1, 'z')]);
    h.addBlock(2, [ev('a', 2, 'w')]);
    const r = h.since('a', { block: 1, index: 0 });
    expect(r.events.map((e) => [e.view.name, e.index])).toEqual([
      ['z', 2],
      ['w', 0],
    ]);
    expect(r.gap).toBe(false);
  });

  it('reports a gap only for an actor whose events after the place were dropped', () => {
    const h = new EventHistory(2);
    h.addBlock(1, [ev('a', 1, 'x')]);
    h.addBlock(2, [ev('b', 2, 'y'), ev('b', 2, 'z')]);
    expect(h.since('a', { block: 0, index: 0 })).toMatchObject({ events: [], gap: true });
    expect(h.since('a', { block: 1, index: 0 }).gap).toBe(false);
    expect(h.since('b', { block: 0, index: 0 }).events.map((e) => e.view.name)).toEqual(['y', 'z']);
    expect(h.since('b', { block: 0, index: 0 }).gap).toBe(false);
  });

  it('reports a gap for a place before the first block it saw (a node started from a checkpoint)', () => {
    const h = new EventHistory(10);
    h.addBlock(50, [ev('a', 50, 'x')]);
    expect(h.since('a', { block: 10, index: 0 }).gap).toBe(true);
    expect(h.since('a', { block: 49, index: 3 }).gap).toBe(false);
  });

  it('forgets the events of blocks a revert took back', () => {
    const h = new EventHistory(10);
    h.addBlock(1, [ev('a', 1, 'x')]);
    h.addBlock(2, [ev('a', 2, 'y')]);
    h.addBlock(3, [ev('a', 3, 'z')]);
    h.addBlock(2, [ev('a', 2, 'w')]);
    expect(h.since('a', { block: 0, index: 0 }).events.map((e) => e.view.name)).toEqual(['x', 'w']);
  });
});
