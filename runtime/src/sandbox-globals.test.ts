// Deterministic globals inside contract code (sandbox-globals.ts): the seeded Math.random, the block clock,
// and the refusals, each naming the handler, failing the segment (rolled back) however the handler reacts,
// and leaving the test's own globals as they were.
import { Actor, ActorClient, type ActorId, actor, type GeneratedFunction, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Relay, RelayGenerated } from './__fixtures__/actors.js';
import { Counter, CounterClient } from './__fixtures__/counter.js';
import { createTestSystem } from './testing/index.js';

const HOST = {
  Date: globalThis.Date,
  random: Math.random,
  setTimeout: globalThis.setTimeout,
  race: Promise.race,
  now: performance.now,
  WeakRef: globalThis.WeakRef,
};

const USES: Record<string, () => unknown> = {
  'performance.now': () => performance.now(),
  'crypto.randomUUID': () => crypto.randomUUID(),
  'crypto.getRandomValues': () => crypto.getRandomValues(new Uint8Array(4)),
  WeakRef: () => new WeakRef({}),
  FinalizationRegistry: () => new FinalizationRegistry(() => {}),
  setTimeout: () => setTimeout(() => {}, 1),
  setInterval: () => setInterval(() => {}, 1),
  setImmediate: () => setImmediate(() => {}),
  queueMicrotask: () => queueMicrotask(() => {}),
  fetch: () => fetch('http://127.0.0.1:1/'),
};

const NAP = RelayGenerated.services[0]?.functions.find((f) => f.method === 'nap') as GeneratedFunction;

/** A generated-style client of Relay's `nap`: the callee sleeps `blocks` before it replies. */
class NapClient extends ActorClient {
  nap(blocks: u32): Promise<u32> {
    return this.callFunction(NAP, [blocks]) as Promise<u32>;
  }
}

@actor()
class SandboxProbe extends Actor {
  count: u32 = 0;
  stamps: Date[] = [];

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  /** Two draws of Math.random. */
  roll(): string {
    return JSON.stringify([Math.random(), Math.random()]);
  }

  /** What the clock says inside the handler, four ways, against ctx.blockTimestamp. */
  clock(): string {
    const d = new Date();
    this.stamps.push(d);
    return JSON.stringify([Date.now(), d.getTime(), new Date(5).getTime(), this.ctx.blockTimestamp, d instanceof Date, typeof Date()]);
  }

  /** Uses a nondeterministic global by name; the write before it must roll back. */
  use(name: string): u32 {
    this.count += 100;
    USES[name]?.();
    return this.count;
  }

  /** Catches the refusal and returns as if nothing happened: the segment fails all the same. */
  swallow(): u32 {
    this.count += 100;
    try {
      performance.now();
    } catch {
      return 7;
    }
    return 8;
  }

  /** Races a runtime operation against a foreign promise (one pending on nothing the runtime knows). */
  async raceForeign(): Promise<u32> {
    this.count += 100;
    await Promise.race([this.ctx.sleep(1), new Promise<void>(() => {})]);
    return this.count;
  }

  /** Races a runtime operation against a promise already settled: it wins in microtask order, allowed. */
  async raceSettled(): Promise<string> {
    const settled = Promise.resolve('settled');
    return String(await Promise.race([this.ctx.sleep(1), settled]));
  }

  /** Makes a call, awaits something else (the segment ends), then races the call, its reply still to come. */
  async raceEarlierCall(peer: ActorId, napBlocks: u32, raceBlocks: u32): Promise<string> {
    const call = new NapClient(this.ctx, peer).nap(napBlocks);
    await this.ctx.sleep(1);
    const winner = await Promise.race([call, this.ctx.sleep(raceBlocks)]);
    return winner === undefined ? 'slept' : 'replied';
  }

  /** Transforms a call (a promise of the handler's own), waits until its reply came, then races it. */
  async raceSettledTransform(peer: ActorId): Promise<string> {
    const call = CounterClient.at(this.ctx, peer)
      .value()
      .then((v) => v + 1);
    await this.ctx.sleep(2);
    return String(await Promise.race([call, this.ctx.sleep(5)]));
  }

  /** Races a generated client's call against a sleep: both settle with the runtime, allowed. */
  async raceClientCall(peer: ActorId, blocks: u32): Promise<string> {
    const winner = await Promise.race([CounterClient.at(this.ctx, peer).value(), this.ctx.sleep(blocks)]);
    return winner === undefined ? 'slept' : `value ${winner}`;
  }

  /** Races a client call that was transformed (a promise of the handler's own) against a sleep: refused. */
  async raceTransformedCall(peer: ActorId): Promise<string> {
    const call = CounterClient.at(this.ctx, peer)
      .value()
      .then((v) => v + 1);
    return String(await Promise.race([call, this.ctx.sleep(5)]));
  }

  /** Races two runtime operations: deterministic, allowed. */
  async raceOps(): Promise<u32> {
    await Promise.race([this.ctx.sleep(1), this.ctx.sleep(3)]);
    this.count += 1;
    return this.ctx.blockHeight;
  }

  async rollAcrossAwait(): Promise<string> {
    const a = Math.random();
    await this.ctx.sleep(1);
    return JSON.stringify([a, Math.random(), Date.now()]);
  }
}

async function rolls(seed: number): Promise<string[]> {
  const sys = createTestSystem({ seed });
  const probe = await sys.deploy(SandboxProbe);
  return [await probe.roll(), await probe.roll(), await probe.rollAcrossAwait()];
}

