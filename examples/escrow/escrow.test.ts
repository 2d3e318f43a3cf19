import { createTestSystem, type User } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { TokenClient } from '../token/token.gen.js';
import '../token/token.js'; // the contracts: loading them registers the classes that deploy(...Client) runs
import { EscrowClient } from './escrow.gen.js';
import './escrow.js';

const PRICE = 250n;

async function setup() {
  const sys = createTestSystem({ seed: 'escrow' });
  const [alice, bob] = [sys.user('alice'), sys.user('bob')] as [User, User];
  const token = await sys.deploy(TokenClient, 'new', [{ name: 'Gold', symbol: 'GLD', decimals: 0 }, 1000n], { from: alice });
  const deal = { token: token.address, buyer: alice.id, seller: bob.id, price: PRICE };
  const escrow = await sys.deploy(EscrowClient, 'new', [deal], { from: alice });
  const balances = async () => [await token.balanceOf(alice.id), await token.balanceOf(bob.id), await token.balanceOf(escrow.address)];
  const approve = () => TokenClient.at(alice, token.address).approve(escrow.address, PRICE);
  return { sys, alice, bob, token, escrow, balances, approve, asBob: EscrowClient.at(bob, escrow.address) };
}

describe('Escrow (Escrow → Token)', () => {
  it('deposit then confirm pays the seller', async () => {
    const { sys, escrow, balances, approve, bob } = await setup();
    await approve();
    expect(await escrow.deposit()).toEqual({ ok: 'Funded' });
    expect(await balances()).toEqual([750n, 0n, PRICE]);
    expect(await escrow.confirm()).toEqual({ ok: 'Released' });
    expect(await escrow.status()).toBe('Released');
    expect(await balances()).toEqual([750n, PRICE, 0n]);
    expect(sys.events(escrow).map((e) => [e.name, e.payload])).toEqual([
      ['Deposited', PRICE],
      ['Released', bob.id],
    ]);
  });

  it('refund returns the tokens to the buyer; only the seller may refund', async () => {
    const { escrow, balances, approve, asBob } = await setup();
    await approve();
    await escrow.deposit();
    await expect(escrow.refund()).rejects.toMatchObject({ code: 'HANDLER_FAILED', reason: 'only the seller refunds' });
    expect(await asBob.refund()).toEqual({ ok: 'Refunded' });
    expect(await balances()).toEqual([1000n, 0n, 0n]);
    await expect(escrow.confirm()).rejects.toMatchObject({ reason: 'cannot pay out in state Refunded' });
  });

  it('a deposit without allowance puts the escrow back to AwaitingDeposit; the buyer keeps the tokens', async () => {
    const { sys, escrow, balances, approve } = await setup();
    expect(await escrow.deposit()).toEqual({ err: 'InsufficientAllowance' });
    expect(await escrow.status()).toBe('AwaitingDeposit');
    expect(await balances()).toEqual([1000n, 0n, 0n]);
    expect(sys.events(escrow)).toEqual([]);
    // and the deal can still go ahead
    await approve();
    expect(await escrow.deposit()).toEqual({ ok: 'Funded' });
  });

  it('confirm before any deposit is refused and rolled back', async () => {
    const { escrow } = await setup();
    await expect(escrow.confirm()).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
      route: 'Escrow.Confirm',
      reason: 'cannot pay out in state AwaitingDeposit',
    });
    expect(await escrow.status()).toBe('AwaitingDeposit');
  });

  it('interleaving: a second deposit runs while the first awaits the token, and the state claim refuses it', async () => {
    const { sys, escrow, balances, approve } = await setup();
    await approve();
    const first = escrow.deposit();
    const second = escrow.deposit().then(
      (reply) => ({ reply }),
      (error: unknown) => ({ error }),
    );
    expect(await second).toMatchObject({ error: { code: 'HANDLER_FAILED', reason: 'cannot deposit in state Funded' } });
    expect(await first).toEqual({ ok: 'Funded' });
    expect(await balances()).toEqual([750n, 0n, PRICE]);
    // The order in the trace: the second deposit was handled (and rolled back) before the token answered the first.
    const lines = sys.traceEntries().map((e) => `${e.type} ${e.from}->${e.to} ${e.route ?? ''}`);
    const rollback = lines.findIndex((l) => l.startsWith('rollback'));
    const tokenReply = lines.indexOf('reply Token->Escrow Token.TransferFrom');
    expect(rollback).toBeGreaterThan(-1);
    expect(rollback).toBeLessThan(tokenReply);
  });
});
