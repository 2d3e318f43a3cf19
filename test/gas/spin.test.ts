// Contract code goes through the vitest plugin's gas instrumentation: a handler that spins or recurses
// without end fails with OUT_OF_GAS (its segment rolled back) instead of hanging, and the actor keeps working.
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';

function deep(n: number): number {
  return n <= 0 ? 0 : 1 + deep(n - 1);
}

@actor()
class Spinner extends Actor {
  count: u32 = 0;

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  spin(): u32 {
    this.count += 100;
    for (;;) {}
  }

  spinWhile(): u32 {
    this.count += 100;
    let x = 0;
    while (true) x = (x + 1) % 7;
  }

  recurse(n: u32): u32 {
    this.count += 100;
    return deep(n);
  }

  async spinAfterAwait(): Promise<u32> {
    await this.ctx.sleep(1);
    this.count += 100;
    for (;;) {}
  }
}

describe('gas through the vitest plugin', () => {
  it('for (;;) {} in a handler ends with OUT_OF_GAS, rolled back; the actor keeps working', async () => {
    const sys = createTestSystem({ seed: 1, gasLimit: 1_000_000 });
    const spinner = await sys.deploy(Spinner);
    expect(await spinner.bump()).toBe(1);
    await expect(spinner.spin()).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    await expect(spinner.spinWhile()).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    await expect(spinner.spinAfterAwait()).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    expect(await spinner.bump()).toBe(2);
    expect(sys.trace()).toMatch(/error OUT_OF_GAS \(Spinner\.Spin\): Spinner\.spin ran out of gas \(limit 1000000\) gas=1000000/);
  });

  it('deep recursion is charged per call: a small limit stops it with OUT_OF_GAS', async () => {
    const sys = createTestSystem({ seed: 1 });
    const spinner = await sys.deploy(Spinner);
    expect(await spinner.recurse(100)).toBe(100);
    await expect(spinner.with({ gasLimit: 3000 }).recurse(5000)).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    expect(await spinner.bump()).toBe(101);
  });

  it('metered code uses the same gas on every run', async () => {
    const run = async (): Promise<(number | undefined)[]> => {
      const sys = createTestSystem({ seed: 7 });
      const spinner = await sys.deploy(Spinner);
      const ids = [spinner.send.bump(), spinner.send.recurse(50), spinner.send.recurse(500)];
      await sys.runUntilIdle();
      return ids.map((id) => sys.gasOf(id));
    };
    const first = await run();
    expect(first[2]).toBeGreaterThan((first[1] ?? 0) + 400);
    expect(await run()).toEqual(first);
  });
});
