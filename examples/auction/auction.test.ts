import { createTestSystem, type User } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { AuctionClient } from './auction.gen.js';
import './auction.js'; // the contract: loading it registers the class that deploy(AuctionClient) runs

async function setup(duration = 10) {
  const sys = createTestSystem({ seed: 'auction' });
  const [sam, alice, bob, carol] = ['sam', 'alice', 'bob', 'carol'].map((n) => sys.user(n, { balance: 1000n })) as [User, User, User, User];
  const supply = sys.totalSupply();
  const auction = await sys.deploy(AuctionClient, 'new', ['vase', duration], { from: sam });
  return { sys, sam, alice, bob, carol, supply, auction, as: (u: User) => AuctionClient.at(u, auction.address) };
}

describe('Auction', () => {
  it('takes bids with value and refunds the previous top bidder', async () => {
    const { sys, alice, bob, auction, as } = await setup();
    expect(await as(alice).bid({ value: 100n })).toBe(100n);
    expect(alice.balance()).toBe(900n);
    expect(await as(bob).bid({ value: 150n })).toBe(150n);
    expect(alice.balance()).toBe(1000n);
    expect(bob.balance()).toBe(850n);
    expect(sys.balance(auction)).toBe(150n);
    expect(await auction.state()).toMatchObject({ topBidder: bob.id, topBid: 150n, open: true, endsAt: 10 });
  });

  it('rejects a lower bid and refunds its value', async () => {
    const { sys, alice, bob, auction, as } = await setup();
    await as(alice).bid({ value: 100n });
    await expect(as(bob).bid({ value: 100n })).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
      route: 'Auction.Bid',
      reason: 'bid 100 does not beat 100',
    });
    expect(bob.balance()).toBe(1000n);
    expect(sys.balance(auction)).toBe(100n);
    expect(sys.events(auction)).toHaveLength(1);
  });

  it('rejects value on a non-payable handler', async () => {
    const { auction, alice } = await setup();
    await expect(AuctionClient.at(alice, auction.address).state({ value: 5n })).rejects.toMatchObject({ code: 'VALUE_REJECTED' });
    expect(alice.balance()).toBe(1000n);
  });

  it('closes itself after the duration in blocks and pays the seller', async () => {
    const { sys, sam, bob, auction, as } = await setup(10);
    await as(bob).bid({ value: 150n });
    await sys.runBlocks(9);
    expect(sys.blockHeight).toBe(9);
    expect((await auction.state()).open).toBe(true);
    expect(sam.balance()).toBe(1000n);
    await sys.runBlocks(1);
    expect(sys.blockHeight).toBe(10);
    expect(await auction.state()).toMatchObject({ open: false, topBidder: bob.id, topBid: 150n });
    expect(sam.balance()).toBe(1150n);
    expect(sys.balance(auction)).toBe(0n);
    const closed = sys.events(auction).find((e) => e.name === 'Closed');
    expect(closed).toMatchObject({ block: 10, payload: { winner: bob.id, amount: 150n } });
  });

  it('nobody but the auction itself may close it', async () => {
    const { sam, auction } = await setup();
    await expect(AuctionClient.at(sam, auction.address).close()).rejects.toMatchObject({ reason: 'only the auction closes itself' });
    expect((await auction.state()).open).toBe(true);
  });

  it('an auction without bids closes with no winner and pays nobody', async () => {
    const { sys, sam, auction } = await setup(3);
    await sys.runUntilIdle();
    expect(await auction.state()).toMatchObject({ open: false, topBidder: null });
    expect(sys.events(auction).map((e) => e.payload)).toEqual([{ winner: null, amount: 0n }]);
    expect(sam.balance()).toBe(1000n);
  });

  it('bids after the close fail and are refunded; value is conserved throughout', async () => {
    const { sys, sam, alice, bob, carol, supply, auction, as } = await setup(5);
    await as(alice).bid({ value: 100n });
    await as(bob).bid({ value: 150n });
    await as(carol)
      .bid({ value: 120n })
      .catch(() => undefined);
    expect(sys.totalSupply()).toBe(supply);
    await sys.runBlocks(5);
    await expect(as(alice).bid({ value: 500n })).rejects.toMatchObject({ reason: 'the auction is closed' });
    expect([sam.balance(), alice.balance(), bob.balance(), carol.balance(), sys.balance(auction)]).toEqual([1150n, 1000n, 850n, 1000n, 0n]);
    expect(sys.totalSupply()).toBe(supply);
    expect(sys.system.valueInFlight).toBe(0n);
  });
});
