// The ways a user naturally awaits calls work in the system and in unitActor alike, the determinism guard refusing
// none of them: a call's `.then(f)` (and `.catch`, `.finally`) awaited, `Promise.all` of calls and of their `.then`s,
// a chain of `.then`s, an async helper awaited, and a race of a call itself against a sleep. Only a race of a promise
// made from a call still waiting is refused, in the system (docs/gas.md).
import { Actor, type ActorId, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Counter, CounterClient } from '../__fixtures__/counter.js';
import { createTestSystem, mockContext, unitActor } from './index.js';

@actor()
class Awaiter extends Actor {
  steps: u32 = 0;

  async thenMapped(peer: ActorId): Promise<u32> {
    this.steps += 1;
    return await CounterClient.at(this.ctx, peer)
      .value()
      .then((v) => v + 1)
      .then((v) => v * 2)
      .finally(() => {
        this.steps += 1;
      });
  }

  async allOfCalls(peer: ActorId): Promise<string> {
    const counter = CounterClient.at(this.ctx, peer);
    const [a, b, c] = await Promise.all([counter.value(), counter.value().then((v) => v * 10), counter.add(1).catch(() => 0)]);
    this.steps += 1;
    return `${a},${b},${c}`;
  }

  async helper(peer: ActorId): Promise<u32> {
    const read = async (): Promise<u32> => (await CounterClient.at(this.ctx, peer).value()) + 100;
    const [x, y] = await Promise.all([read(), read()]);
    return x + y;
  }

  async raceCall(peer: ActorId): Promise<string> {
    const winner = await Promise.race([CounterClient.at(this.ctx, peer).value(), this.ctx.sleep(5)]);
    return winner === undefined ? 'slept' : `value ${winner}`;
  }

  async raceMapped(peer: ActorId): Promise<string> {
    const mapped = CounterClient.at(this.ctx, peer)
      .value()
      .then((v) => v + 1);
    return String(await Promise.race([mapped, this.ctx.sleep(5)]));
  }
}

type Probe = 'thenMapped' | 'allOfCalls' | 'helper' | 'raceCall';

async function both(name: Probe) {
  const sys = createTestSystem({ seed: `await-${name}` });
  const counter = await sys.deploy(Counter, 'new', [4]);
  const system = await sys.deploy(Awaiter);
  const inSystem = await (system[name] as (peer: ActorId) => Promise<unknown>)(counter.address);
  let total = 4;
  const ctx = mockContext().mock(counter.address, CounterClient, {
    value: () => total,
    add: (n: number) => {
      total += n;
      return total;
    },
  });
  const unit = unitActor(new Awaiter(), ctx);
  const inUnit = await (unit.actor[name] as (peer: ActorId) => Promise<unknown>)(counter.address);
  return { inSystem, inUnit };
}

describe('natural ways to await calls', () => {
  for (const [name, expected] of [
    ['thenMapped', 10],
    ['allOfCalls', '4,40,5'],
    ['helper', 208],
    ['raceCall', 'value 4'],
  ] as const) {
    it(`${name}: the same outcome in the system and in unitActor, nothing refused`, async () => {
      const { inSystem, inUnit } = await both(name);
      expect(inSystem).toEqual(expected);
      expect(inUnit).toEqual(expected);
    });
  }

  it('a race of a promise made from a call still waiting is refused in the system (its chain outruns the segment)', async () => {
    const sys = createTestSystem({ seed: 'await-race-mapped' });
    const counter = await sys.deploy(Counter, 'new', [4]);
    const awaiter = await sys.deploy(Awaiter);
    await expect(awaiter.raceMapped(counter.address)).rejects.toMatchObject({ code: 'NONDETERMINISTIC_AWAIT' });
  });
});
