// Contracts that try to take the platform down, metered by the vitest plugin's gas instrumentation: they
// spin, recurse, send themselves messages, await themselves, allocate without end, and read the clock and
// Math.random. Each ends with its own code, everything else keeps working, and two runs with one seed give the
// same trace and the same gas figures — also after a snapshot is restored.
import { type ClientOf, clientFor, createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import { Actor, type ActorId, actor, findGenerated, type GeneratedActor, type MessageId, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';

function definition(name: string): GeneratedActor {
  const def = findGenerated(name);
  if (def === undefined) throw new TypeError(`${name} has no generated code`);
  return def;
}

function peer(ctx: Parameters<typeof clientFor>[1], address: ActorId): ClientOf<Runaway> {
  return clientFor<Runaway>(definition('Runaway'), ctx, address);
}

function deeper(n: number): number {
  return deeper(n + 1) + 1;
}

@actor()
class Runaway extends Actor {
  count: u32 = 0;
  items: string[] = [];

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  spin(): u32 {
    this.count += 100;
    for (;;) {}
  }

  recurse(): u32 {
    this.count += 100;
    return deeper(0);
  }

  /** Sends itself the same message again, forever. */
  loop(): u32 {
    peer(this.ctx, this.ctx.self).send.loop();
    return 0;
  }

  /** Awaits a call to itself, forever. */
  async selfAwait(level: u32): Promise<u32> {
    return (await peer(this.ctx, this.ctx.self).selfAwait(level + 1)) + 1;
  }

  /** Grows its state forever. */
  hoardState(): u32 {
    for (let i = 0; ; i++) this.items.push(`item ${i}`);
  }

  /** Grows a local array forever. */
  hoardHeap(): u32 {
    const kept: string[] = [];
    for (let i = 0; ; i++) kept.push(`${i}`.padEnd(1000, '.'));
  }

  /** Reads the clock and the random generator. */
  sample(): string {
    return JSON.stringify([Date.now(), new Date().toISOString(), Math.random(), Math.random(), this.ctx.blockTimestamp]);
  }
}

const GAS = 2_000_000;
const OPTIONS = {
  seed: 'runaway',
  gasLimit: GAS,
  limits: { heapGrowthBytes: 32 * 1024 * 1024, stateWritesPerSegment: 20_000 },
} as const;

interface Run {
  readonly codes: Record<string, string | undefined>;
  readonly gas: (number | undefined)[];
  readonly samples: string[];
  readonly trace: string;
}

async function scenario(sys: TestSystem): Promise<Run> {
  const r = await sys.deploy(Runaway);
  const codes: Record<string, string | undefined> = {};
  const ids: MessageId[] = [];
  const sent = (name: string, id: MessageId): void => {
    ids.push(id);
    codes[name] = id;
  };
  sent('spin', r.send.spin());
  sent('recurse', r.send.recurse());
  sent('selfAwait', r.send.selfAwait(0));
  sent('hoardState', r.send.hoardState());
  sent('hoardHeap', r.send.hoardHeap());
  sent('bump', r.send.bump());
  await sys.runUntilIdle();
  for (const [name, id] of Object.entries(codes)) {
    const reply = sys.replyOf(id as MessageId);
    codes[name] = reply === undefined ? 'none' : reply.ok ? 'ok' : reply.code;
  }
  // A self-send loop never empties the queue: the run limit stops it exactly.
  const start = sys.blockHeight;
  sent('loop', r.send.loop());
  const stopped = await sys.runUntilIdle({ maxBlocks: 3 }).catch((e: unknown) => e);
  codes.loop = (stopped as { code?: string }).code;
  expect(sys.blockHeight).toBe(start + 3);
  const samples = [await r.sample()];
  await sys.runBlocks(2);
  samples.push(await r.sample());
  codes.after = String(await r.bump());
  return { codes, gas: ids.map((id) => sys.gasOf(id)), samples, trace: sys.trace() };
}

describe('runaway contracts', () => {
  it('each ends with its code, the actor keeps working, and two runs with one seed are identical', async () => {
    const first = await scenario(createTestSystem({ ...OPTIONS, messagesPerBlock: 50 }));
    expect(first.codes).toEqual({
      spin: 'OUT_OF_GAS',
      recurse: 'STACK_LIMIT_EXCEEDED',
      selfAwait: 'CALL_DEPTH_EXCEEDED',
      hoardState: 'STATE_LIMIT_EXCEEDED',
      hoardHeap: 'HEAP_LIMIT_EXCEEDED',
      bump: 'ok',
      loop: 'RUNTIME_RUN_LIMIT',
      after: '2',
    });
    // Backstops whose exact point the engine decides report the whole limit.
    expect(first.gas.slice(0, 2)).toEqual([GAS, GAS]);
    expect(first.gas[4]).toBe(GAS);
    const [now, iso, r1, r2, block] = JSON.parse(first.samples[0] as string) as [number, string, number, number, number];
    expect([now, iso]).toEqual([block, new Date(block).toISOString()]);
    expect(r1).not.toBe(r2);
    expect(first.samples[1]).not.toBe(first.samples[0]);

    const second = await scenario(createTestSystem({ ...OPTIONS, messagesPerBlock: 50 }));
    expect(second).toEqual(first);
  }, 120_000);

  it('snapshot and restore keep gas records, and a rerun from the snapshot uses the same gas', async () => {
    const sys = createTestSystem(OPTIONS);
    const r = await sys.deploy(Runaway);
    const before = r.send.bump();
    await sys.runUntilIdle();
    const gasBefore = sys.gasOf(before);
    expect(gasBefore).toBeGreaterThan(0);
    const snap = sys.snapshot();

    const rerun = async (): Promise<[(number | undefined)[], string, string]> => {
      const ids = [r.send.bump(), r.send.spin(), r.send.hoardState()];
      await sys.runUntilIdle();
      return [ids.map((id) => sys.gasOf(id)), await r.sample(), sys.trace()];
    };
    const a = await rerun();
    sys.restore(snap);
    expect(sys.gasOf(before)).toBe(gasBefore);
    const b = await rerun();
    expect(b).toEqual(a);
    sys.restore(snap);
    expect(sys.gasOf(before)).toBe(gasBefore);
  });
});
