// State nested 100,000 levels deep (arrays, objects, Maps) is ordinary state: it is stored through the journal,
// rolled back, copied by `sys.snapshot()`/`restore` and by `fixture()`, without any walk recursing over it.
import { Actor, actor, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, fixture } from './testing/index.js';

@actor()
class Burrow extends Actor {
  count: u32 = 0;
  root: unknown[] = [];

  /** Stores a chain `depth` levels deep: arrays, each holding an object that holds a Map. */
  dig(depth: u32, fail: boolean): u32 {
    const root: unknown[] = [];
    let cur = root;
    for (let i = 0; i < depth; i++) {
      const next: unknown[] = [];
      cur.push({ m: new Map([['next', next]]) });
      cur = next;
    }
    this.root = root;
    this.count += 1;
    if (fail) throw new Error('dug too deep');
    return depth;
  }

  @query()
  depth(): u32 {
    let n = 0;
    let cur = this.root;
    while (cur.length > 0) {
      cur = (cur[0] as { m: Map<string, unknown[]> }).m.get('next') as unknown[];
      n++;
    }
    return n;
  }
}

const DEPTH = 100_000;

describe('deep state', () => {
  it('is stored, rolled back, snapshotted and restored', async () => {
    const sys = createTestSystem({ seed: 'deep' });
    const burrow = await sys.deploy(Burrow);
    await expect(burrow.dig(DEPTH, true)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    expect(await burrow.depth()).toBe(0);
    expect(await burrow.dig(DEPTH, false)).toBe(DEPTH);
    const snapshot = sys.snapshot();
    expect(await burrow.dig(3, false)).toBe(3);
    sys.restore(snapshot);
    expect(await burrow.depth()).toBe(DEPTH);
    sys.restore(snapshot);
    expect(await burrow.depth()).toBe(DEPTH);
  });

  const load = fixture(async () => {
    const sys = createTestSystem({ seed: 'deep-fixture' });
    const burrow = await sys.deploy(Burrow);
    await burrow.dig(DEPTH, false);
    return { sys, burrow };
  });

  it('is kept by a fixture', async () => {
    const { burrow } = await load();
    expect(await burrow.dig(2, false)).toBe(2);
    const again = await load();
    expect(await again.burrow.depth()).toBe(DEPTH);
  });
});