describe('deterministic globals in contract code', () => {
  it('Math.random is seeded from the message: the same seed gives the same numbers, each message its own', async () => {
    const first = await rolls(3);
    expect(await rolls(3)).toEqual(first);
    expect(first[0]).not.toBe(first[1]);
    expect(await rolls(4)).not.toEqual(first);
    for (const n of JSON.parse(first[0] as string) as number[]) expect(n >= 0 && n < 1).toBe(true);
  });

  it('Date.now() and new Date() are the block timestamp; dates with arguments are untouched', async () => {
    const sys = createTestSystem({ seed: 1, genesisTimestamp: 1_000_000, blockTimeMs: 6000 });
    const probe = await sys.deploy(SandboxProbe);
    await sys.runBlocks(2);
    const [now, created, fixed, block, isDate, asString] = JSON.parse(await probe.clock()) as unknown[];
    expect(block).toBe(1_000_000 + sys.blockHeight * 6000);
    expect([now, created, fixed, isDate, asString]).toEqual([block, block, 5, true, 'string']);
    expect(sys.system.actor(probe.address)?.instance).toMatchObject({ stamps: [new HOST.Date(block as number)] });
  });

  it.each(Object.keys(USES))('%s fails the segment with NONDETERMINISTIC_AWAIT naming the handler', async (name) => {
    const sys = createTestSystem({ seed: 1 });
    const probe = await sys.deploy(SandboxProbe);
    expect(await probe.bump()).toBe(1);
    const error = await probe.use(name).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NONDETERMINISTIC_AWAIT' });
    expect((error as Error).message).toMatch(/SandboxProbe\.use: .* is not available in contract code, it would make two runs differ/);
    expect(await probe.bump()).toBe(2);
  });

  it('catching the refusal does not help: the segment fails and rolls back', async () => {
    const sys = createTestSystem({ seed: 1 });
    const probe = await sys.deploy(SandboxProbe);
    await expect(probe.swallow()).rejects.toMatchObject({ code: 'NONDETERMINISTIC_AWAIT' });
    expect(await probe.bump()).toBe(1);
  });

  it('Promise.race of a runtime operation and a foreign promise fails; a race of runtime operations works', async () => {
    const sys = createTestSystem({ seed: 1 });
    const probe = await sys.deploy(SandboxProbe);
    const error = await probe.raceForeign().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NONDETERMINISTIC_AWAIT' });
    expect((error as Error).message).toMatch(/SandboxProbe\.raceForeign: Promise\.race of a runtime operation and a foreign promise/);
    // The fix names what may be raced, client calls and settled promises included.
    expect((error as Error).message).toContain('calls through generated clients, promises already settled');
    const start = sys.blockHeight;
    expect(await probe.raceOps()).toBe(start + 1);
    expect(await probe.bump()).toBe(2);
  });

  it('Promise.race of a generated client call and a sleep is allowed; of a promise made from the call, refused', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(Counter, 'new', [4]);
    const probe = await sys.deploy(SandboxProbe);
    expect(await probe.raceClientCall(counter.address, 5)).toBe('value 4');
    const error = await probe.raceTransformedCall(counter.address).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NONDETERMINISTIC_AWAIT' });
  });

  it('Promise.race of a call made in an earlier segment, its reply still to come, and a sleep is allowed', async () => {
    const sys = createTestSystem({ seed: 1 });
    const relay = await sys.deploy(Relay);
    const probe = await sys.deploy(SandboxProbe);
    // The callee sleeps 3 blocks; the caller races at block +1: a sleep of 10 loses, a sleep of 1 wins.
    expect(await probe.raceEarlierCall(relay.address, 3, 10)).toBe('replied');
    expect(await probe.raceEarlierCall(relay.address, 3, 1)).toBe('slept');
    const heights = [sys.blockHeight];
    expect(await probe.raceEarlierCall(relay.address, 3, 10)).toBe('replied');
    heights.push(sys.blockHeight);
    // The race ended with the reply, 3 blocks after the call, not with the sleep of 10.
    expect((heights[1] as number) - (heights[0] as number)).toBeLessThan(10);
  });

  it('Promise.race of a promise already settled and a runtime operation is allowed: the settled one wins', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(Counter, 'new', [4]);
    const probe = await sys.deploy(SandboxProbe);
    expect(await probe.raceSettled()).toBe('settled');
    // A call transformed with `.then(f)` is a promise of the handler's own: once its reply came, racing it is allowed.
    expect(await probe.raceSettledTransform(counter.address)).toBe('5');
    expect(await probe.bump()).toBe(1);
  });

  it("puts the host's globals back when the runtime returns, and subscribers see them", async () => {
    const sys = createTestSystem({ seed: 1 });
    const probe = await sys.deploy(SandboxProbe);
    await probe.roll();
    await probe.use('setTimeout').catch(() => undefined);
    expect([globalThis.Date, Math.random, globalThis.setTimeout, Promise.race, performance.now, globalThis.WeakRef]).toEqual([
      HOST.Date,
      HOST.random,
      HOST.setTimeout,
      HOST.race,
      HOST.now,
      HOST.WeakRef,
    ]);
    // Test code can use timers again right after a call.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  });

  it('with sandboxGlobals: false the host globals stay (for hosts whose contracts run in their own contexts)', async () => {
    const sys = createTestSystem({ seed: 1, sandboxGlobals: false });
    const probe = await sys.deploy(SandboxProbe);
    expect(await probe.use('queueMicrotask')).toBe(100);
  });
});
