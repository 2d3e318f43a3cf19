// The multisig: threshold, value held and paid through a call, rollback and refund when the call fails.
import { createTestSystem, mockContext, unitActor } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { MultisigClient } from './multisig.gen.js';
import { Multisig } from './multisig.js';
import { TargetClient } from './target.gen.js';
import './target.js';

async function setup() {
  const sys = createTestSystem({ seed: 'multisig' });
  const [a, b, c] = ['a', 'b', 'c'].map((n) => sys.user(n, { balance: 1_000n }));
  if (a === undefined || b === undefined || c === undefined) throw new Error('users');
  const wallet = await sys.deploy(MultisigClient, 'new', [[a.id, b.id, c.id], 2], { from: a });
  const target = await sys.deploy(TargetClient);
  await MultisigClient.at(a, wallet.address).fund({ value: 600n });
  const as = (u: typeof a) => MultisigClient.at(u, wallet.address);
  return { sys, a, b, c, wallet, target, as };
}

describe('Multisig (authors/a)', () => {
  it('executes a confirmed payment: the value moves to the target, supply is conserved', async () => {
    const { sys, a, b, wallet, target, as } = await setup();
    const supply = sys.totalSupply();
    const id = await as(a).submit(target.address, 250n, 'rent');
    await expect(as(a).execute(id)).rejects.toMatchObject({ reason: 'proposal 0 has 1 of 2' });
    expect(await as(b).confirm(id)).toBe(2);
    expect(await as(b).execute(id)).toBe(true);
    expect(sys.balance(wallet)).toBe(350n);
    expect(sys.balance(target)).toBe(250n);
    expect(await target.total()).toBe(250n);
    expect((await wallet.proposal(id))?.state).toBe('Executed');
    expect(sys.totalSupply()).toBe(supply);
    await expect(as(a).execute(id)).rejects.toMatchObject({ reason: 'proposal 0 is Executed' });
  });

  it('a failing target call marks the proposal Failed and the value comes back', async () => {
    const { sys, a, c, wallet, target, as } = await setup();
    const supply = sys.totalSupply();
    const id = await as(a).submit(target.address, 100n, 'fail');
    await as(c).confirm(id);
    expect(await as(c).execute(id)).toBe(false);
    expect(sys.balance(wallet)).toBe(600n);
    expect(sys.balance(target)).toBe(0n);
    expect((await wallet.proposal(id))?.state).toBe('Failed');
    expect(sys.events(wallet).map((e) => e.name)).toEqual(['Submitted', 'Confirmed', 'ExecutionFailed']);
    expect(sys.events(wallet)[2]?.payload).toMatchObject({ id: 0, reason: expect.stringMatching(/target refuses/) });
    expect(sys.totalSupply()).toBe(supply);
  });

  it('refuses strangers, double confirmations, bad thresholds and unknown proposals', async () => {
    const { sys, a, wallet, target, as } = await setup();
    const eve = sys.user('eve');
    await expect(MultisigClient.at(eve, wallet.address).submit(target.address, 1n, '')).rejects.toMatchObject({ reason: 'not an owner' });
    const id = await as(a).submit(target.address, 1n, '');
    await expect(as(a).confirm(id)).rejects.toMatchObject({ reason: 'already confirmed proposal 0' });
    await expect(as(a).confirm(9)).rejects.toMatchObject({ reason: 'no proposal 9' });
    await expect(as(a).confirm(2 ** 32)).rejects.toThrow(/u32/);
    await expect(sys.deploy(MultisigClient, 'new', [[a.id], 2])).rejects.toMatchObject({ reason: 'threshold 2 outside 1..1' });
    await expect(sys.deploy(MultisigClient, 'new', [[a.id], 256])).rejects.toThrow(/u8/);
    expect(await wallet.proposal(5)).toBeNull();
  });

  it('an execution that asks for more than the wallet holds fails at the send: the proposal is Failed, no value moves', async () => {
    const { sys, a, b, wallet, target, as } = await setup();
    const id = await as(a).submit(target.address, 10_000n, 'too much');
    await as(b).confirm(id);
    expect(await as(b).execute(id)).toBe(false);
    expect((await wallet.proposal(id))?.state).toBe('Failed');
    // The wallet (the sender) is named first and the target last: the target did not refuse anything.
    expect(sys.events(wallet)[2]?.payload).toEqual({
      id,
      reason: 'VALUE_REJECTED: Multisig has 600 available and cannot send 10000 to Target',
    });
    expect(sys.balance(wallet)).toBe(600n);
  });

  it('under unitActor with a mocked target, a failing payment keeps the value as the system does', async () => {
    const owner = `0x${'aa'.repeat(32)}` as const;
    const payee = `0x${'77'.repeat(32)}` as const;
    const ctx = mockContext({ source: owner, balance: 500n }).mock(payee, TargetClient, {
      pay: (memo) => {
        if (memo === 'fail') throw new Error('target refuses');
        return 100n;
      },
    });
    const { actor, sent } = unitActor(new Multisig(), ctx);
    actor.new([owner], 1);
    expect(await actor.execute(actor.submit(payee, 100n, 'fail'))).toBe(false);
    expect(ctx.balance()).toBe(500n);
    expect(await actor.execute(actor.submit(payee, 100n, 'rent'))).toBe(true);
    expect(ctx.balance()).toBe(400n);
    expect(sent.map((s) => [s.route, s.args, s.value])).toEqual([
      ['Target.Pay', ['fail'], 100n],
      ['Target.Pay', ['rent'], 100n],
    ]);
  });
});
