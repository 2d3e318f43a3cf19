// The gas meter: limits per message and per block, OUT_OF_GAS with rollback, gas figures on replies,
// in the trace and from `gasOf`. The charges are written by hand here (what the instrumentation inserts).
import { __sprocketGas, Actor, actor, type bytes, isCallError, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_GAS, GAS_COSTS, GasBook } from './gas.js';
import { gearReplyCode } from './reply-code.js';
import { createTestSystem } from './testing/index.js';

interface BurnerEvents {
  Burned: { bytes: bytes };
}

/** Iterations of `hoard` (outside state, so a rollback keeps the count). */
let hoarded = 0;

@actor()
class GasBurner extends Actor<BurnerEvents> {
  total: u32 = 0;

  /** Adds `n`, charging one unit per loop iteration like instrumented code. */
  work(n: u32): u32 {
    for (let i = 0; i < n; i++) __sprocketGas(1);
    this.total += n;
    return this.total;
  }

  /** Writes the field `n` times: each write is one journal entry. */
  writeTimes(n: u32): u32 {
    for (let i = 0; i < n; i++) this.total += 1;
    return this.total;
  }

  /** The same loop as `writeTimes`, writing a local instead (the loop's metering without the state writes). */
  countTimes(n: u32): u32 {
    let total = 0;
    for (let i = 0; i < n; i++) total += 1;
    return total;
  }

  /** Writes, then spins until the meter stops it. */
  spin(): u32 {
    this.total += 1000;
    for (;;) __sprocketGas(1);
  }

  /** Writes state without end, charging one unit per iteration like instrumented code. */
  hoard(): u32 {
    for (;;) {
      hoarded++;
      __sprocketGas(1);
      this.total += 1;
    }
  }

  /** Catches the out-of-gas signal and returns as if nothing happened. */
  swallow(): u32 {
    this.total += 1;
    try {
      for (;;) __sprocketGas(1);
    } catch {
      return 7;
    }
  }

  /** Emits an event of `n` bytes. */
  emitBytes(n: u32): u32 {
    this.emit('Burned', { bytes: new Uint8Array(n) });
    return n;
  }
}

/** Gas a `work(n)` message uses. */
async function gasOfWork(n: number): Promise<number> {
  const sys = createTestSystem({ seed: 5 });
  const burner = await sys.deploy(GasBurner);
  const id = burner.send.work(n);
  await sys.runUntilIdle();
  return sys.gasOf(id) ?? 0;
}

