// The ping-pong scenario of `npm start`: 100 awaited rounds between two actors, then fire-and-forget
// pings that land in the order they were sent.
import { type Log, Scenario, type ScenarioOptions, type ScenarioReport } from '../scenario-kit.js';
import { PingClient, PongClient } from './ping-pong.gen.js';
import './ping-pong.js'; // the contracts: loading them registers the classes that deploy(...Client) runs

export interface PingPongFacts {
  readonly played: number;
  readonly served: number;
  readonly stats: [number, number];
  /** Arguments of the fire-and-forget pings, in the order Pong handled them. */
  readonly servedInOrder: number[];
}

export async function run(log: Log, options: ScenarioOptions = {}): Promise<ScenarioReport<PingPongFacts>> {
  const t = new Scenario('ping-pong', log, options);
  const { sys } = t;
  const [pong, ping] = await t.step('deploy Pong and Ping', async () => [await sys.deploy(PongClient), await sys.deploy(PingClient)]);

  const { played, served, stats } = await t.step(
    'ping.play(pong, 100): Ping awaits 100 replies in a row',
    async () => {
      const played = t.equal(await ping.play(pong.address, 100), 100, 'the last reply');
      const served = t.equal(await pong.servedCount(), 100, 'Pong served 100 pings');
      const stats = t.equal<[number, number]>(await ping.stats(), [100, 100], 'Ping counted 100 rounds');
      return { played, served, stats };
    },
    { show: 10 },
  );
  t.equal(sys.events(ping).length, 100, 'one Ponged event per round');
  t.note(`Pong served ${served}; Ping's stats [rounds, last] = ${JSON.stringify(stats)}`);

  const mark = sys.traceEntries().length;
  await t.step(
    'ping.send.serve ×3 (fire-and-forget): Pong handles them in order',
    async () => {
      for (const value of [1000, 2000, 3000]) ping.send.serve(pong.address, value);
      await sys.runUntilIdle();
    },
    { show: 12 },
  );
  const servedInOrder = sys
    .traceEntries()
    .slice(mark)
    .filter((e) => e.type === 'message' && e.route === 'Pong.Ping' && e.from === 'Ping')
    .map((e) => (e.json as number[])[0] as number);
  t.equal(servedInOrder, [1000, 2000, 3000], 'Ping → Pong messages keep their order');
  t.equal(await pong.servedCount(), 103, 'Pong served 103 pings in all');
  return t.report({ played, served, stats, servedInOrder });
}
