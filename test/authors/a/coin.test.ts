// The coin as an author tests it: allowances, typed `throws` errors, events, u128 edges, queries that do not write.

import { createTestSystem, unitActor } from '@sprocket/runtime/testing';
import { isCallError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { CoinClient } from './coin.gen.js';
import { Coin } from './coin.js';

const U128_MAX = 2n ** 128n - 1n;

async function setup() {
  const sys = createTestSystem({ seed: 'coin' });
  const alice = sys.user('alice');
  const bob = sys.user('bob');
  const carol = sys.user('carol');
  const coin = await sys.deploy(CoinClient, 'new', [2, 1_000n], { from: alice });
  const as = (u: { id: string } & Parameters<typeof CoinClient.at>[0]) => CoinClient.at(u, coin.address);
  return { sys, alice, bob, carol, coin, as };
}

describe('Coin (authors/a)', () => {
  it('transfers, approves and spends allowances with Transfer/Approval events', async () => {
    const { sys, alice, bob, carol, coin, as } = await setup();
    expect(await as(alice).transfer(bob.id, 300n)).toBe(true);
    expect(await as(alice).approve(bob.id, 200n)).toBe(true);
    expect(await as(bob).transferFrom(alice.id, carol.id, 150n)).toBe(true);
    expect(await coin.allowance(alice.id, bob.id)).toBe(50n);
    expect([await coin.balanceOf(alice.id), await coin.balanceOf(bob.id), await coin.balanceOf(carol.id)]).toEqual([550n, 300n, 150n]);
    expect(sys.events(coin).map((e) => e.name)).toEqual(['Transfer', 'Approval', 'Transfer']);
    expect(sys.events(coin)[2]?.payload).toEqual({ from: alice.id, to: carol.id, amount: 150n });
  });

  it('typed errors reject with the decoded payload and roll back the allowance spend', async () => {
    const { sys, alice, bob, carol, coin, as } = await setup();
    await expect(as(bob).transfer(alice.id, 1n)).rejects.toMatchObject({ code: 'HANDLER_FAILED', payload: 'InsufficientBalance' });
    await expect(as(alice).transfer(bob.id, 0n)).rejects.toMatchObject({ payload: 'ZeroAmount' });
    await expect(as(bob).transferFrom(alice.id, carol.id, 1n)).rejects.toMatchObject({ payload: 'InsufficientAllowance' });
    // Allowance is enough but the owner's balance is not: the allowance decrement is rolled back too.
    await as(alice).approve(bob.id, 5_000n);
    const error = await as(bob)
      .transferFrom(alice.id, carol.id, 2_000n)
      .catch((e: unknown) => e);
    expect(isCallError(error) && error.payload).toBe('InsufficientBalance');
    expect(await coin.allowance(alice.id, bob.id)).toBe(5_000n);
    expect(sys.events(coin).map((e) => e.name)).toEqual(['Approval']);
  });

  it('out-of-range integers are refused at the client, and a u128 supply overflow rolls back the mint', async () => {
    const { alice, bob, coin, as } = await setup();
    await expect(as(alice).transfer(bob.id, -1n)).rejects.toThrow(/u128/);
    await expect(as(alice).transfer(bob.id, U128_MAX + 1n)).rejects.toThrow(/u128/);
    await expect(as(alice).mint(bob.id, U128_MAX)).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
      reason: expect.stringMatching(/supply/),
    });
    expect(await coin.totalSupply()).toBe(1_000n);
    expect(await coin.balanceOf(bob.id)).toBe(0n);
    await expect(as(bob).mint(bob.id, 1n)).rejects.toMatchObject({ reason: 'only the owner mints' });
  });

  it('queries change nothing and a snapshot branches the ledger', async () => {
    const { sys, alice, bob, coin, as } = await setup();
    const snap = sys.snapshot();
    await as(alice).transfer(bob.id, 999n);
    expect(await coin.balanceOf(bob.id)).toBe(999n);
    sys.restore(snap);
    expect(await coin.balanceOf(bob.id)).toBe(0n);
    expect(await coin.decimals()).toBe(2);
    expect(sys.events(coin)).toEqual([]);
  });

  it('under unitActor, a u128 overflow fails and rolls back exactly as in the system', () => {
    const { actor, events } = unitActor(new Coin());
    actor.new(2, 10n);
    const bob = `0x${'b0'.repeat(32)}` as const;
    expect(actor.mint(bob, 5n)).toBe(15n);
    expect(() => actor.mint(bob, U128_MAX)).toThrow(expect.objectContaining({ code: 'RUNTIME_STATE_OUT_OF_RANGE' }));
    expect(actor.totalSupply()).toBe(15n);
    expect(actor.balanceOf(bob)).toBe(5n);
    expect(events.map((e) => e.name)).toEqual(['Transfer']);
  });
});
