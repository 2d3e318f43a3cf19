// A handler's own reference to an object it stored new in state is good until it awaits: after that, a write through
// it would skip the rollback journal, so it fails the segment and is put back.
import { Actor, type ActorId, actor, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, unitActor } from './testing/index.js';

@actor()
class Beacon extends Actor {
  ping(): u32 {
    return 1;
  }
}

interface Deal {
  points: u32;
}

@actor()
class Keeper extends Actor {
  deals = new Map<string, Deal>();
  tags = new Map<string, Map<string, u32>>();
  lists: u32[][] = [];
  dates = new Map<string, Date>();

  /** Stores a new deal, awaits, then writes `points` through the reference it kept or through `this`. */
  async keep(peer: ActorId, points: u32, via: 'kept' | 'this', fail: boolean): Promise<u32> {
    const deal: Deal = { points: 0 };
    this.deals.set('a', deal);
    await this.ctx.call(peer, new Uint8Array(0)).catch(() => undefined);
    if (via === 'kept') deal.points = points;
    else this.deals.get('a')!.points = points;
    if (fail) throw new Error('failed after the write');
    return points;
  }

  /** Stores a new deal and writes it through the reference in the same segment: the object is new, nothing awaited. */
  now(points: u32): u32 {
    const deal: Deal = { points: 0 };
    this.deals.set('a', deal);
    deal.points = points;
    return points;
  }

  /** A new Map and a new array, changed through the references kept across an await. */
  async collections(peer: ActorId, which: 'map' | 'array'): Promise<u32> {
    const tags = new Map<string, u32>();
    const list: u32[] = [];
    this.tags.set('t', tags);
    this.lists.push(list);
    await this.ctx.call(peer, new Uint8Array(0)).catch(() => undefined);
    if (which === 'map') tags.set('x', 1);
    else list.push(1);
    return 1;
  }

  /** Awaits twice: another message may change the deal in between, through `this`. */
  async slow(peer: ActorId): Promise<u32> {
    const deal: Deal = { points: 0 };
    this.deals.set('slow', deal);
    await this.ctx.call(peer, new Uint8Array(0)).catch(() => undefined);
    await this.ctx.call(peer, new Uint8Array(0)).catch(() => undefined);
    return deal.points;
  }

  /** Stores a new deal, takes it out of state again after an await, then changes it: it is the handler's own again. */
  async takeOut(peer: ActorId, points: u32, where: 'dropped' | 'moved'): Promise<u32> {
    const deal: Deal = { points: 0 };
    this.deals.set('out', deal);
    await this.ctx.call(peer, new Uint8Array(0)).catch(() => undefined);
    this.deals.delete('out');
    // Moved, it is still in state (under another key): a write through the kept reference is refused as before.
    if (where === 'moved') this.deals.set('moved', deal);
    await this.ctx.call(peer, new Uint8Array(0)).catch(() => undefined);
    deal.points = points;
    return deal.points;
  }

  /** A new Date stored in state, its time changed through the reference kept across an await. */
  async reschedule(peer: ActorId, via: 'kept' | 'this'): Promise<u32> {
    const when = new Date(1000);
    this.dates.set('d', when);
    await this.ctx.call(peer, new Uint8Array(0)).catch(() => undefined);
    if (via === 'kept') when.setTime(2000);
    else this.dates.get('d')!.setTime(2000);
    return 1;
  }

  @query()
  time(key: string): u32 {
    return this.dates.get(key)?.getTime() ?? 0;
  }

  bump(key: string, by: u32): void {
    this.deals.get(key)!.points += by;
  }

  @query()
  points(key: string): u32 {
    return this.deals.get(key)?.points ?? 0;
  }

  @query()
  sizes(): u32[] {
    return [this.tags.get('t')?.size ?? 0, this.lists[0]?.length ?? 0];
  }
}

async function setup() {
  const sys = createTestSystem({ seed: 'kept-references' });
  const beacon = await sys.deploy(Beacon);
  const keeper = await sys.deploy(Keeper);
  return { sys, peer: beacon.address, keeper };
}

