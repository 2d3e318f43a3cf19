// The wall-clock backstop (wall-clock.ts): a handler that escaped metering and spins is stopped with
// WALL_CLOCK_EXCEEDED (not OUT_OF_GAS), rolled back, and the actor keeps working; normal handlers pass
// through the trampoline unchanged. The outcome does not depend on the machine's speed: the spin never ends.
import { Actor, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { spinForever } from './__fixtures__/unmetered.js';
import { createTestSystem } from './testing/index.js';

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

describe('wall-clock backstop', () => {
  it('stops an unmetered spin with WALL_CLOCK_EXCEEDED, rolled back; the actor keeps working', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 100 } });
    const probe = await sys.deploy(WallProbe);
    expect(await probe.bump()).toBe(1);
    const error = await probe.hang().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WALL_CLOCK_EXCEEDED' });
    expect((error as Error).message).toMatch(/WallProbe\.hang ran longer than the wall-clock backstop of 100 ms/);
    expect(await probe.bump()).toBe(2);
  });

  it('handlers entered through the trampoline behave as without it', async () => {
    const sys = createTestSystem({ seed: 1, limits: { wallClockMs: 10_000 } });
    const probe = await sys.deploy(WallProbe);
    expect(await probe.bump()).toBe(1);
    await expect(probe.boom()).rejects.toMatchObject({ code: 'HANDLER_FAILED', reason: 'boom' });
    expect(await probe.later()).toBe(11);
  });
});
