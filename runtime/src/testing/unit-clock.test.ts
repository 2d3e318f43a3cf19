// A sleep moves a unitActor's clock as it moves the system's: the block height by its blocks and the block timestamp
// by as many blocks' time, so a handler that waits out a time lock reads the same time in both.
import { Actor, actor, type u32, type u64 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, mockContext, unitActor } from './index.js';

@actor()
class TimeLock extends Actor {
  /** Sleeps `blocks`, then says how far the block height and the block timestamp moved. */
  async waitOut(blocks: u32): Promise<[u64, u64]> {
    const [height, time] = [this.ctx.blockHeight, this.ctx.blockTimestamp];
    await this.ctx.sleep(blocks);
    return [BigInt(this.ctx.blockHeight - height), BigInt(this.ctx.blockTimestamp - time)];
  }
}

describe('unitActor clock', () => {
  it('a sleep moves the block timestamp by its blocks of blockTimeMs, as in the system', async () => {
    const sys = createTestSystem({ seed: 'unit-clock', blockTimeMs: 1000 });
    const lock = await sys.deploy(TimeLock);
    const system = await lock.waitOut(5);
    const { actor } = unitActor(new TimeLock(), mockContext({ blockTimeMs: 1000, blockTimestamp: 7 }));
    expect(await actor.waitOut(5)).toEqual(system);
    expect(system).toEqual([5n, 5000n]);
    const defaults = unitActor(new TimeLock());
    expect(await defaults.actor.waitOut(2)).toEqual([2n, 6000n]);
    expect(defaults.ctx.blockTimestamp).toBe(6000);
    expect(() => mockContext({ blockTimeMs: 0 })).toThrow(/blockTimeMs must be a whole number ≥ 1, got 0/);
  });
});