describe('a reference kept across an await to an object stored new', () => {
  it('fails the segment that writes through it, and the write is put back', async () => {
    const { peer, keeper } = await setup();
    await expect(keeper.keep(peer, 5, 'kept', false)).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
      reason: expect.stringContaining(
        'Keeper.keep changed "points" of an object it stored in state before an await, through the reference it kept',
      ),
      cause: { code: 'RUNTIME_STATE_REFUSED' },
    });
    // The first segment committed the new deal; the write after the await did not stay.
    expect(await keeper.points('a')).toBe(0);
  });

  it('is put back when the segment fails for another reason', async () => {
    const { peer, keeper } = await setup();
    await expect(keeper.keep(peer, 5, 'kept', true)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    expect(await keeper.points('a')).toBe(0);
  });

  it('is not needed: the same write through `this` commits, and rolls back when the segment fails', async () => {
    const { peer, keeper } = await setup();
    expect(await keeper.keep(peer, 5, 'this', false)).toBe(5);
    expect(await keeper.points('a')).toBe(5);
    await expect(keeper.keep(peer, 9, 'this', true)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    expect(await keeper.points('a')).toBe(0);
  });

  it('is the object itself within the segment that stored it', async () => {
    const { keeper } = await setup();
    expect(await keeper.now(7)).toBe(7);
    expect(await keeper.points('a')).toBe(7);
  });

  it('covers a new Map and a new array', async () => {
    const { peer, keeper } = await setup();
    await expect(keeper.collections(peer, 'map')).rejects.toMatchObject({ reason: expect.stringContaining('changed an entry of') });
    expect(await keeper.sizes()).toEqual([0, 0]);
    await expect(keeper.collections(peer, 'array')).rejects.toMatchObject({ reason: expect.stringContaining('changed item 0 of') });
    expect(await keeper.sizes()).toEqual([0, 0]);
  });

  it("is the handler's own again once it is taken out of state: changing it is not refused", async () => {
    const { peer, keeper } = await setup();
    expect(await keeper.takeOut(peer, 4, 'dropped')).toBe(4);
    expect(await keeper.points('out')).toBe(0);
    // Still in state under another key: refused and put back.
    await expect(keeper.takeOut(peer, 4, 'moved')).rejects.toMatchObject({ cause: { code: 'RUNTIME_STATE_REFUSED' } });
    expect(await keeper.points('moved')).toBe(0);
  });

  it('covers a Date: a new time set through the kept reference is refused and put back', async () => {
    const { peer, keeper } = await setup();
    await expect(keeper.reschedule(peer, 'kept')).rejects.toMatchObject({ reason: expect.stringContaining('changed "time" of') });
    expect(await keeper.time('d')).toBe(1000);
    expect(await keeper.reschedule(peer, 'this')).toBe(1);
    expect(await keeper.time('d')).toBe(2000);
  });

  it('sees what other messages wrote through `this` meanwhile', async () => {
    const { peer, keeper } = await setup();
    const slow = keeper.slow(peer);
    keeper.send.bump('slow', 3);
    expect(await slow).toBe(3);
    expect(await keeper.points('slow')).toBe(3);
  });
});

describe('unitActor, as the system', () => {
  it('fails a write through a reference kept across an await and puts it back; a write through `this` commits', async () => {
    const peer = `0x${'11'.repeat(32)}` as ActorId;
    const { actor: keeper, ctx } = unitActor(new Keeper());
    ctx.onCall(() => new Uint8Array(0));
    await expect(keeper.keep(peer, 5, 'kept', false)).rejects.toMatchObject({
      code: 'RUNTIME_STATE_REFUSED',
      message: expect.stringContaining('Keeper.keep changed "points" of an object it stored in state before an await'),
    });
    expect(keeper.points('a')).toBe(0);
    expect(await keeper.keep(peer, 6, 'this', false)).toBe(6);
    expect(keeper.points('a')).toBe(6);
    await expect(keeper.collections(peer, 'array')).rejects.toMatchObject({ code: 'RUNTIME_STATE_REFUSED' });
    expect(keeper.sizes()).toEqual([0, 0]);
    expect(await keeper.takeOut(peer, 4, 'dropped')).toBe(4);
    await expect(keeper.takeOut(peer, 4, 'moved')).rejects.toMatchObject({ code: 'RUNTIME_STATE_REFUSED' });
    expect(keeper.points('moved')).toBe(0);
    await expect(keeper.reschedule(peer, 'kept')).rejects.toMatchObject({ code: 'RUNTIME_STATE_REFUSED' });
    expect(keeper.time('d')).toBe(1000);
  });
});
