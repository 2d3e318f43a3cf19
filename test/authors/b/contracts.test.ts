// Three small contracts written from the user's guide (escrow with a deadline, a factory with a registry of
// children that call it back, an oracle and its consumer), run in the test kit as regression tests.
import { createTestSystem, type User } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { ConsumerClient } from './consumer.gen.js';
import './consumer.js';
import { DeadlineEscrowClient } from './deadline-escrow.gen.js';
import './deadline-escrow.js';
import { MemberClient } from './member.gen.js';
import { Member } from './member.js';
import { OracleClient } from './oracle.gen.js';
import './oracle.js';
import { RegistryClient } from './registry.gen.js';
import './registry.js';

function escrowSystem(seed: string) {
  const sys = createTestSystem({ seed });
  const [buyer, seller, arbiter] = ['buyer', 'seller', 'arbiter'].map((n) => sys.user(n, { balance: 1000n })) as [User, User, User];
  return { sys, buyer, seller, arbiter };
}

describe('DeadlineEscrow', () => {
  it('the arbiter releases the deposit to the seller; the deadline then does nothing', async () => {
    const { sys, buyer, seller, arbiter } = escrowSystem('release');
    const escrow = await sys.deploy(DeadlineEscrowClient, 'new', [seller.id, arbiter.id, 5], { from: buyer });
    expect(await escrow.deposit({ value: 300n })).toBe(300n);
    expect(await escrow.release()).toEqual({ err: 'NotArbiter' });
    expect(await DeadlineEscrowClient.at(arbiter, escrow.address).release()).toEqual({ ok: 300n });
    await sys.runBlocks(6);
    expect((await escrow.status())[0]).toBe('Released');
    expect([sys.balance(buyer), sys.balance(seller)]).toEqual([700n, 1300n]);
    expect(sys.events(escrow).map((e) => e.name)).toEqual(['Deposited', 'Released']);
  });

  it('refunds the buyer when the deadline passes; expire cannot be called from outside', async () => {
    const { sys, buyer, seller, arbiter } = escrowSystem('refund');
    const escrow = await sys.deploy(DeadlineEscrowClient, 'new', [seller.id, arbiter.id, 3], { from: buyer });
    await escrow.deposit({ value: 100n });
    await escrow.deposit({ value: 50n });
    await expect(escrow.expire()).rejects.toMatchObject({ code: 'HANDLER_FAILED', reason: 'expire is internal' });
    await expect(DeadlineEscrowClient.at(seller, escrow.address).deposit({ value: 1n })).rejects.toMatchObject({
      reason: 'only the buyer deposits',
    });
    await sys.runBlocks(4);
    expect(await escrow.status()).toEqual(['Refunded', 0n, expect.any(Number)]);
    expect(sys.balance(buyer)).toBe(1000n);
    expect(await DeadlineEscrowClient.at(arbiter, escrow.address).release()).toEqual({ err: 'NotOpen' });
    expect(sys.events(escrow).map((e) => e.name)).toEqual(['Deposited', 'Deposited', 'Refunded']);
  });
});

describe('Registry and Member', () => {
  it('spawns members with salts, refuses a duplicate name, counts call-backs from its children only', async () => {
    const sys = createTestSystem({ seed: 'registry' });
    const code = sys.registerCode(Member);
    const registry = await sys.deploy(RegistryClient, 'new', [code]);
    const ann = await registry.spawn('ann');
    const bo = await registry.spawn('bo');
    expect(ann).not.toBe(bo);
    await expect(registry.spawn('ann')).rejects.toMatchObject({ reason: 'a member named ann exists' });
    expect(await MemberClient.at(sys.user('x'), ann).whoami()).toEqual(['ann', registry.address]);
    expect(await MemberClient.at(sys.user('x'), ann).ping()).toBe(1);
    expect(await MemberClient.at(sys.user('y'), ann).ping()).toBe(2);
    expect(await MemberClient.at(sys.user('y'), bo).ping()).toBe(1);
    await expect(registry.checkIn()).rejects.toMatchObject({ reason: 'only a spawned member checks in' });
    expect(await registry.members()).toEqual([
      ['ann', ann],
      ['bo', bo],
    ]);
    expect(await registry.visitsOf('ann')).toBe(2);
    expect(sys.events(registry).map((e) => e.name)).toEqual(['Spawned', 'Spawned', 'CheckedIn', 'CheckedIn', 'CheckedIn']);
  });
});

describe('Oracle and Consumer', () => {
  it('the consumer awaits the oracle and emits what it quoted', async () => {
    const sys = createTestSystem({ seed: 'oracle' });
    const oracle = await sys.deploy(OracleClient, 'new', []);
    const consumer = await sys.deploy(ConsumerClient, 'new', [oracle.address]);
    expect(await consumer.quote('DOT', 3)).toEqual({ err: 'NoPrice' });
    await oracle.setPrice('DOT', 7n);
    await expect(OracleClient.at(sys.user('mallory'), oracle.address).setPrice('DOT', 1n)).rejects.toMatchObject({
      reason: 'only the owner sets prices',
    });
    expect(await consumer.quote('DOT', 3)).toEqual({ ok: 21n });
    expect(await consumer.quote('DOT', 0)).toEqual({ err: 'ZeroQuantity' });
    expect(await consumer.count()).toBe(1);
    expect(sys.events(consumer).map((e) => [e.name, e.payload])).toEqual([
      ['Missing', { asset: 'DOT' }],
      ['Quoted', { asset: 'DOT', quantity: 3, total: 21n }],
    ]);
  });
});
