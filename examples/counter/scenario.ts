// The counter scenario of `npm start`: deploy, request-reply, a rolled-back failure, fire-and-forget,
// a query, events, and a call across actors (Relay → Counter).
import { type Log, Scenario, type ScenarioOptions, type ScenarioReport } from '../scenario-kit.js';
import { CounterClient, RelayClient } from './counter.gen.js';
import './counter.js'; // the contracts: loading them registers the classes that deploy(...Client) runs

export interface CounterFacts {
  readonly afterAdd: number;
  readonly rejected: { code: string; route: string | undefined; reason: string };
  readonly afterRollback: number;
  readonly afterSend: number;
  readonly viaRelay: number;
  readonly events: string[];
}

export async function run(log: Log, options: ScenarioOptions = {}): Promise<ScenarioReport<CounterFacts>> {
  const t = new Scenario('counter', log, options);
  const { sys } = t;

  const counter = await t.step('deploy Counter with new(5)', () => sys.deploy(CounterClient, 'new', [5]));

  const afterAdd = await t.step('add(10): an awaited request-reply', async () =>
    t.equal(await counter.add(10), 15, 'add(10) after new(5)'),
  );

  const rejected = await t.step('sub(100) underflows: the segment rolls back and the caller gets a CallError', () =>
    t.rejects(counter.sub(100), 'HANDLER_FAILED', /underflow: 15 - 100/, 'sub(100)'),
  );
  t.equal(rejected.route, 'Counter.Sub', 'the error names the route');
  const afterRollback = await t.step('query value(): unchanged by the failed sub', async () =>
    t.equal(await counter.value(), 15, 'value after the rollback'),
  );
  t.check(!sys.events(counter).some((e) => e.name === 'Subtracted'), 'no Subtracted event was published');

  const afterSend = await t.step('send.add(1): fire-and-forget, then runUntilIdle', async () => {
    const id = counter.send.add(1);
    t.check(sys.replyOf(id) === undefined, 'a sent message is queued, not run');
    await sys.runUntilIdle();
    t.check(sys.replyOf(id)?.ok === true, 'the sent message was handled');
    return t.equal(await counter.value(), 16, 'value after send.add(1)');
  });

  const viaRelay = await t.step('Relay.addTo(counter, 4): Relay awaits Counter.add', async () => {
    const relay = await sys.deploy(RelayClient);
    return t.equal(await relay.addTo(counter.address, 4), 20, 'the relayed add');
  });

  const events = sys.events(counter).map((e) => `${e.name}(${String(e.json)})`);
  t.equal(events, ['Added(10)', 'Added(1)', 'Added(4)'], "the counter's events");
  t.note(`events of Counter: ${events.join(', ')}`);
  return t.report({ afterAdd, rejected, afterRollback, afterSend, viaRelay, events });
}
