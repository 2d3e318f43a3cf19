// snapshot() and restore() refuse a system that is running, and say what runs: a handler suspended at a sleep after
// runBlocks keeps the system busy as a call the test has not awaited does, though the test awaits nothing.
import { Actor, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem } from './testing/index.js';

@actor()
class Napper extends Actor {
  naps: u32 = 0;

  async nap(blocks: u32): Promise<u32> {
    await this.ctx.sleep(blocks);
    this.naps += 1;
    return this.naps;
  }
}

describe('a snapshot of a running system', () => {
  it('names the handlers still suspended when the test awaits nothing', async () => {
    const sys = createTestSystem({ seed: 'snapshot-busy' });
    const napper = await sys.deploy(Napper);
    napper.send.nap(5);
    napper.send.nap(5);
    await sys.runBlocks(1);
    expect(() => sys.snapshot()).toThrow(
      expect.objectContaining({
        code: 'RUNTIME_BUSY',
        message:
          'snapshot() needs a quiet system, but 2 handlers are still running (suspended at an await or a sleep): await the pending calls, or sys.runUntilIdle(), first',
      }),
    );
    await sys.runUntilIdle({ maxBlocks: 20 });
    expect(() => sys.snapshot()).not.toThrow();
  });

  it('names a call of the test awaiting its reply, and refuses restore() the same way', async () => {
    const sys = createTestSystem({ seed: 'snapshot-busy' });
    const napper = await sys.deploy(Napper);
    const snap = sys.snapshot();
    const reply = napper.nap(2);
    expect(() => sys.restore(snap)).toThrow(/^restore\(\) needs a quiet system, but 1 call of the test awaits a reply/);
    await reply;
    sys.restore(snap);
    expect(await napper.nap(0)).toBe(1);
  });
});
