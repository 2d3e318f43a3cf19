// The wall-clock backstop (wall-clock.ts): a handler that escaped metering and spins is stopped with
// WALL_CLOCK_EXCEEDED (not OUT_OF_GAS), rolled back, and the actor keeps working; normal handlers pass
// through unchanged. The driver enters its synchronous work in chunks under one watchdog each, so a run of many
// quick handlers longer than the limit is never stopped. No outcome depends on the machine's speed: the spins
// never end, and everything else stays hundreds of milliseconds clear of the point where it could be stopped
// (3/4 of the limit after its chunk's share), so a loaded machine that stalls the process does not change them.
import { Actor, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { spinFor, spinForever } from './__fixtures__/unmetered.js';
import { LimitExceeded } from './limits.js';
import { createTestSystem } from './testing/index.js';
import { TRIPPED, WallClock } from './wall-clock.js';

interface Reading {
  value: u32;
}

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

  /** Writes, runs unmetered code for `ms`, then fails. */
  slowThenThrow(ms: u32): u32 {
    this.count += 1000;
    spinFor(ms);
    throw new RangeError('late boom');
  }

  /** Returns a value whose getter spins: the runtime runs it after the handler returned, encoding the reply. */
  sneaky(): Reading {
    return {
      get value(): u32 {
        return spinForever();
      },
    };
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
  it('handlers entered under the backstop behave as without it', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 10_000 } });
    const probe = await sys.deploy(WallProbe);
    expect(await probe.bump()).toBe(1);
    await expect(probe.boom()).rejects.toMatchObject({ code: 'HANDLER_FAILED', reason: 'boom' });
    expect(await probe.later()).toBe(11);
  });

  it('stops a spin in the middle of a block: the messages before and after it are handled, other actors untouched', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 1000 } });
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
    const error = results[3] as PromiseRejectedResult;
    expect((error.reason as Error).message).toMatch(
      /WallProbe\.hang ran synchronously past the wall-clock backstop of 1000 ms \(limits\.wallClockMs; a handler is stopped after between 750 and 1000 ms\)/,
    );
    // The spin's write (+100) was rolled back; both actors keep working.
    expect(await probe.bump()).toBe(5);
    expect(await other.bump()).toBe(3);
    expect(sys.system.valueInFlight).toBe(0n);
  });

  it('does not stop a run of quick handlers that together take far longer than the limit', async () => {
    // 150 handlers of 10 ms each: 1.5 s in one synchronous run, against a limit of 1.2 s. Each handler stays
    // 890 ms clear of the point where it could be stopped (3/4 of the limit, see wall-clock.ts).
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 1200 } });
    const probe = await sys.deploy(WallProbe);
    const results = await Promise.allSettled(Array.from({ length: 150 }, () => probe.slow(10)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(results.map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it('settles a handler that returns or throws after its chunk’s share (under the limit)', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 1000 } });
    const probe = await sys.deploy(WallProbe);
    // 350 ms: surely past the chunk's share (250 ms), 650 ms clear of the limit.
    const results = await Promise.allSettled([
      probe.bump(),
      probe.slow(350),
      probe.bump(),
      probe.slowThenSleep(350),
      probe.bump(),
      probe.slowThenThrow(350),
      probe.bump(),
    ]);
    const seen = results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string; reason: string })));
    expect(seen.slice(0, 5)).toEqual([1, 2, 3, 16, 5]);
    expect(seen[5]).toMatchObject({ code: 'HANDLER_FAILED', reason: 'late boom' });
    // The late failure rolled back its write (+1000); the sleeper's second segment ran in the next block.
    expect(seen[6]).toBe(6);
    expect(await probe.bump()).toBe(17);
  });

  it('reports RUNTIME_INTERNAL when the watchdog fires outside any handler (a getter of a returned value spins)', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 1000 } });
    const probe = await sys.deploy(WallProbe);
    await expect(probe.sneaky()).rejects.toMatchObject({
      code: 'RUNTIME_INTERNAL',
      message: expect.stringMatching(/wall-clock backstop \(limits\.wallClockMs 1000\) stopped the runtime outside any handler/),
    });
    // The host's own clock is back (the deterministic globals were taken down although the segment never ended).
    expect(Date.now()).toBeGreaterThan(1_000_000_000_000);
  });

  it('stops a class constructor that spins: the deploy fails with WALL_CLOCK_EXCEEDED and the system keeps working', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 1000 } });
    await expect(sys.deploy(SpinningConstructor)).rejects.toMatchObject({ code: 'WALL_CLOCK_EXCEEDED' });
    const probe = await sys.deploy(WallProbe);
    expect(await probe.bump()).toBe(1);
    expect(sys.system.valueInFlight).toBe(0n);
  });
});

describe('WallClock', () => {
  it('a chunk returns its result, or TRIPPED when the watchdog stops it', () => {
    const roomy = new WallClock(10_000);
    expect(roomy.chunk(() => 7)).toBe(7);
    expect(roomy.inChunk).toBe(false);
    expect(roomy.chunk(() => roomy.inChunk)).toBe(true);
    const tight = new WallClock(50);
    expect(tight.chunk(() => spinForever())).toBe(TRIPPED);
    expect(tight.inChunk).toBe(false);
  });

  it('a chunk is spent once it has run for its share (a quarter of the limit)', () => {
    const clock = new WallClock(2000);
    expect(clock.chunk(() => clock.spent())).toBe(false);
    expect(clock.over).toBe(false);
    // 600 ms: past the share (500 ms), 1400 ms clear of the limit.
    const spent = clock.chunk(() => {
      spinFor(600);
      return clock.spent();
    });
    expect(spent).toBe(true);
    expect(clock.over).toBe(true);
  });

  it('a single call outside a chunk has its own watchdog', () => {
    expect(new WallClock(10_000).call((a, b) => (a as number) + (b as number), undefined, [2, 3], 'Probe.add')).toBe(5);
    const clock = new WallClock(50);
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
