import { describe, expect, it } from 'vitest';
import { Relay } from '../__fixtures__/actors.js';
import { Counter } from '../__fixtures__/counter.js';
import { isRuntimeError } from '../errors.js';
import { createTestSystem, fixture, type TestSystem } from './index.js';

function counted() {
  let runs = 0;
  const load = fixture(async () => {
    runs += 1;
    const sys = createTestSystem({ seed: 'fixture' });
    const alice = sys.user('alice', { balance: 100n });
    const counter = await sys.deploy(Counter, 'new', [5], { from: alice });
    const relay = await sys.deploy(Relay);
    return { sys, alice, counter, relay };
  });
  return { load, runs: () => runs };
}

describe('fixture', () => {
  it('runs the setup once and restores its state on every later call, with the same objects', async () => {
    const { load, runs } = counted();
    const first = await load();
    await first.counter.add(10);
    await first.relay.connect(first.alice).with({ value: 40n }).deposit();
    first.sys.user('bob', { balance: 7n });
    expect(await first.counter.value()).toBe(15);

    const second = await load();
    expect(runs()).toBe(1);
    expect(second).toBe(first);
    expect(second.counter).toBe(first.counter);
    expect(await second.counter.value()).toBe(5);
    expect(second.alice.balance()).toBe(100n);
    expect(second.sys.balance(second.relay)).toBe(0n);
    expect(second.sys.user('bob').balance()).toBe(0n); // created after the setup: gone, made afresh
    expect(await second.counter.connect(second.alice).add(1)).toBe(6);
  });

  it('repeats message ids, block heights and the trace after every load', async () => {
    const { load } = counted();
    const scenario = async () => {
      const { sys, counter, relay } = await load();
      const ids = [counter.send.add(1), relay.send.mark('m')];
      await sys.runUntilIdle();
      await counter.add(2);
      return { ids, height: sys.blockHeight, trace: sys.trace() };
    };
    const a = await scenario();
    const b = await scenario();
    const c = await scenario();
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('refuses to restore while a call of the test before is still in flight', async () => {
    const { load } = counted();
    const { relay } = await load();
    const napping = relay.nap(3); // suspended in a sleep: the system is busy until it is awaited
    const error = await load().catch((e: unknown) => e);
    expect(isRuntimeError(error, 'RUNTIME_BUSY')).toBe(true);
    expect((error as Error).message).toMatch(/cannot load the fixture again: a call on its system is still in flight/);
    expect(isRuntimeError((error as Error).cause, 'RUNTIME_BUSY')).toBe(true);
    await napping;
    const again = await load();
    expect(await again.counter.value()).toBe(5);
  });

  it('says when the setup left a call in flight', async () => {
    const load = fixture(async () => {
      const sys = createTestSystem();
      const relay = await sys.deploy(Relay);
      void relay.nap(2);
      return { sys, relay };
    });
    await expect(load()).rejects.toMatchObject({
      code: 'RUNTIME_BUSY',
      message: expect.stringMatching(/fixture's setup left a call in flight/),
    });
  });

  it('wants the test system as sys in the setup result', async () => {
    const none = fixture(async () => ({ counter: 1 }) as unknown as { sys: TestSystem });
    await expect(none()).rejects.toMatchObject({
      code: 'RUNTIME_BAD_FIXTURE',
      message: expect.stringContaining('not an object without a test system in sys (keys: counter)'),
    });
    const scalar = fixture(() => 5 as unknown as { sys: TestSystem });
    await expect(scalar()).rejects.toMatchObject({ code: 'RUNTIME_BAD_FIXTURE', message: expect.stringMatching(/not number$/) });
  });

  it('runs a setup that failed again on the next call', async () => {
    let attempts = 0;
    const load = fixture(async () => {
      attempts += 1;
      if (attempts === 1) throw new RangeError('first attempt fails');
      return { sys: createTestSystem() };
    });
    await expect(load()).rejects.toThrow('first attempt fails');
    const { sys } = await load();
    expect(attempts).toBe(2);
    expect(await load()).toEqual({ sys });
    expect(attempts).toBe(2);
  });

  it('shares one setup between calls made before it finished', async () => {
    const { load, runs } = counted();
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(runs()).toBe(1);
  });
});
