// Integers inside collection fields are range-checked at commit through the committed generated definition
// (points.gen.ts, made by `sprocket gen`): the extractor lists them, the runtime checks the entries a segment wrote.

import { createTestSystem, unitActor } from '@sprocket/runtime/testing';
import { CallError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { PointsClient, PointsDefinition } from './points.gen.js';
import { Points } from './points.js';

const U32_MAX = 4_294_967_295;

/** The error a call failed with (it must fail). */
async function failure(call: Promise<unknown>): Promise<CallError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallError);
  return error as CallError;
}

describe('integers in collection fields, through the generated definition', () => {
  it('lists the Map values, the array items and the nullable alias field', () => {
    expect(PointsDefinition.state).toEqual([
      { name: 'points', type: 'u32', element: 'map-value', declared: 'Map<ActorId, u32>' },
      { name: 'recent', type: 'u16', element: 'array-item', declared: 'u16[]' },
      { name: 'best', type: 'u16 | null' },
    ]);
  });

  it('fails a segment that leaves a Map value or an array item out of range; the rest of the system runs on', async () => {
    const sys = createTestSystem({ seed: 'points' });
    const alice = sys.user('alice');
    const points = await sys.deploy(PointsClient);
    const other = await sys.deploy(PointsClient);
    await points.award(alice.id, U32_MAX - 1);
    await other.award(alice.id, 5);

    const over = await failure(points.award(alice.id, 2));
    expect(over).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' } });
    expect(over.reason).toBe(
      `Points.award: state field "points" (Map<ActorId, u32>) holds ${U32_MAX + 1} at key ${alice.id}, outside 0..${U32_MAX}; the segment is rolled back`,
    );
    const item = await failure(points.note(70_000));
    expect(item.reason).toBe(
      'Points.note: state field "recent" (u16[]) holds 70000 at index 0, outside 0..65535; the segment is rolled back',
    );
    expect((await failure(points.keepBest(70_000))).reason).toContain('state field "best" (u16 | null) is 70000, outside 0..65535');

    // Rolled back: the totals, the history and the other actor are as they were, and both still take messages.
    expect(await points.pointsOf(alice.id)).toBe(U32_MAX - 1);
    expect(await points.history()).toEqual([[], null]);
    expect(await other.pointsOf(alice.id)).toBe(5);
    await points.award(alice.id, 1);
    await points.note(7);
    await points.keepBest(7);
    await other.award(alice.id, 1);
    expect(await points.pointsOf(alice.id)).toBe(U32_MAX);
    expect(await points.history()).toEqual([[7], 7]);
    expect(await other.pointsOf(alice.id)).toBe(6);
  });

  it('fails the same way under unitActor', () => {
    const { actor } = unitActor(new Points());
    const bob = `0x${'b0'.repeat(32)}` as const;
    actor.award(bob, U32_MAX);
    expect(() => actor.award(bob, 1)).toThrow(
      expect.objectContaining({
        code: 'RUNTIME_STATE_OUT_OF_RANGE',
        message: `Points.award: state field "points" (Map<ActorId, u32>) holds ${U32_MAX + 1} at key ${bob}, outside 0..${U32_MAX}; the segment is rolled back`,
      }),
    );
    expect(() => actor.note(65_536)).toThrow('state field "recent" (u16[]) holds 65536 at index 0, outside 0..65535');
    expect(actor.pointsOf(bob)).toBe(U32_MAX);
    expect(actor.history()).toEqual([[], null]);
  });
});