describe('gas', () => {
  it('a handler that spins fails with OUT_OF_GAS, is rolled back, and the actor keeps working', async () => {
    const sys = createTestSystem({ seed: 1, gasLimit: 100_000 });
    const burner = await sys.deploy(GasBurner);
    expect(await burner.work(10)).toBe(10);
    const error = await burner.spin().catch((e: unknown) => e);
    expect(isCallError(error) && error.code).toBe('OUT_OF_GAS');
    expect(String((error as Error).message)).toMatch(/GasBurner\.spin ran out of gas \(limit 100000\)/);
    expect(await burner.work(1)).toBe(11);
    expect(gearReplyCode('OUT_OF_GAS')?.bytes).toEqual([1, 0, 0, 0]);
  });

  it('catching the out-of-gas signal does not save the segment', async () => {
    const sys = createTestSystem({ seed: 1, gasLimit: 50_000 });
    const burner = await sys.deploy(GasBurner);
    await expect(burner.swallow()).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    expect(await burner.work(0)).toBe(0);
  });

  it('a call sets its own gasLimit; the same inputs use the same gas', async () => {
    const run = async (): Promise<[number | undefined, string]> => {
      const sys = createTestSystem({ seed: 2 });
      const burner = await sys.deploy(GasBurner);
      await expect(burner.work(5000, { gasLimit: 1000 })).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
      const id = burner.send.work(300);
      await sys.runUntilIdle();
      const reply = sys.replyOf(id);
      expect(reply?.ok).toBe(true);
      expect(reply?.gasUsed).toBe(sys.gasOf(id));
      return [sys.gasOf(id), sys.trace()];
    };
    const [gas, trace] = await run();
    // Dispatch, payload bytes, 300 loop charges and the state writes (more where the code is instrumented too).
    expect(gas).toBeGreaterThanOrEqual(GAS_COSTS.message + 300);
    expect(trace).toMatch(new RegExp(`reply 300 gas=${gas}`));
    expect(trace).toMatch(/error OUT_OF_GAS \(GasBurner\.Work\): GasBurner\.work ran out of gas \(limit 1000\) gas=1000/);
    expect(await run()).toEqual([gas, trace]);
  });

  it('event bytes are charged', async () => {
    const sys = createTestSystem({ seed: 3 });
    const burner = await sys.deploy(GasBurner);
    const small = burner.send.emitBytes(1);
    const large = burner.send.emitBytes(1001);
    await sys.runUntilIdle();
    expect((sys.gasOf(large) ?? 0) - (sys.gasOf(small) ?? 0)).toBeGreaterThanOrEqual(1000 * GAS_COSTS.eventByte);
  });

  it('each state write costs GAS_COSTS.stateWrite', async () => {
    const sys = createTestSystem({ seed: 6 });
    const burner = await sys.deploy(GasBurner);
    const ids = [burner.send.writeTimes(1), burner.send.writeTimes(11), burner.send.countTimes(1), burner.send.countTimes(11)];
    await sys.runUntilIdle();
    const [write1, write11, count1, count11] = ids.map((id) => sys.gasOf(id) ?? 0) as [number, number, number, number];
    // Ten more loop iterations cost the same in both; ten more writes cost ten state writes.
    expect(write11 - write1 - (count11 - count1)).toBe(10 * GAS_COSTS.stateWrite);
  });

  it('a handler whose state writes alone pass its gas limit stops at the next checkpoint with OUT_OF_GAS', async () => {
    const sys = createTestSystem({ seed: 7 });
    const burner = await sys.deploy(GasBurner);
    const gasLimit = 20 * CHECKPOINT_GAS;
    const err = await burner.hoard({ gasLimit }).catch((e: unknown) => e);
    // 11 gas per iteration, 10 of them charged at commit: without the check at checkpoints the loop would run on
    // to limits.stateWritesPerSegment (a million writes, 11 million gas on a 1.3 million limit).
    expect(err).toMatchObject({ code: 'OUT_OF_GAS' });
    // Stopped at the first checkpoint after the writes' gas passed what was left, not a million writes later.
    expect(hoarded).toBeGreaterThan(gasLimit / (1 + GAS_COSTS.stateWrite) - CHECKPOINT_GAS);
    expect(hoarded).toBeLessThan(gasLimit / (1 + GAS_COSTS.stateWrite) + CHECKPOINT_GAS);
    // The writes rolled back.
    expect(await burner.writeTimes(0)).toBe(0);
  });

  it('a bad gasLimit is refused before anything moves', async () => {
    const sys = createTestSystem({ seed: 4 });
    const burner = await sys.deploy(GasBurner);
    await expect(burner.work(1, { gasLimit: 0 })).rejects.toMatchObject({ code: 'RUNTIME_BAD_OPTION' });
    await expect(burner.work(1, { gasLimit: 1.5 })).rejects.toMatchObject({ code: 'RUNTIME_BAD_OPTION' });
    expect(() => createTestSystem({ blockGasLimit: -1 })).toThrow(/blockGasLimit must be a positive safe integer/);
  });

  it('a user message may not ask for more gas than a block has, as a node refuses it (BAD_GAS_LIMIT)', async () => {
    const sys = createTestSystem({ seed: 4, blockGasLimit: 10_000_000 });
    const burner = await sys.deploy(GasBurner);
    const above = /gasLimit 10000001 is above the block gas limit 10000000 \(blockGasLimit\)/;
    await expect(burner.work(1, { gasLimit: 10_000_001 })).rejects.toMatchObject({
      code: 'RUNTIME_BAD_OPTION',
      message: expect.stringMatching(above),
    });
    expect(() => burner.send.work(1, { gasLimit: 10_000_001 })).toThrow(above);
    await expect(sys.deploy(GasBurner, undefined, undefined, { gasLimit: 10_000_001 })).rejects.toMatchObject({
      code: 'RUNTIME_BAD_OPTION',
    });
    expect(await burner.work(1, { gasLimit: 10_000_000 })).toBeDefined(); // the whole block is allowed
  });

  it('a block whose messages used its gas is full: the next message goes into the next block', async () => {
    // The gas of one such message, measured: a block holds two of them, the second fills it.
    const sys = createTestSystem({ seed: 5, blockGasLimit: 2 * (await gasOfWork(2000)) - 1 });
    const burner = await sys.deploy(GasBurner);
    const start = sys.blockHeight;
    const ids = [1, 2, 3, 4].map(() => burner.send.work(2000));
    await sys.runUntilIdle();
    const blocks = sys
      .traceEntries()
      .filter((e) => e.type === 'reply' && ids.includes(e.messageId as never))
      .map((e) => e.block - start);
    expect(blocks).toEqual([0, 0, 1, 1]);
  });

  it('every block counts the gas of its first message too, not only the block the system started in', async () => {
    const sys = createTestSystem({ seed: 5, blockGasLimit: 2 * (await gasOfWork(2000)) - 1 });
    const burner = await sys.deploy(GasBurner);
    const start = sys.blockHeight;
    const ids = [1, 2, 3, 4, 5, 6, 7, 8].map(() => burner.send.work(2000));
    await sys.runUntilIdle();
    const blocks = sys
      .traceEntries()
      .filter((e) => e.type === 'reply' && ids.includes(e.messageId as never))
      .map((e) => e.block - start);
    expect(blocks).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('a reused meter starts over: the gas of one handler never leaks into the next', () => {
    const book = new GasBook(1_000_000, 10_000_000);
    const first = book.meter(0);
    first.install();
    first.charge(CHECKPOINT_GAS + 10);
    first.uninstall();
    expect(first.used).toBe(CHECKPOINT_GAS + 10);
    first.release();
    const second = book.meter(500);
    expect(second).toBe(first);
    expect([second.limit, second.used, second.remaining, second.out]).toEqual([500, 0, 500, false]);
    expect(() => second.charge(501)).toThrow(/out of gas/);
    second.uninstall();
    // Billed to the block: the first handler's gas and the whole limit of the second, nothing twice.
    expect(book.blockUsed).toBe(CHECKPOINT_GAS + 10 + 500);
  });
});
