// The wall-clock backstop (wall-clock.ts): a handler that escaped metering and spins is stopped with
// WALL_CLOCK_EXCEEDED (not OUT_OF_GAS), rolled back, and the actor keeps working; normal handlers pass
// through unchanged. The driver enters its synchronous work in chunks under one watchdog each, so a run of many
// quick handlers longer than the limit is never stopped. No outcome depends on the machine's speed: the spins
// never end, and the slow-but-legal handlers stay far from the limit (each at most half of it, with wide margins).
import { Actor, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { spinFor, spinForever } from './__fixtures__/unmetered.js';
import { LimitExceeded } from './limits.js';
import { createTestSystem } from './testing/index.js';
import { TRIPPED, WallClock } from './wall-clock.js';

@actor()
class WallProbe extends Actor {
  count: u32 = 0;

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  /** Writes, then loops in code that charges no gas. */
  hang(): u32 {
    this.count += 100;
    return spinForever();
  }

  /** Writes, then runs unmetered code for `ms` of host time: slow, but it ends. */
  slow(ms: u32): u32 {
    this.count += 1;
    spinFor(ms);
    return this.count;
  }

  /** Runs unmetered code for `ms`, then waits a block. */
  async slowThenSleep(ms: u32): Promise<u32> {
    this.count += 1;
    spinFor(ms);
    await this.ctx.sleep(1);
    this.count += 10;
    return this.count;
  }

  /** Fails on its own. */
  boom(): u32 {
    throw new RangeError('boom');
  }

  async later(): Promise<u32> {
    await this.ctx.sleep(1);
    this.count += 10;
    return this.count;
  }
}

@actor()
class SpinningConstructor extends Actor {
  seed: u32 = spinForever();
}

describe('wall-clock backstop', () => {
  it('stops an unmetered spin with WALL_CLOCK_EXCEEDED, rolled back; the actor keeps working', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 100 } });
    const probe = await sys.deploy(WallProbe);
    expect(await probe.bump()).toBe(1);
    const error = await probe.hang().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WALL_CLOCK_EXCEEDED' });
    expect((error as Error).message).toMatch(/WallProbe\.hang ran synchronously past the wall-clock backstop of 100 ms/);
    expect(await probe.bump()).toBe(2);
  });

  it('handlers entered under the backstop behave as without it', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 10_000 } });
    const probe = await sys.deploy(WallProbe);
    expect(await probe.bump()).toBe(1);
    await expect(probe.boom()).rejects.toMatchObject({ code: 'HANDLER_FAILED', reason: 'boom' });
    expect(await probe.later()).toBe(11);
  });

  it('stops a spin in the middle of a block: the messages before and after it are handled, other actors untouched', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 100 } });
    const probe = await sys.deploy(WallProbe);
    const other = await sys.deploy(WallProbe);
    const height = sys.blockHeight;
    // All queued before the runtime runs: one block, one synchronous run of the driver.
    const results = await Promise.allSettled([
      probe.bump(),
      other.bump(),
      probe.bump(),
      probe.hang(),
      probe.bump(),
      other.bump(),
      probe.bump(),
    ]);
    expect(sys.blockHeight).toBe(height);
    const seen = results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string }).code));
    expect(seen).toEqual([1, 1, 2, 'WALL_CLOCK_EXCEEDED', 3, 2, 4]);
    // The spin's write (+100) was rolled back; both actors keep working.
    expect(await probe.bump()).toBe(5);
    expect(await other.bump()).toBe(3);
    expect(sys.system.valueInFlight).toBe(0n);
  });

  it('does not stop a run of quick handlers that together take far longer than the limit', async () => {
    // 60 handlers of 10 ms each: 600 ms in one synchronous run, against a limit of 400 ms. Each handler stays
    // 190 ms clear of the point where it could be stopped (half the limit, see wall-clock.ts).
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 400 } });
    const probe = await sys.deploy(WallProbe);
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => probe.slow(10)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('settles a handler that returns after its chunk’s share (past half the limit, under the limit)', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 600 } });
    const probe = await sys.deploy(WallProbe);
    // 320 ms: surely past the chunk's share (300 ms), 280 ms clear of the limit.
    const results = await Promise.allSettled([probe.bump(), probe.slow(320), probe.bump(), probe.slowThenSleep(320), probe.bump()]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual([1, 2, 3, 15, 5]);
    expect(await probe.bump()).toBe(16);
  });

  it('stops a class constructor that spins: the deploy fails with WALL_CLOCK_EXCEEDED and the system keeps working', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 100 } });
    await expect(sys.deploy(SpinningConstructor)).rejects.toMatchObject({ code: 'WALL_CLOCK_EXCEEDED' });
    const probe = await sys.deploy(WallProbe);
    expect(await probe.bump()).toBe(1);
    expect(sys.system.valueInFlight).toBe(0n);
  });
});

describe('WallClock', () => {
  it('a chunk returns its result, or TRIPPED when the watchdog stops it', () => {
    const clock = new WallClock(50);
    expect(clock.chunk(() => 7)).toBe(7);
    expect(clock.inChunk).toBe(false);
    expect(clock.chunk(() => spinForever())).toBe(TRIPPED);
    expect(clock.inChunk).toBe(false);
    expect(clock.chunk(() => clock.inChunk)).toBe(true);
  });

  it('a chunk is spent once it has run for half the limit', () => {
    const clock = new WallClock(200);
    expect(clock.chunk(() => clock.spent())).toBe(false);
    expect(clock.over).toBe(false);
    // 110 ms: past the share (100 ms), 90 ms clear of the limit.
    const spent = clock.chunk(() => {
      spinFor(110);
      return clock.spent();
    });
    expect(spent).toBe(true);
    expect(clock.over).toBe(true);
  });

  it('a single call outside a chunk has its own watchdog', () => {
    const clock = new WallClock(50);
    expect(clock.call((a, b) => (a as number) + (b as number), undefined, [2, 3], 'Probe.add')).toBe(5);
    let error: unknown;
    try {
      clock.call(spinForever, undefined, [], 'Probe.spin');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LimitExceeded);
    expect((error as LimitExceeded).halt.code).toBe('WALL_CLOCK_EXCEEDED');
  });
});
