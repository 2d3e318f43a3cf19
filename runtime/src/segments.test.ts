// How a handler's segments end (signals, not polling) and how reply deadlines
// are cleaned up: the mechanisms behind the request-reply hot path.
import { Actor, type ActorId, actor, type u32 } from '@sprocket/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actorId, defineActor, str, u32Codec, vec } from './__fixtures__/define.js';
import { createTestSystem } from './testing/index.js';

const Echo = defineActor({
  name: 'SegEcho',
  interfaceId: '0x6565656565656565',
  fns: [{ method: 'echo', args: [u32Codec], ret: u32Codec }],
});
const ECHO = Echo.services[0]?.functions.find((f) => f.method === 'echo') as NonNullable<(typeof Echo.services)[0]['functions'][0]>;

@actor()
class SegEcho extends Actor {
  echo(v: u32): u32 {
    return v;
  }
}

/** Calls SegEcho in the ways a handler can await a runtime op. */
@actor()
class SegCaller extends Actor {
  log: string[] = [];

  /** `.then` in the segment, then a write, then the await: the write belongs to the first segment. */
  async thenThenWrite(peer: ActorId, v: u32): Promise<u32> {
    const p = this.ctx.call(peer, ECHO.encodeCall([v])).then((bytes) => ECHO.decodeReply(bytes) as number);
    this.log.push('after then');
    const r = await p;
    this.log.push(`got ${r}`);
    return r;
  }

  /** Two calls awaited together. */
  async both(peer: ActorId, v: u32): Promise<u32> {
    const [a, b] = await Promise.all([this.ctx.call(peer, ECHO.encodeCall([v])), this.ctx.call(peer, ECHO.encodeCall([v + 1]))]);
    return (ECHO.decodeReply(a) as number) + (ECHO.decodeReply(b) as number);
  }

  /** Microtask hops on resolved foreign promises (deterministic) before and between runtime calls. */
  async hops(peer: ActorId, n: u32): Promise<u32> {
    for (let i = 0; i < n; i++) await Promise.resolve();
    const r = ECHO.decodeReply(await this.ctx.call(peer, ECHO.encodeCall([n]))) as number;
    for (let i = 0; i < n; i++) await Promise.resolve();
    this.log.push(`hops ${n}`);
    return r;
  }

  /** `n` awaited calls in a row, each with a short timeout. */
  async many(peer: ActorId, n: u32, timeout: u32): Promise<u32> {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += ECHO.decodeReply(await this.ctx.call(peer, ECHO.encodeCall([1]), { timeout })) as number;
    return sum;
  }

  /** Awaits a timer: the determinism guard must fail it (before the timer fires). */
  async timer(): Promise<u32> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.log.push('late');
    return 1;
  }

  /** Awaits a promise that only the test settles: a foreign await whose continuation the test releases. */
  async foreign(): Promise<u32> {
    await new Promise<void>((resolve) => {
      releaseForeign = resolve;
    });
    this.log.push('late');
    return 1;
  }

  entries(): string[] {
    return this.log;
  }
}

/** Settles the promise that `SegCaller.foreign` awaits. */
let releaseForeign: () => void = () => {};

defineActor({
  name: 'SegCaller',
  interfaceId: '0x6363636363636363',
  fns: [
    { method: 'thenThenWrite', args: [actorId, u32Codec], ret: u32Codec },
    { method: 'both', args: [actorId, u32Codec], ret: u32Codec },
    { method: 'hops', args: [actorId, u32Codec], ret: u32Codec },
    { method: 'many', args: [actorId, u32Codec, u32Codec], ret: u32Codec },
    { method: 'timer', args: [], ret: u32Codec },
    { method: 'foreign', args: [], ret: u32Codec },
    { method: 'entries', args: [], ret: vec(str), kind: 'query' },
  ],
});

async function setup(options: { messagesPerBlock?: number } = {}) {
  const sys = createTestSystem(options);
  const echo = await sys.deploy(SegEcho);
  const caller = await sys.deploy(SegCaller);
  return { sys, echo, caller };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('segment ends', () => {
  it('a write after `.then` and before the await stays in the segment', async () => {
    const { caller, echo } = await setup();
    expect(await caller.thenThenWrite(echo.address, 5)).toBe(5);
    expect(await caller.entries()).toEqual(['after then', 'got 5']);
  });

  it('Promise.all over two calls of one segment', async () => {
    const { caller, echo } = await setup();
    expect(await caller.both(echo.address, 20)).toBe(41);
  });

  it('many microtask hops on resolved promises are not a foreign await (no microtask budget)', async () => {
    const { caller, echo } = await setup();
    expect(await caller.hops(echo.address, 500)).toBe(500);
    expect(await caller.entries()).toEqual(['hops 500']);
  });

  it('a foreign await fails with NONDETERMINISTIC_AWAIT, and the runtime goes on', async () => {
    const { caller, echo } = await setup();
    await expect(caller.foreign()).rejects.toMatchObject({ code: 'NONDETERMINISTIC_AWAIT' });
    expect(await caller.both(echo.address, 1)).toBe(3);
    releaseForeign();
    await new Promise((r) => setImmediate(r));
    // the late continuation could not write
    expect(await caller.entries()).toEqual([]);
  });

  it('the guard does not depend on the global timers (fake timers in the test)', async () => {
    const { caller, echo } = await setup();
    vi.useFakeTimers();
    await expect(caller.timer()).rejects.toMatchObject({ code: 'NONDETERMINISTIC_AWAIT' });
    expect(await caller.both(echo.address, 2)).toBe(5);
  });
});

describe('reply deadlines', () => {
  it('answered calls never time out later, across many blocks', async () => {
    const { sys, caller, echo } = await setup({ messagesPerBlock: 7 });
    const h0 = sys.blockHeight;
    expect(await caller.many(echo.address, 3000, 3)).toBe(3000);
    expect(sys.blockHeight - h0).toBeGreaterThan(100);
    await sys.runBlocks(10);
    await sys.runUntilIdle();
    expect(sys.system.idle).toBe(true);
    expect(sys.trace()).not.toContain('timeout');
  });
});
