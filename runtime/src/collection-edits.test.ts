import { Actor, actor, type u8, type u32, type u64 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, unitActor } from './testing/index.js';

// How the commit check of integers in collection fields sees the ways a segment edits them (collection-ranges.ts):
// what the collection holds when the segment ends is what counts, read again only where the journal says it wrote.

type Bytes = u8[];

/** A record key the engine treats as the prototype's setter. */
const PROTO: string = '__proto__';

/** A base class of the actor's own: its fields are listed too. */
class Shelf extends Actor {
  inherited: u8[] = [];
}

@actor()
class Edits extends Shelf {
  items: u8[] = [];
  maybe: (u8 | null)[] = [];
  byName = new Map<string, u8>();
  byId: Map<u64, u8> = new Map();
  seen = new Set<u8>();
  tally: Record<string, u8> = {};
  optional: u8[] | null = null;
  aliased: Bytes = [];
  wide = new Map<string, u32>();

  edit(how: string, x: u32): void {
    const items = this.items;
    switch (how) {
      case 'push, length = 0':
        items.push(x);
        items.length = 0;
        break;
      case 'push, pop':
        items.push(x);
        items.pop();
        break;
      case 'push, shift':
        items.push(x);
        items.shift();
        break;
      case 'splice in and out':
        items.push(1, 2);
        items.splice(1, 0, x);
        items.splice(1, 1);
        break;
      case 'splice in':
        items.push(1, 2);
        items.splice(1, 0, x);
        break;
      case 'sort, reverse, copyWithin':
        items.push(3, 1, 2);
        items.sort();
        items.reverse();
        items.copyWithin(0, 1);
        break;
      case 'fill':
        items.push(3, 1, 2);
        items.fill(x, 1);
        break;
      case 'written, then fixed':
        items.push(x);
        items[items.length - 1] = 1;
        break;
      case 'null and a u8':
        this.maybe.push(null, x);
        break;
      case 'Map set, delete':
        this.byName.set('a', x);
        this.byName.delete('a');
        break;
      case 'Map delete, set':
        this.byName.delete('a');
        this.byName.set('a', x);
        break;
      case 'Map clear, set':
        this.byName.set('b', 1);
        this.byName.clear();
        this.byName.set('a', x);
        break;
      case 'u64 key as a number':
        (this.byId as Map<unknown, u8>).set(x, 1);
        break;
      case 'u64 key as a bigint':
        this.byId.set(BigInt(x), 1);
        break;
      case 'Set add, delete':
        this.seen.add(x);
        this.seen.delete(x);
        break;
      case 'Set add, clear':
        this.seen.add(x);
        this.seen.clear();
        break;
      case 'record delete':
        this.tally.k = x;
        delete this.tally.k;
        break;
      case 'record __proto__':
        this.tally[PROTO] = x;
        break;
      case 'record constructor':
        this.tally['constructor' as string] = x;
        break;
      case 'filtered':
        items.push(x);
        this.items = this.items.filter((v) => v < 256);
        break;
      case 'replaced, then written':
        this.items = [1];
        this.items[0] = x;
        break;
      case 'new Map(other)':
        this.wide.set('w', x);
        this.byName = new Map(this.wide);
        this.wide.delete('w');
        break;
      case 'replaced, then null':
        this.optional = [x];
        this.optional = null;
        break;
      case 'inherited':
        this.inherited.push(x);
        break;
      case 'through an alias':
        this.aliased.push(x);
        break;
      case 'held by a wider field':
        this.wide = this.byName;
        this.wide.set('w', x);
        break;
      default:
        throw new Error(`no edit ${how}`);
    }
  }

  async across(first: u32, second: u32): Promise<void> {
    this.items.push(first);
    await this.ctx.sleep(1);
    this.items.push(second);
  }
}

/** Each edit, with a u32 it writes, and whether the segment commits. */
const EDITS: readonly (readonly [how: string, x: number, commits: boolean])[] = [
  ['push, length = 0', 300, true],
  ['push, pop', 300, true],
  ['push, shift', 300, true],
  ['splice in and out', 300, true],
  ['splice in', 300, false],
  ['sort, reverse, copyWithin', 0, true],
  ['fill', 300, false],
  ['written, then fixed', 300, true],
  ['null and a u8', 7, true],
  ['null and a u8', 300, false],
  ['Map set, delete', 300, true],
  ['Map delete, set', 300, false],
  ['Map clear, set', 300, false],
  ['u64 key as a number', 1, false],
  ['u64 key as a bigint', 1, true],
  ['Set add, delete', 300, true],
  ['Set add, clear', 300, true],
  ['record delete', 300, true],
  // A number set as `__proto__` is ignored by the engine: nothing is written.
  ['record __proto__', 300, true],
  ['record constructor', 300, false],
  ['filtered', 300, true],
  ['replaced, then written', 300, false],
  ['new Map(other)', 300, false],
  ['replaced, then null', 300, true],
  ['inherited', 300, false],
  ['through an alias', 300, false],
  // The Map is `byName`'s too, declared Map<string, u8>: what it holds is out of that field's range.
  ['held by a wider field', 300, false],
];

const OUT_OF_RANGE = { code: 'RUNTIME_STATE_OUT_OF_RANGE' };

describe('edits of collection fields, checked at commit', () => {
  it.each(EDITS)('in the system: %s (%d) commits: %s', async (how, x, commits) => {
    const sys = createTestSystem({ seed: 'collection-edits' });
    const edits = await sys.deploy(Edits);
    const call = edits.edit(how, x);
    if (commits) await call;
    else await expect(call).rejects.toMatchObject({ code: 'HANDLER_FAILED', cause: OUT_OF_RANGE });
  });

  it.each(EDITS)('under unitActor: %s (%d) commits: %s', (how, x, commits) => {
    const { actor } = unitActor(new Edits());
    if (commits) actor.edit(how, x);
    else expect(() => actor.edit(how, x)).toThrow(expect.objectContaining(OUT_OF_RANGE));
  });

  it('checks each segment of a handler that awaits for what it wrote', async () => {
    const sys = createTestSystem({ seed: 'collection-edits-await' });
    const edits = await sys.deploy(Edits);
    await expect(edits.across(300, 1)).rejects.toMatchObject({ cause: OUT_OF_RANGE });
    await expect(edits.across(1, 300)).rejects.toMatchObject({ cause: OUT_OF_RANGE });
    await edits.across(1, 2);
    const { actor } = unitActor(new Edits());
    await expect(actor.across(300, 1)).rejects.toMatchObject(OUT_OF_RANGE);
    await expect(actor.across(1, 300)).rejects.toMatchObject(OUT_OF_RANGE);
    await actor.across(1, 2);
  });
});
