// The fungible-token scenario of `npm start`: transfers, refusals as `Result` errors (not rollbacks),
// approve / transferFrom, and balances that always add up to the total supply.
import { type Log, Scenario, type ScenarioOptions, type ScenarioReport } from '../scenario-kit.js';
import { TokenClient } from './token.gen.js';
import './token.js'; // the contract: loading it registers the class that deploy(TokenClient) runs

export interface TokenFacts {
  readonly balances: Record<string, bigint>;
  readonly totalSupply: bigint;
  readonly refusals: string[];
}

export async function run(log: Log, options: ScenarioOptions = {}): Promise<ScenarioReport<TokenFacts>> {
  const t = new Scenario('token', log, options);
  const { sys } = t;
  const [alice, bob, carol] = [sys.user('alice'), sys.user('bob'), sys.user('carol')];
  const meta = { name: 'Sprocket Gold', symbol: 'SPG', decimals: 2 };
  const token = await t.step('alice deploys Token SPG with a supply of 1,000,000', () =>
    sys.deploy(TokenClient, 'new', [meta, 1_000_000n], { from: alice }),
  );
  const as = (user: typeof alice): TokenClient => TokenClient.at(user, token.address);

  await t.step('alice transfers 300 to bob', async () => t.equal(await as(alice).transfer(bob.id, 300n), { ok: true }, 'alice → bob'));

  const refusals: string[] = [];
  await t.step('bob tries to transfer 1,000: refused with { err: "InsufficientBalance" }', async () => {
    const result = t.equal(await as(bob).transfer(carol.id, 1000n), { err: 'InsufficientBalance' }, 'bob → carol 1000');
    if ('err' in result) refusals.push(result.err);
    t.equal(await token.balanceOf(bob.id), 300n, "a refusal leaves bob's balance");
  });

  await t.step('alice approves bob for 500; bob moves 200 of it to carol', async () => {
    t.equal(await as(alice).approve(bob.id, 500n), true, 'approve');
    t.equal(await as(bob).transferFrom(alice.id, carol.id, 200n), { ok: true }, 'transferFrom 200');
  });
  await t.step('bob tries to move 400 more: only 300 of the allowance is left', async () => {
    const result = t.equal(await as(bob).transferFrom(alice.id, carol.id, 400n), { err: 'InsufficientAllowance' }, 'transferFrom 400');
    if ('err' in result) refusals.push(result.err);
  });

  const balances: Record<string, bigint> = {};
  for (const user of [alice, bob, carol]) balances[user.name] = await token.balanceOf(user.id);
  const totalSupply = await token.totalSupply();
  t.equal(balances, { alice: 999_500n, bob: 300n, carol: 200n }, 'balances');
  t.equal(
    Object.values(balances).reduce((a, b) => a + b, 0n),
    totalSupply,
    'balances add up to the total supply',
  );
  t.note(
    `balances ${Object.entries(balances)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}; total supply ${totalSupply}`,
  );
  return t.report({ balances, totalSupply, refusals });
}
