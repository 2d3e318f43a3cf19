// The scenarios `npm start` runs (examples/main.ts), run in-process: each passes its own checks, shows the
// key results, and its transcript mentions what it is meant to show.
import { describe, expect, it } from 'vitest';
import type { AuctionFacts } from '../examples/auction/scenario.js';
import type { CounterFacts } from '../examples/counter/scenario.js';
import type { EscrowFacts } from '../examples/escrow/scenario.js';
import type { FactoryFacts } from '../examples/factory/scenario.js';
import type { PingPongFacts } from '../examples/ping-pong/scenario.js';
import { type ScenarioReport, scenarios } from '../examples/scenarios.js';
import type { TokenFacts } from '../examples/token/scenario.js';

async function runAll(): Promise<{ reports: Map<string, ScenarioReport<object>>; transcript: Map<string, string> }> {
  const reports = new Map<string, ScenarioReport<object>>();
  const transcript = new Map<string, string>();
  for (const scenario of scenarios) {
    const lines: string[] = [];
    reports.set(scenario.name, await scenario.run((line) => lines.push(line)));
    transcript.set(scenario.name, lines.join('\n'));
  }
  return { reports, transcript };
}

const { reports, transcript } = await runAll();
const facts = <F>(name: string): F => (reports.get(name) as ScenarioReport<F>).facts;

describe('examples/main.ts scenarios', () => {
  it('runs all six, each with passing checks', () => {
    expect([...reports.keys()]).toEqual(['counter', 'ping-pong', 'token', 'escrow', 'factory', 'auction']);
    for (const report of reports.values()) expect(report.checks).toBeGreaterThanOrEqual(5);
  });

  it('counter: add, a rolled-back sub, send, relay and events', () => {
    const f = facts<CounterFacts>('counter');
    expect(f).toMatchObject({ afterAdd: 15, afterRollback: 15, afterSend: 16, viaRelay: 20 });
    expect(f.rejected).toEqual({ code: 'HANDLER_FAILED', route: 'Counter.Sub', reason: 'underflow: 15 - 100' });
    expect(f.events).toEqual(['Added(10)', 'Added(1)', 'Added(4)']);
    const text = transcript.get('counter') ?? '';
    expect(text).toContain('Counter ROLLBACK Counter.Sub: HANDLER_FAILED underflow: 15 - 100');
    expect(text).toContain('Counter event Added(10)');
    expect(text).toContain('Relay -> Counter Counter.Add[4]');
  });

  it('ping-pong: 100 rounds and ordered fire-and-forget', () => {
    expect(facts<PingPongFacts>('ping-pong')).toEqual({ played: 100, served: 100, stats: [100, 100], servedInOrder: [1000, 2000, 3000] });
    expect(transcript.get('ping-pong')).toContain('more trace lines');
  });

  it('token: Result errors and a conserved supply', () => {
    const f = facts<TokenFacts>('token');
    expect(f.refusals).toEqual(['InsufficientBalance', 'InsufficientAllowance']);
    expect(Object.values(f.balances).reduce((a, b) => a + b, 0n)).toBe(f.totalSupply);
    expect(transcript.get('token')).toContain('event Transferred({"from":"alice","to":"bob","amount":"300"})');
  });

  it('escrow: refused deposit, interleaved double deposit rolled back, confirm and refund', () => {
    const f = facts<EscrowFacts>('escrow');
    expect(f).toMatchObject({ afterFailedDeposit: 'AwaitingDeposit', released: 'Released', refunded: 'Refunded' });
    expect(f.doubleDeposit).toMatchObject({ code: 'HANDLER_FAILED', reason: 'cannot deposit in state Funded' });
    expect(f.balances).toEqual({ alice: 750n, bob: 250n, escrow: 0n });
    expect(transcript.get('escrow')).toContain('Escrow ROLLBACK Escrow.Deposit: HANDLER_FAILED cannot deposit in state Funded');
    expect(transcript.get('escrow')).toContain('Escrow event Released("bob")');
  });

  it('factory: three spawned counters reached by addToAll', () => {
    const f = facts<FactoryFacts>('factory');
    expect(new Set(f.addresses).size).toBe(3);
    expect(f.afterAddToAll).toEqual([15, 25, 35]);
    expect(f.values).toEqual([15, 25, 35]);
    expect(transcript.get('factory')).toContain('CounterFactory -> Counter#3 Counter.Add[5]');
  });

  it('auction: refunds, a delayed close at block 10, the seller paid, value conserved', () => {
    const f = facts<AuctionFacts>('auction');
    expect(f.closedAt).toBe(10);
    expect(f.info.open).toBe(false);
    expect(f.balances).toEqual({ sam: 1150n, alice: 1000n, bob: 850n, carol: 1000n, auction: 0n });
    expect(f.lateBid.reason).toBe('the auction is closed');
    expect(f.supplyConserved).toBe(true);
    const text = transcript.get('auction') ?? '';
    expect(text).toMatch(/b10 +#\w+ +Auction -> Auction Auction\.Close\[\]/);
    expect(text).toContain('Auction event Closed({"winner":"bob","amount":"150"})');
    expect(text).toContain('ROLLBACK Auction.Bid');
  });

  it('the whole transcript stays readable (100–200 lines)', () => {
    const lines = [...transcript.values()].join('\n').split('\n').length;
    expect(lines).toBeGreaterThan(100);
    expect(lines).toBeLessThan(200);
  });
});
