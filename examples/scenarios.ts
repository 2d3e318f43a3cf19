// Every example scenario, in the order `npm start` runs them.
import { run as auction } from './auction/scenario.js';
import { run as counter } from './counter/scenario.js';
import { run as escrow } from './escrow/scenario.js';
import { run as factory } from './factory/scenario.js';
import { run as pingPong } from './ping-pong/scenario.js';
import type { Log, ScenarioOptions, ScenarioReport } from './scenario-kit.js';
import { run as token } from './token/scenario.js';

export { type Log, ScenarioFailure, type ScenarioOptions, type ScenarioReport } from './scenario-kit.js';

/** One example scenario: what it shows and how to run it. */
export interface ScenarioEntry {
  readonly name: string;
  readonly shows: string;
  readonly run: (log: Log, options?: ScenarioOptions) => Promise<ScenarioReport<object>>;
}

export const scenarios: readonly ScenarioEntry[] = [
  { name: 'counter', shows: 'request-reply, a rolled-back failure, fire-and-forget, a query, events, Relay → Counter', run: counter },
  { name: 'ping-pong', shows: '100 awaited rounds between two actors; fire-and-forget in order', run: pingPong },
  { name: 'token', shows: 'transfers, Result errors, approve / transferFrom, conserved supply', run: token },
  { name: 'escrow', shows: 'two actors, a refused deposit, interleaving at await, confirm and refund', run: escrow },
  { name: 'factory', shows: 'spawning counters from a CodeId, a call to each', run: factory },
  { name: 'auction', shows: 'payable bids, refunds, a delayed close, the seller paid, value conserved', run: auction },
];
