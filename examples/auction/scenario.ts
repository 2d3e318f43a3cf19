// The auction scenario of `npm start`: bids that carry value, refunds of the outbid and of a refused
// bid, a close that the auction sent itself as a delayed message, the seller paid, value conserved.
import { type Log, Scenario, type ScenarioOptions, type ScenarioReport } from '../scenario-kit.js';
import { AuctionClient } from './auction.gen.js';
import type { AuctionInfo } from './auction.js';
import './auction.js'; // the contract: loading it registers the class that deploy(AuctionClient) runs

export interface AuctionFacts {
  readonly balances: Record<string, bigint>;
  readonly closedAt: number;
  readonly info: AuctionInfo;
  readonly lateBid: { code: string; route: string | undefined; reason: string };
  readonly supplyConserved: boolean;
}

const DURATION = 10;

export async function run(log: Log, options: ScenarioOptions = {}): Promise<ScenarioReport<AuctionFacts>> {
  const t = new Scenario('auction', log, options);
  const { sys } = t;
  const [sam, alice, bob, carol] = ['sam', 'alice', 'bob', 'carol'].map((name) => sys.user(name, { balance: 1000n }));
  if (sam === undefined || alice === undefined || bob === undefined || carol === undefined) throw new Error('unreachable');
  const supply = sys.totalSupply();
  const auction = await t.step(`sam auctions a vase for ${DURATION} blocks; the auction queues its own close`, () =>
    sys.deploy(AuctionClient, 'new', ['vase', DURATION], { from: sam }),
  );
  const as = (user: typeof sam): AuctionClient => AuctionClient.at(user, auction.address);

  await t.step('alice bids 100, then bob bids 150: alice gets her 100 back', async () => {
    t.equal(await as(alice).bid({ value: 100n }), 100n, "alice's bid");
    t.equal(await as(bob).bid({ value: 150n }), 150n, "bob's bid");
  });
  t.equal([alice.balance(), bob.balance(), sys.balance(auction)], [1000n, 850n, 150n], 'alice refunded, the auction holds 150');
  t.note(`balances: alice ${alice.balance()} (refunded), bob ${bob.balance()}, the auction holds ${sys.balance(auction)}`);

  await t.step('carol bids 120: refused, and her value is refunded', async () => {
    await t.rejects(as(carol).bid({ value: 120n }), 'HANDLER_FAILED', /bid 120 does not beat 150/, "carol's low bid");
  });
  t.equal(carol.balance(), 1000n, "carol's value came back");
  t.note(`carol's balance: ${carol.balance()}`);

  await t.step(`run ${DURATION} blocks: the delayed Close arrives at block ${DURATION} and pays sam`, () => sys.runBlocks(DURATION));
  const closedAt = sys.blockHeight;
  const info = await auction.state();
  t.equal(info.open, false, 'the auction is closed');
  t.equal(info.topBidder, bob.id, 'bob won');
  t.equal(sam.balance(), 1150n, 'sam was paid 150');
  const closed = sys.events(auction).find((e) => e.name === 'Closed');
  t.equal(closed?.block, DURATION, 'Closed was published at the end block');

  const lateBid = await t.step('alice bids 200 after the close: refused, value refunded', () =>
    t.rejects(as(alice).bid({ value: 200n }), 'HANDLER_FAILED', /the auction is closed/, 'a bid after the close'),
  );
  const balances = {
    sam: sam.balance(),
    alice: alice.balance(),
    bob: bob.balance(),
    carol: carol.balance(),
    auction: sys.balance(auction),
  };
  t.equal(balances, { sam: 1150n, alice: 1000n, bob: 850n, carol: 1000n, auction: 0n }, 'final balances');
  const supplyConserved = t.equal(sys.totalSupply(), supply, 'no value was created or lost') === supply;
  t.note(
    `balances ${Object.entries(balances)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}; total value unchanged`,
  );
  return t.report({ balances, closedAt, info, lateBid, supplyConserved });
}
