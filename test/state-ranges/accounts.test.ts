// Integers nested in struct values of state are range-checked at commit through the committed generated definition
// (accounts.gen.ts, made by `sprocket gen`): the extractor lists their shapes, the runtime checks what a segment wrote,
// whole or in place.

import { createTestSystem, unitActor } from '@sprocket/runtime/testing';
import type { ActorId } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { AccountsClient, AccountsDefinition } from './accounts.gen.js';
import { Accounts } from './accounts.js';

const U128_MAX = '340282366920938463463374607431768211455';

describe('integers nested in structs, through the generated definition', () => {
  it('lists the Map of structs and the struct field with their shapes', () => {
    expect(AccountsDefinition.nested).toEqual([
      {
        name: 'holders',
        declared: 'Map<ActorId, Holder>',
        shape: { kind: 'map', value: { kind: 'object', fields: { balance: 'u128', nonce: 'u64' } } },
      },
      { name: 'fees', declared: '{ percent: u16; flat: u128 }', shape: { kind: 'object', fields: { percent: 'u16', flat: 'u128' } } },
    ]);
  });

  it('fails an overdraft written in place and rolls the whole transfer back; the rest runs on', async () => {
    const sys = createTestSystem({ seed: 'accounts' });
    const alice = sys.user('alice').id;
    const bob = sys.user('bob').id;
    const token = await sys.deploy(AccountsClient);
    await token.open(alice, 10n);
    await token.transfer(alice, bob, 4n);
    await expect(token.transfer(alice, bob, 7n)).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
      reason: `Accounts.transfer: state field "holders" (Map<ActorId, Holder>) holds -1n at holders[${alice}].balance, outside 0..${U128_MAX}; the segment is rolled back`,
      cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' },
    });
    await expect(token.setPercent(65_536n)).rejects.toMatchObject({
      reason:
        'Accounts.setPercent: state field "fees" ({ percent: u16; flat: u128 }) holds 65536 at fees.percent, outside 0..65535; the segment is rolled back',
    });
    expect(await token.holderOf(alice)).toEqual([6n, 1n]);
    expect(await token.holderOf(bob)).toEqual([4n, 0n]);
    expect(await token.percent()).toBe(1);
    await token.transfer(alice, bob, 6n);
    expect(await token.holderOf(alice)).toEqual([0n, 2n]);
  });

  it('fails the same way under unitActor', () => {
    const { actor } = unitActor(new Accounts());
    const alice = `0x${'a1'.repeat(32)}` as ActorId;
    const bob = `0x${'b0'.repeat(32)}` as ActorId;
    actor.open(alice, 3n);
    expect(() => actor.transfer(alice, bob, 4n)).toThrow(
      `Accounts.transfer: state field "holders" (Map<ActorId, Holder>) holds -1n at holders[${alice}].balance, outside 0..${U128_MAX}; the segment is rolled back`,
    );
    expect(actor.holderOf(alice)).toEqual([3n, 0n]);
    expect(actor.holderOf(bob)).toEqual([0n, 0n]);
  });
});
