// The DAO vote: a deadline in blocks closed by a delayed self-send, weighted tally, an enum result.
import { createTestSystem } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { DaoVoteClient } from './dao.gen.js';
import './dao.js';

async function setup(quorum: bigint) {
  const sys = createTestSystem({ seed: 'dao' });
  const [ann, ben, cat] = ['ann', 'ben', 'cat'].map((n) => sys.user(n));
  if (ann === undefined || ben === undefined || cat === undefined) throw new Error('users');
  const members: [string, bigint][] = [
    [ann.id, 5n],
    [ben.id, 3n],
    [cat.id, 1n],
  ];
  const dao = await sys.deploy(DaoVoteClient, 'new', [members, quorum, 10]);
  const as = (u: typeof ann) => DaoVoteClient.at(u, dao.address);
  return { sys, ann, ben, cat, dao, as };
}

describe('DaoVote (authors/a)', () => {
  it('tallies weighted votes when the deadline passes', async () => {
    const { sys, ann, ben, cat, dao, as } = await setup(4n);
    expect(await dao.closesAt()).toBe(sys.blockHeight + 10);
    expect(await as(ben).vote(true)).toBe(3n);
    expect(await as(cat).vote(true)).toBe(1n);
    expect(await as(ann).vote(false)).toBe(5n);
    expect(await dao.result()).toEqual({ kind: 'Open' });
    await sys.runBlocks(10);
    expect(await dao.result()).toEqual({ kind: 'Rejected', yes: 4n, no: 5n });
    await expect(as(ben).vote(true)).rejects.toMatchObject({ reason: 'the vote is closed' });
    const closed = sys.events(dao).at(-1);
    expect(closed?.name).toBe('Closed');
    expect(closed?.json).toEqual({ Rejected: { yes: '4', no: '5' } });
  });

  it('closes with NoQuorum, refuses strangers, double votes and an early close', async () => {
    const { sys, ann, dao, as } = await setup(6n);
    await expect(DaoVoteClient.at(sys.user('zed'), dao.address).vote(true)).rejects.toMatchObject({ reason: 'not a member' });
    await as(ann).vote(true);
    await expect(as(ann).vote(true)).rejects.toMatchObject({ reason: 'already voted' });
    await expect(dao.close()).rejects.toMatchObject({ reason: 'close is internal' });
    await sys.runUntilIdle();
    expect(await dao.result()).toEqual({ kind: 'NoQuorum' });
  });

  it('branches one vote into two outcomes from a snapshot', async () => {
    const { sys, ann, ben, dao, as } = await setup(1n);
    await as(ben).vote(true);
    const snap = sys.snapshot(); // the delayed close is part of the snapshot
    await as(ann).vote(false);
    await sys.runUntilIdle();
    expect((await dao.result()).kind).toBe('Rejected');
    sys.restore(snap);
    await sys.runUntilIdle();
    expect(await dao.result()).toEqual({ kind: 'Passed', yes: 3n, no: 0n });
  });
});
