// `runUntilIdle({ maxBlocks })` stops at its limit even when the queue never empties, and a block holds at
// most `messagesPerBlock` messages.
import { Actor, actor, requireGenerated, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem } from './testing/index.js';

@actor()
class Looper extends Actor {
  count: u32 = 0;

  /** Sends itself the same message again: a loop that never ends. */
  again(): void {
    this.count += 1;
    const fn = requireGenerated('Looper').services[0]?.functions.find((f) => f.method === 'again');
    if (fn !== undefined) this.ctx.send(this.ctx.self, fn.encodeCall([]));
  }

  get(): u32 {
    return this.count;
  }
}

describe('runUntilIdle limits', () => {
  it('stops a self-send loop exactly at maxBlocks, with messagesPerBlock messages in each block', async () => {
    const sys = createTestSystem({ seed: 1, messagesPerBlock: 10 });
    const looper = await sys.deploy(Looper);
    const start = sys.blockHeight;
    looper.send.again();
    await expect(sys.runUntilIdle({ maxBlocks: 5 })).rejects.toMatchObject({
      code: 'RUNTIME_RUN_LIMIT',
      message: `runUntilIdle passed its limit of block ${start + 5} (maxBlocks 5 from block ${start}) with messages at every block, still at block ${start + 5} (a message loop that never ends? see sys.trace())`,
    });
    expect(sys.blockHeight).toBe(start + 5);
    const handled = sys.traceEntries().filter((e) => e.type === 'message' && e.route === 'Looper.Again');
    const perBlock = new Map<number, number>();
    for (const e of handled) perBlock.set(e.block, (perBlock.get(e.block) ?? 0) + 1);
    expect(Math.max(...perBlock.values())).toBeLessThanOrEqual(10);
    expect(Math.max(...perBlock.keys())).toBe(start + 5);
    // The system still answers: a run with a new limit goes on from there.
    await expect(sys.runUntilIdle({ maxBlocks: 2 })).rejects.toMatchObject({ code: 'RUNTIME_RUN_LIMIT' });
    expect(sys.blockHeight).toBe(start + 7);
  });

  it('says a delayed message past maxBlocks is no loop, and what maxBlocks reaches it', async () => {
    const sys = createTestSystem({ seed: 1 });
    const looper = await sys.deploy(Looper);
    const start = sys.blockHeight;
    looper.send.get({ delay: 40 });
    await expect(sys.runUntilIdle({ maxBlocks: 5 })).rejects.toMatchObject({
      code: 'RUNTIME_RUN_LIMIT',
      message: `runUntilIdle passed its limit of block ${start + 5} (maxBlocks 5 from block ${start}): nothing runs until block ${start + 40}, where a delayed message, a sleep's wake-up or a reply timeout is due (40 blocks after block ${start}); pass { maxBlocks: 40 } or more, or step there with runBlocks`,
    });
    await sys.runUntilIdle({ maxBlocks: 40 });
    expect(sys.blockHeight).toBe(start + 40);
  });

  it('runBlocks(n) returns after n blocks even when a self-send loop keeps the queue full', async () => {
    const sys = createTestSystem({ seed: 1, messagesPerBlock: 10 });
    const looper = await sys.deploy(Looper);
    const start = sys.blockHeight;
    looper.send.again();
    await sys.runBlocks(3);
    expect(sys.blockHeight).toBe(start + 3);
    expect(await looper.get()).toBeGreaterThanOrEqual(30);
  });
});
