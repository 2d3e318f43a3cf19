// The calls of the gas report's end-to-end test: the fixture project's tests run them with the report on, and the
// test repeats them to compute what the report must say from `sys.gasOf`.
import type { TestSystem } from '@sprocket/runtime/testing';
import { CounterClient, RelayClient } from '../../examples/counter/counter.gen.js';
import '../../examples/counter/counter.js';

/** Deploys a counter, adds twice, underflows once (a failed handler), reads the value. */
export async function counterCalls(sys: TestSystem): Promise<void> {
  const counter = await sys.deploy(CounterClient, 'new', [5]);
  await counter.add(10);
  await counter.add(70_000);
  await counter.sub(1_000_000).catch(() => undefined);
  await counter.value();
}

/** A relay adding to a counter (a call across actors), with an underflow after it. */
export async function relayCalls(sys: TestSystem): Promise<void> {
  const counter = await sys.deploy(CounterClient, 'new', [null]);
  const relay = await sys.deploy(RelayClient);
  await relay.addTo(counter.address, 3);
  await relay.addTo(counter.address, 4000);
  await counter.sub(4004).catch(() => undefined);
}

/** Every run of the fixture project, by test file: the scenario and the seed of its test system. */
export const FIXTURE_RUNS = {
  'counter.test.ts': [
    [counterCalls, 'before-all'],
    [counterCalls, 'a'],
    [relayCalls, 'b'],
  ],
  'relay.test.ts': [
    [relayCalls, 'c'],
    [relayCalls, 'd'],
    [counterCalls, 'e'],
  ],
} as const satisfies Record<string, readonly (readonly [(sys: TestSystem) => Promise<void>, string])[]>;
