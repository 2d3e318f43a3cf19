// The factory scenario of `npm start`: code registered once (a CodeId), counters spawned from it by an
// actor, and a call that reaches each of them.
import type { ActorId } from '@sprocket/sdk';
import { CounterClient } from '../counter/counter.gen.js';
import { Counter } from '../counter/counter.js';
import { type Log, Scenario, type ScenarioOptions, type ScenarioReport } from '../scenario-kit.js';
import { CounterFactoryClient } from './factory.gen.js';
import './factory.js'; // the contract: loading it registers the class that deploy(CounterFactoryClient) runs

export interface FactoryFacts {
  readonly codeId: string;
  readonly addresses: ActorId[];
  readonly afterAddToAll: number[];
  readonly values: number[];
}

export async function run(log: Log, options: ScenarioOptions = {}): Promise<ScenarioReport<FactoryFacts>> {
  const t = new Scenario('factory', log, options);
  const { sys } = t;
  const codeId = sys.registerCode(Counter);
  const factory = await t.step(`register the Counter code (${codeId.slice(0, 10)}…) and deploy a CounterFactory with it`, () =>
    sys.deploy(CounterFactoryClient, 'new', [codeId]),
  );

  const addresses = await t.step(
    'factory.create(10), create(20), create(30): the factory spawns three counters',
    async () => {
      const made: ActorId[] = [];
      for (const start of [10, 20, 30]) made.push(await factory.create(start));
      return made;
    },
    { show: 11 },
  );
  t.equal(new Set(addresses).size, 3, 'three distinct addresses');
  t.equal(await factory.counters(), addresses, "the factory's directory");
  t.equal(
    sys.events(factory).map((e) => e.json),
    addresses.map((address, id) => ({ id, address })),
    'one Created event per counter',
  );
  t.note(`spawned ${addresses.map((a) => t.label(a)).join(', ')}`);

  const afterAddToAll = await t.step(
    'factory.addToAll(5): one awaited call to each counter, in turn',
    async () => t.equal(await factory.addToAll(5), [15, 25, 35], 'addToAll(5)'),
    {
      show: 12,
    },
  );
  const values: number[] = [];
  for (const address of addresses) values.push(await CounterClient.at(sys, address).value());
  t.equal(values, [15, 25, 35], "each counter's own value");
  return t.report({ codeId, addresses, afterAddToAll, values });
}
