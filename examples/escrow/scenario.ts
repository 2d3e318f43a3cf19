// The escrow scenario of `npm start`: two actors (Escrow calls Token), a deposit refused by the token
// that puts the escrow back, a deposit interleaved with a second one that the state claim refuses,
// confirm paying the seller, and a refund path on a second deal.
import { type Log, Scenario, type ScenarioOptions, type ScenarioReport } from '../scenario-kit.js';
import { TokenClient } from '../token/token.gen.js';
import '../token/token.js'; // the contracts: loading them registers the classes that deploy(...Client) runs
import { EscrowClient } from './escrow.gen.js';
import type { EscrowState } from './escrow.js';
import './escrow.js';

export interface EscrowFacts {
  readonly afterFailedDeposit: EscrowState;
  readonly doubleDeposit: { code: string; route: string | undefined; reason: string };
  readonly released: EscrowState;
  readonly refunded: EscrowState;
  readonly balances: Record<string, bigint>;
}

const PRICE = 250n;

export async function run(log: Log, options: ScenarioOptions = {}): Promise<ScenarioReport<EscrowFacts>> {
  const t = new Scenario('escrow', log, options);
  const { sys } = t;
  const [alice, bob] = [sys.user('alice'), sys.user('bob')];
  const meta = { name: 'Sprocket Gold', symbol: 'SPG', decimals: 2 };
  const { token, escrow, deal } = await t.step(
    `alice mints 1000 SPG and opens an Escrow (buyer alice, seller bob, price ${PRICE})`,
    async () => {
      const token = await sys.deploy(TokenClient, 'new', [meta, 1000n], { from: alice });
      const deal = { token: token.address, buyer: alice.id, seller: bob.id, price: PRICE };
      return { token, deal, escrow: await sys.deploy(EscrowClient, 'new', [deal], { from: alice }) };
    },
  );
  const asAlice = TokenClient.at(alice, token.address);
  const balances = async (of: { address: `0x${string}` } = escrow): Promise<Record<string, bigint>> => ({
    alice: await token.balanceOf(alice.id),
    bob: await token.balanceOf(bob.id),
    escrow: await token.balanceOf(of.address),
  });

  const afterFailedDeposit = await t.step('deposit without an allowance: the token refuses, the escrow puts its state back', async () => {
    t.equal(await escrow.deposit(), { err: 'InsufficientAllowance' }, 'deposit without allowance');
    t.equal(await token.balanceOf(alice.id), 1000n, "alice's tokens are untouched");
    return t.equal(await escrow.status(), 'AwaitingDeposit', 'status after the refused deposit');
  });

  const doubleDeposit = await t.step(
    'alice approves, then sends two deposits at once: the second runs while the first awaits the token',
    async () => {
      await asAlice.approve(escrow.address, PRICE);
      const first = escrow.deposit();
      const second = t.rejects(escrow.deposit(), 'HANDLER_FAILED', /cannot deposit in state Funded/, 'the second deposit');
      t.equal(await first, { ok: 'Funded' }, 'the first deposit');
      return second;
    },
    { show: 16 },
  );
  t.equal(await balances(), { alice: 750n, bob: 0n, escrow: PRICE }, 'balances after one deposit');

  const released = await t.step('alice confirms: the escrow pays bob', async () => {
    const result = t.equal(await escrow.confirm(), { ok: 'Released' }, 'confirm');
    return 'ok' in result ? result.ok : 'Funded';
  });
  t.equal(await balances(), { alice: 750n, bob: PRICE, escrow: 0n }, 'balances after confirm');

  const { refunded, second } = await t.step(
    'a second deal: alice deposits, bob refunds, alice gets her tokens back',
    async () => {
      const second = await sys.deploy(EscrowClient, 'new', [deal], { from: alice });
      await asAlice.approve(second.address, PRICE);
      t.equal(await second.deposit(), { ok: 'Funded' }, 'second deposit');
      const result = t.equal(await EscrowClient.at(bob, second.address).refund(), { ok: 'Refunded' }, 'refund');
      return { refunded: 'ok' in result ? result.ok : 'Funded', second };
    },
    { show: 12 },
  );
  const final = t.equal(await balances(second), { alice: 750n, bob: PRICE, escrow: 0n }, 'balances after the refund');
  t.note(
    `token balances ${Object.entries(final)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  return t.report({ afterFailedDeposit, doubleDeposit, released, refunded, balances: final });
}
