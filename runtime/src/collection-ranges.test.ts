import { Actor, type ActorId, actor, type CallError, type i32, type i128, query, type u8, type u32, type u128 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { collectionRangeError, rangedCollections, segmentRangeError } from './collection-ranges.js';
import { OP_MAP, OP_PROP } from './journal-entries.js';
import { rangedFields } from './state-ranges.js';
import { createTestSystem, unitActor } from './testing/index.js';

const U128_MAX = '340282366920938463463374607431768211455';

type Score = u8 | null;
type Amount = u128;

@actor()
class Ledger extends Actor {
  balances = new Map<ActorId, u128>();
  names: Map<u8, string> = new Map();
  scores: u8[] = [1, 2];
  seen = new Set<u8>();
  tallies: Record<string, u32> = {};
  best: Score = null;
  amounts: Amount[] = [];

  credit(who: ActorId, amount: i128): void {
    this.balances.set(who, amount);
  }

  creditHuge(who: ActorId): void {
    this.balances.set(who, 2n ** 200n);
  }

  creditAndDrop(who: ActorId, amount: i128): void {
    this.balances.set(who, amount);
    this.balances.delete(who);
  }

  name(id: i32, name: string): void {
    this.names.set(id, name);
  }

  setScore(at: u32, value: i32): void {
    this.scores[at] = value;
  }

  pushScore(value: i32): void {
    this.scores.push(value);
  }

  replaceScores(values: i32[]): void {
    this.scores = values;
  }

  see(value: i32): void {
    this.seen.add(value);
  }

  tally(key: string, value: i32): void {
    this.tallies[key] = value;
  }

  setBest(value: i32): void {
    this.best = value;
  }

  clearBest(): void {
    this.best = null;
  }

  addAmount(amount: i128): void {
    this.amounts.push(amount);
  }

  @query() balanceOf(who: ActorId): u128 {
    return this.balances.get(who) ?? 0n;
  }

  @query() state(): [u32[], u32[], u32, Score, u32] {
    return [this.scores, [...this.seen], this.names.size, this.best, Object.keys(this.tallies).length];
  }
}

@actor()
class BadStart extends Actor {
  counts: u8[] = [1, 300];
  ping(): void {}
}

@actor()
class BadUnit extends Actor {
  counts = new Set<u8>([1, 256]);
  ping(): void {}
}

/** What a failed call says, for the cases below. */
async function failure(call: Promise<unknown>): Promise<CallError> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as CallError | undefined;
  expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' } });
  return error as CallError;
}

