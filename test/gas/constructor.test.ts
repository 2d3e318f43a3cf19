// Constructors are metered: the class constructor (field initializers included) and @init methods run on the
// deploy's gas, and a child actor's constructor runs on its parent's gas (the parent's gasLimit bounds it).
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, type bytes, type CodeId, init, requireGenerated, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';

function spinForever(): u32 {
  for (;;) {}
}

@actor()
class SpinsInConstructor extends Actor {
  n: u32 = 0;

  constructor() {
    super();
    for (;;) {}
  }

  bump(): u32 {
    return ++this.n;
  }
}

@actor()
class SpinsInField extends Actor {
  n: u32 = spinForever();

  bump(): u32 {
    return ++this.n;
  }
}

@actor()
class SpinsInInit extends Actor {
  n: u32 = 0;

  @init()
  new(): void {
    for (;;) {}
  }

  @init()
  quick(): void {
    this.n = 1;
  }

  bump(): u32 {
    return ++this.n;
  }
}

@actor()
class Parent extends Actor {
  /** Deploys `code` with the constructor `payload`; returns "ok" or the error code. */
  async spawn(code: CodeId, payload: bytes, gasLimit: u32, salt: u32): Promise<string> {
    try {
      await this.ctx.deploy(code, payload, { salt: new Uint8Array([salt]), ...(gasLimit === 0 ? {} : { gasLimit }) });
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? 'unknown';
    }
  }
}

describe('gas in constructors', () => {
  it('the class constructor, field initializers and @init methods end with OUT_OF_GAS', async () => {
    const sys = createTestSystem({ seed: 1, gasLimit: 200_000 });
    await expect(sys.deploy(SpinsInConstructor)).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    await expect(sys.deploy(SpinsInField)).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    await expect(sys.deploy(SpinsInInit, 'new', [])).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    // The system keeps working: another constructor of the same code deploys and runs.
    const quick = await sys.deploy(SpinsInInit, 'quick', []);
    expect(await quick.bump()).toBe(2);
    // The constructor's gas is on the record: an out-of-gas init used exactly its limit.
    const spun = sys.traceEntries().filter((e) => e.type === 'error-reply' && e.gas === 200_000);
    expect(spun).toHaveLength(3);
  });

  it("a child's constructor runs on its parent's gas", async () => {
    const sys = createTestSystem({ seed: 2, gasLimit: 50_000_000 });
    const code = sys.registerCode(SpinsInInit);
    const spin = requireGenerated('SpinsInInit')
      .constructors.find((c) => c.name === 'New')!
      .encodeCall([]);
    const quick = requireGenerated('SpinsInInit')
      .constructors.find((c) => c.name === 'Quick')!
      .encodeCall([]);
    const parent = await sys.deploy(Parent);
    // Without a limit of its own, the child may use at most what the parent has left (not the system's 50M).
    expect(await parent.spawn(code, spin, 0, 1, { gasLimit: 300_000 })).toBe('OUT_OF_GAS');
    const childGas = sys
      .traceEntries()
      .filter((e) => e.type === 'error-reply' && e.from === 'SpinsInInit')
      .map((e) => e.gas ?? 0);
    expect(childGas.length).toBe(1);
    expect(childGas[0]).toBeLessThan(300_000);
    // An explicit child limit is taken from the parent's gas: more than the parent has fails the parent.
    await expect(parent.spawn(code, quick, 1_000_000, 2, { gasLimit: 300_000 })).rejects.toMatchObject({ code: 'OUT_OF_GAS' });
    expect(await parent.spawn(code, quick, 100_000, 3, { gasLimit: 300_000 })).toBe('ok');
  });
});
