// A segment is failed only for the integers it wrote: elements that may be undefined are listed as nested (undefined
// passes there), and a value out
// of range from before (written on a unit test's instance, past the check) does not fail the segments that leave it
// alone, even one that replaces a collection field and puts it back.

import { createTestSystem, unitActor } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { TalliesClient, TalliesDefinition } from './tallies.gen.js';
import { Tallies } from './tallies.js';

/** The fields of a Tallies instance, written past the journal as state from before the check would be. */
interface RawTallies {
  total: number;
  awards: number[];
}

describe('what a segment did not write is not failed', () => {
  it('lists the elements of a collection that may hold undefined as nested, where undefined passes', () => {
    expect(TalliesDefinition.state).toEqual([
      { name: 'total', type: 'u16' },
      { name: 'awards', type: 'u16', element: 'array-item', declared: 'u16[]' },
    ]);
    expect(TalliesDefinition.nested).toEqual([
      { name: 'missing', declared: '(u16 | undefined)[]', shape: { kind: 'array', item: 'u16 | undefined' } },
      { name: 'byName', declared: 'Map<string, u16 | undefined>', shape: { kind: 'map', value: 'u16 | undefined' } },
    ]);
  });

  it('commits undefined in (u16 | undefined)[] and Map<string, u16 | undefined>, and still fails what is out of range', async () => {
    const sys = createTestSystem({ seed: 'tallies' });
    const tallies = await sys.deploy(TalliesClient);
    await tallies.skip('alice');
    await tallies.keepAwards();
    await expect(tallies.award(70_000)).rejects.toMatchObject({ cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' } });
    await expect(tallies.add(70_000)).rejects.toMatchObject({ cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' } });
    await tallies.award(7);
    expect(await tallies.counts()).toEqual([0, 1, 1, 1]);
  });

  it('under unitActor, passes the segments that leave a value out of range from before alone', () => {
    const instance = new Tallies();
    const { actor } = unitActor(instance);
    actor.skip('bob');
    const raw = instance as unknown as RawTallies;
    raw.total = 70_000;
    raw.awards.push(70_001);
    // Neither the total nor the award at index 0 is written: they pass, as does the field put back as it was.
    actor.award(1);
    actor.keepAwards();
    expect([raw.total, raw.awards]).toEqual([70_000, [70_001, 1]]);
    // What a segment writes is still checked.
    expect(() => actor.add(1)).toThrow('Tallies.add: state field "total" (u16) is 70001, outside 0..65535; the segment is rolled back');
    expect(() => actor.award(65_536)).toThrow('state field "awards" (u16[]) holds 65536 at index 2, outside 0..65535');
    expect([raw.total, raw.awards]).toEqual([70_000, [70_001, 1]]);
  });
});