describe('integers in collection fields, checked at commit in the system', () => {
  it('fails a Map value out of range, naming field, type, key and range, and rolls the segment back', async () => {
    const sys = createTestSystem({ seed: 'collection-ranges' });
    const ledger = await sys.deploy(Ledger);
    const other = await sys.deploy(Ledger);
    const alice = sys.user('alice').id;
    await ledger.credit(alice, 7n);
    await other.credit(alice, 9n);
    const negative = await failure(ledger.credit(alice, -5n));
    expect(negative.reason).toBe(
      `Ledger.credit: state field "balances" (Map<ActorId, u128>) holds -5n at key ${alice}, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    expect((await failure(ledger.creditHuge(alice))).reason).toContain(`holds ${2n ** 200n}n at key ${alice}`);
    // Rolled back, still running, and the other actor untouched.
    expect(await ledger.balanceOf(alice)).toBe(7n);
    expect(await other.balanceOf(alice)).toBe(9n);
    await ledger.credit(alice, 8n);
    expect(await ledger.balanceOf(alice)).toBe(8n);
    // What the segment deleted again is not in state: nothing to check.
    await ledger.creditAndDrop(sys.user('bob').id, -1n);
  });

  it('fails a Map key, an array item written by index or push, a Set item and a record value', async () => {
    const sys = createTestSystem({ seed: 'collection-ranges-kinds' });
    const ledger = await sys.deploy(Ledger);
    expect((await failure(ledger.name(300, 'x'))).reason).toContain(
      'state field "names" (Map<u8, string>) holds 300 as a key, outside 0..255',
    );
    expect((await failure(ledger.setScore(1, 256))).reason).toContain('state field "scores" (u8[]) holds 256 at index 1, outside 0..255');
    expect((await failure(ledger.setScore(2, -1))).reason).toContain('holds -1 at index 2, outside 0..255');
    expect((await failure(ledger.pushScore(1000))).reason).toContain('"scores" (u8[]) holds 1000 at index 2, outside 0..255');
    expect((await failure(ledger.see(256))).reason).toContain('state field "seen" (Set<u8>) holds 256 in the set, outside 0..255');
    expect((await failure(ledger.tally('bob', -1))).reason).toContain(
      'state field "tallies" (Record<string, u32>) holds -1 at key "bob", outside 0..4294967295',
    );
    expect((await failure(ledger.addAmount(-1n))).reason).toContain('state field "amounts" (Amount[]) holds -1n at index 0');
    expect(await ledger.state()).toEqual([[1, 2], [], 0, null, 0]);
    await ledger.pushScore(3);
    await ledger.see(4);
    await ledger.name(5, 'five');
    await ledger.tally('bob', 6);
    expect(await ledger.state()).toEqual([[1, 2, 3], [4], 1, null, 1]);
  });

  it('checks a replaced collection whole, and a field typed through a nullable alias', async () => {
    const sys = createTestSystem({ seed: 'collection-ranges-whole' });
    const ledger = await sys.deploy(Ledger);
    expect((await failure(ledger.replaceScores([1, 2, 3, 999]))).reason).toBe(
      'Ledger.replaceScores: state field "scores" (u8[]) holds 999 at index 3, outside 0..255; the segment is rolled back',
    );
    await ledger.replaceScores([9, 8]);
    expect((await failure(ledger.setBest(300))).reason).toContain('state field "best" (u8 | null) is 300, outside 0..255');
    await ledger.setBest(200);
    await ledger.clearBest();
    expect(await ledger.state()).toEqual([[9, 8], [], 0, null, 0]);
  });

  it('fails a deploy whose constructor built a collection out of range', async () => {
    const sys = createTestSystem({ seed: 'collection-ranges-deploy' });
    await expect(sys.deploy(BadStart)).rejects.toMatchObject({
      code: 'INIT_FAILED',
      reason: expect.stringContaining('state field "counts" (u8[]) holds 300 at index 1, outside 0..255'),
      cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' },
    });
    const ledger = await sys.deploy(Ledger);
    await ledger.pushScore(3);
  });
});

describe('integers in collection fields under unitActor', () => {
  it('fails with the same code and message, and rolls back', () => {
    const { actor } = unitActor(new Ledger());
    const alice = '0x01' as ActorId;
    actor.credit(alice, 3n);
    expect(() => actor.credit(alice, -5n)).toThrow(
      `Ledger.credit: state field "balances" (Map<ActorId, u128>) holds -5n at key 0x01, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    expect(() => actor.pushScore(256)).toThrow(expect.objectContaining({ code: 'RUNTIME_STATE_OUT_OF_RANGE' }));
    expect(() => actor.setScore(0, 1.5)).toThrow('state field "scores" (u8[]) holds 1.5 at index 0, which is not an integer');
    expect(() => actor.see(-1)).toThrow('"seen" (Set<u8>) holds -1 in the set');
    expect(() => actor.replaceScores([0, 256])).toThrow('"scores" (u8[]) holds 256 at index 1');
    expect(actor.balanceOf(alice)).toBe(3n);
    expect(actor.state()).toEqual([[1, 2], [], 0, null, 0]);
  });

  it('refuses an instance whose constructor built a collection out of range, as its deploy would fail', () => {
    expect(() => unitActor(new BadUnit())).toThrow(
      'BadUnit given to unitActor: state field "counts" (Set<u8>) holds 256 in the set, outside 0..255; a deploy would fail the same way',
    );
  });
});

describe('collectionRangeError', () => {
  const [balances] = rangedCollections([
    { name: 'balances', type: 'u128', element: 'map-value', declared: 'Map<ActorId, u128>' },
    { name: 'balances', type: 'u8', element: 'map-key', declared: 'Map<ActorId, u128>' },
  ]);
  const site = { handlerName: 'T.h' };

  it('merges the key and value entries of one field', () => {
    expect(balances).toMatchObject({ name: 'balances', kind: 'map', key: { type: 'u8' }, item: { type: 'u128' } });
  });

  it('reads only the entries the journal names, unless asked to read the collection whole', () => {
    const map = new Map<unknown, unknown>([
      [1, 5n],
      [2, -1n],
    ]);
    const state = { balances: map };
    const journal = [OP_MAP, map, 1, false, undefined];
    expect(collectionRangeError(state, [balances!], journal, false, site)).toBeUndefined();
    expect(collectionRangeError(state, [balances!], journal, true, site)?.message).toContain('holds -1n at key 2');
    // An entry of another collection (the one a field held before it was replaced) is not this field's.
    expect(collectionRangeError(state, [balances!], [OP_MAP, new Map([[2, -1n]]), 2, false, undefined], false, site)).toBeUndefined();
  });

  it('checks the fields a segment wrote: a value out of range from before, or a field put back as it was, passes', () => {
    const legacy = [300];
    const state = { count: 300, total: 1, scores: legacy };
    const code = {
      rangedFields: rangedFields([
        { name: 'count', type: 'u8' },
        { name: 'total', type: 'u8' },
      ]),
      rangedCollections: rangedCollections([{ name: 'scores', type: 'u8', element: 'array-item', declared: 'u8[]' }]),
      nestedFields: [],
    };
    const segment = (journal: unknown[], constructed = false) => segmentRangeError({ code, instance: state, journal }, constructed, site);
    // `total` written, `scores` replaced by [] and put back: neither writes the 300s.
    expect(segment([OP_PROP, state, 'total', true, 0, OP_PROP, state, 'scores', true, legacy, OP_PROP, state, 'scores', true, []])).toBe(
      undefined,
    );
    expect(segment([OP_PROP, state, 'count', true, 0])?.message).toContain('state field "count" (u8) is 300');
    expect(segment([OP_PROP, state, 'scores', true, [1]])?.message).toContain('holds 300 at index 0');
    expect(segment([], true)?.message).toContain('state field "count" (u8) is 300');
  });

  it('says how to write a number where the type is a bigint, and what a collection of the wrong kind holds', () => {
    const map = new Map<unknown, unknown>([[1, 5]]);
    expect(collectionRangeError({ balances: map }, [balances!], [OP_MAP, map, 1, false, undefined], false, site)?.message).toBe(
      'T.h: state field "balances" (Map<ActorId, u128>) holds the number 5 at key 1, but u128 is a bigint: write 5n (or BigInt(x)); the segment is rolled back',
    );
    expect(collectionRangeError({ balances: [1] }, [balances!], [], true, site)?.message).toContain('holds an array, not a Map');
    expect(collectionRangeError({ balances: null }, [balances!], [], true, site)).toBeUndefined();
  });
});
