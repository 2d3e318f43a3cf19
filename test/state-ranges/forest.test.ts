// Integers in types that refer to themselves are range-checked at any depth through the committed generated
// definition (forest.gen.ts, made by `sprocket gen`): the shape refers back to the type's container, and the
// runtime follows it as deep as the data goes, for a value written whole and for a write in place.

import { createTestSystem, unitActor } from '@sprocket/runtime/testing';
import { CallError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { ForestClient, ForestDefinition } from './forest.gen.js';
import { Forest } from './forest.js';

const U32_MAX = 4_294_967_295;
const U128_MAX = '340282366920938463463374607431768211455';

/** The error a call failed with (it must fail). */
async function failure(call: Promise<unknown>): Promise<CallError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallError);
  expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' } });
  return error as CallError;
}

describe('integers in types that refer to themselves, through the generated definition', () => {
  it('lists the shapes with back-references to the containers they come from, and tuple items that may be missing', () => {
    expect(ForestDefinition.nested).toEqual([
      {
        name: 'tree',
        declared: 'ShareNode',
        shape: { kind: 'object', fields: { share: 'u32', children: { kind: 'array', item: { kind: 'ref', up: 2 } } } },
      },
      {
        name: 'members',
        declared: 'Map<ActorId, Member>',
        shape: { kind: 'map', value: { kind: 'object', fields: { balance: 'u128', referrer: { kind: 'ref', up: 1, nullable: true } } } },
      },
      {
        name: 'grades',
        declared: 'Map<ActorId, [u8, u16?]>',
        shape: { kind: 'map', value: { kind: 'tuple', items: ['u8', 'u16 | undefined'] } },
      },
    ]);
  });

  it('fails a share out of range deep in the tree, written whole or in place; rolls back', async () => {
    const sys = createTestSystem({ seed: 'forest-tree' });
    const forest = await sys.deploy(ForestClient);
    await forest.grow([], 1);
    await forest.grow([0], 2);
    await forest.grow([0], 3);
    await forest.grow([0, 1], 4);
    expect((await failure(forest.grow([0, 1, 0], -1))).reason).toBe(
      `Forest.grow: state field "tree" (ShareNode) holds -1 at tree.children[0].children[1].children[0].children[0].share, outside 0..${U32_MAX}; the segment is rolled back`,
    );
    expect((await failure(forest.setShare([0, 1, 0], -5))).reason).toContain('holds -5 at tree.children[0].children[1].children[0].share');
    expect(await forest.shareAt([0, 1, 0])).toBe(4);
    await forest.setShare([0, 1, 0], 40);
    expect(await forest.shareAt([0, 1, 0])).toBe(40);
  });

  it('fails a referrer paid below zero in place through the Map, and lets a missing tuple item pass', async () => {
    const sys = createTestSystem({ seed: 'forest-members' });
    const [alice, bob] = [sys.user('alice').id, sys.user('bob').id];
    const forest = await sys.deploy(ForestClient);
    await forest.join(alice, alice, 10n);
    await forest.join(bob, alice, 0n);
    expect((await failure(forest.payReferrer(bob, -11n))).reason).toBe(
      `Forest.payReferrer: state field "members" (Map<ActorId, Member>) holds -1n at members[${bob}].referrer.balance, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    await forest.payReferrer(bob, 5n);
    expect(await forest.balanceOf(alice)).toBe(15n);
    await forest.grade(alice, 1, -1);
    await forest.grade(alice, 1, 65_535);
    expect((await failure(forest.grade(alice, 1, 65_536))).reason).toContain(`holds 65536 at grades[${alice}][1], outside 0..65535`);
  });

  it('under unitActor, fails the same write deep in the tree', () => {
    const { actor } = unitActor(new Forest());
    actor.grow([], 1);
    actor.grow([0], 2);
    expect(() => actor.setShare([0, 0], -1)).toThrow('holds -1 at tree.children[0].children[0].share');
    expect(actor.shareAt([0, 0])).toBe(2);
  });
});
