// Waiting costs gas per block, as Gear charges rent for the waitlist and the dispatch stash: a sleep or a delayed
// send of an absurd number of blocks fails with OUT_OF_GAS instead of holding a task (an exclusive actor's turn)
// or a message for ever, which would keep the system from ever being idle again.
import { Actor, type ActorId, actor, type u32, type u64 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { GAS_COSTS } from './gas.js';
import { createTestSystem } from './testing/index.js';

const HEADER = new Uint8Array([0x47, 0x4d, 1, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);

@actor({ exclusive: true })
class Waiter extends Actor {
  n: u32 = 0;

  async nap(blocks: u64): Promise<u32> {
    this.n += 1;
    await this.ctx.sleep(Number(blocks));
    return this.n;
  }

  later(blocks: u64): u32 {
    this.n += 1;
    this.ctx.send(this.ctx.self, HEADER, { delay: Number(blocks) });
    return this.n;
  }

  /** Calls `to` (a user: nobody answers) and waits up to `blocks` blocks. */
  async ask(to: ActorId, blocks: u64): Promise<u32> {
    this.n += 1;
    await this.ctx.call(to, HEADER, { timeout: Number(blocks) });
    return this.n;
  }

  value(): u32 {
    return this.n;
  }
}

describe('gas for waiting', () => {
  it('a sleep or a delayed send far beyond what the gas pays for fails with OUT_OF_GAS; the actor and the system go on', async () => {
    const sys = createTestSystem({ seed: 'hold' });
    const a = await sys.deploy(Waiter);
    for (const blocks of [2n ** 40n, BigInt(Number.MAX_SAFE_INTEGER)]) {
      await expect(a.nap(blocks)).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
      await expect(a.later(blocks)).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    }
    // A call that would wait that long for an answer (a user never answers) pays for its wait beyond the default.
    const bob = sys.user('bob').account.id;
    await expect(a.ask(bob, 2n ** 40n)).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    expect(await a.value()).toBe(0);
    // Nothing is left waiting: the system is idle, and the exclusive actor takes its next message.
    await sys.runUntilIdle();
    expect(sys.system.idle).toBe(true);
    expect(await a.nap(2n)).toBe(1);
  });

  it('charges GAS_COSTS.holdBlock per block waited', async () => {
    const sys = createTestSystem({ seed: 'hold-price' });
    const gas = (id: Parameters<typeof sys.gasOf>[0]): number => sys.gasOf(id) ?? Number.NaN;
    const a = await sys.deploy(Waiter);
    const short = a.send.later(1n);
    const long = a.send.later(1001n);
    await sys.runUntilIdle({ maxBlocks: 2000 });
    expect(gas(long) - gas(short)).toBe(1000 * GAS_COSTS.holdBlock);
    // A call pays only for the blocks its timeout asks beyond the system's reply timeout (1000 by default).
    const bob = sys.user('bob').account.id;
    const usual = a.send.ask(bob, 1000n);
    const longer = a.send.ask(bob, 1500n);
    await sys.runUntilIdle({ maxBlocks: 4000 });
    expect(gas(longer) - gas(usual)).toBe(500 * GAS_COSTS.holdBlock);
  });
});
