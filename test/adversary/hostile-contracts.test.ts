// An adversarial audit of "no input can wedge the runtime": contracts that throw what is not an Error (null, a
// Proxy, objects whose getters or toString throw or spin), return thenables and values the reply codec cannot
// carry, race runtime operations with foreign promises, reply with more bytes than a message may carry, and store
// odd values in state. Each ends with its own code and a reason that names what failed, its state rolled back,
// a bystander actor untouched, and two runs with one seed give the same trace. Metered by the vitest plugin.
import { createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, type MessageId, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { rejection } from '../call-rejection.js';

const spin = (): never => {
  for (;;) {}
};

/** An object with a `then` method: a thenable the runtime must not trust. */
function thenable(then: (ok: (v: unknown) => void, fail: (v: unknown) => void) => void): object {
  return { then };
}

/** Thrown values a careless or hostile handler may throw. */
const THROWN: (() => unknown)[] = [
  () => null,
  () => undefined,
  () => Symbol('boom'),
  () => 7n,
  () => Object.create(null),
  () =>
    new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    ),
  () => ({
    get message(): string {
      throw new Error('getter');
    },
  }),
  () => ({
    toString: (): string => {
      throw new Error('toString');
    },
  }),
  () => ({ toString: spin }),
  () => ({
    get message(): string {
      return spin();
    },
  }),
  () => new Proxy({}, { get: spin }),
  () => Object.defineProperty(new Error('x'), 'message', { get: spin }),
];

/** What each thrown value gives: the code, and a piece of the reason. */
const THROWN_OUTCOMES: [string, string][] = [
  ['HANDLER_FAILED', 'null'],
  ['HANDLER_FAILED', 'undefined'],
  ['HANDLER_FAILED', 'Symbol(boom)'],
  ['HANDLER_FAILED', '7'],
  ['HANDLER_FAILED', 'an unreadable thrown object'],
  ['HANDLER_FAILED', 'an unreadable thrown object'],
  ['HANDLER_FAILED', '[object Object]'],
  ['HANDLER_FAILED', 'an unreadable thrown object'],
  // Reading the text runs the contract's own code on the handler's gas: spinning there is running out of gas.
  ['OUT_OF_GAS', 'ran out of gas (limit 2000000)'],
  ['OUT_OF_GAS', 'ran out of gas (limit 2000000)'],
  ['OUT_OF_GAS', 'ran out of gas (limit 2000000)'],
  ['OUT_OF_GAS', 'ran out of gas (limit 2000000)'],
];

/** Values a handler declared `-> u32` may return instead. */
const RETURNED: (() => unknown)[] = [
  () =>
    thenable(() => {
      throw new Error('then throws');
    }),
  () => thenable(() => undefined),
  () => thenable((ok: (v: unknown) => void) => ok('text')),
  () => thenable((_ok: unknown, fail: (v: unknown) => void) => fail({ toString: spin })),
  () => 'str',
  () => -1,
  () => Number.NaN,
  () => 2 ** 40,
  () => 5n,
  () => ({ valueOf: spin }),
  () => new Proxy({}, { get: spin }),
  () => thenable((ok: (v: unknown) => void) => ok(5)),
];

const RETURNED_OUTCOMES: [string, string][] = [
  ['HANDLER_FAILED', 'then throws'],
  ['NONDETERMINISTIC_AWAIT', 'awaited something that is not a runtime operation'],
  ['HANDLER_FAILED', 'the reply does not encode: Hostile.Returns.reply: u32 expects a number, got string'],
  ['OUT_OF_GAS', 'ran out of gas'],
  ['HANDLER_FAILED', 'the reply does not encode: Hostile.Returns.reply: u32 expects a number, got string'],
  ['HANDLER_FAILED', 'u32 out of range: -1'],
  ['HANDLER_FAILED', 'u32 is NaN'],
  ['HANDLER_FAILED', 'u32 out of range: 1099511627776'],
  ['HANDLER_FAILED', 'u32 expects a number, got bigint'],
  ['HANDLER_FAILED', 'u32 expects a number, got object'],
  ['OUT_OF_GAS', 'ran out of gas'],
  ['ok', '5'],
];

@actor()
class Hostile extends Actor {
  n: u32 = 0;
  cfg: Record<string, unknown> = {};

  throws(kind: u32): u32 {
    this.n += 1;
    throw THROWN[kind]?.();
  }

  async throwsAfterSleep(kind: u32): Promise<u32> {
    this.n += 1;
    await this.ctx.sleep(1);
    this.n += 100;
    throw THROWN[kind]?.();
  }

  returns(kind: u32): u32 {
    this.n += 1;
    return RETURNED[kind]?.() as u32;
  }

  /** Replies with `len` characters. */
  text(len: u32): string {
    this.n += 1;
    return 'x'.repeat(len);
  }

  async mixed(kind: u32): Promise<u32> {
    this.n += 1;
    if (kind === 0) await Promise.all([this.ctx.sleep(1), Promise.resolve(1)]);
    if (kind === 1) await Promise.race([this.ctx.sleep(1), new Promise(() => {})]);
    if (kind === 2) await Promise.all([this.ctx.sleep(1), new Promise(() => {})]);
    if (kind === 3)
      for await (const x of (async function* () {
        yield 1;
        yield 2;
      })())
        this.n += x;
    if (kind === 4) {
      try {
        spin();
      } finally {
        spin();
      }
    }
    if (kind === 5) {
      try {
        spin();
      } catch {
        this.n += 100;
        return 7;
      }
    }
    return this.n;
  }

  /** Stores values that are odd but plain data: a cycle, a shared reference, a linked list 100,000 long. */
  storeOdd(): u32 {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const shared = { v: 1 };
    const list: { next?: unknown } = {};
    let cur = list;
    for (let i = 0; i < 100_000; i++) {
      const next = {};
      cur.next = next;
      cur = next;
    }
    this.cfg = { cyclic, a: shared, b: shared, list, when: new Date(Number.NaN) };
    return 1;
  }

  /** Stores a Proxy whose traps behave while it is written and spin afterwards, or a view of shared memory. */
  storeHostile(kind: u32): u32 {
    this.n += 1;
    let calls = 0;
    const traps = {
      ownKeys: (t: object) => {
        calls += 1;
        if (calls > 3) spin();
        return Reflect.ownKeys(t);
      },
    };
    if (kind === 0) this.cfg = { p: new Proxy({}, traps) };
    if (kind === 1) this.cfg = { t: new Uint8Array(new SharedArrayBuffer(8)) };
    if (kind === 2) this.cfg = new Proxy({}, traps);
    return 1;
  }

  /** Writes through a shared reference, then fails: both fields see the rollback. */
  sharedThenThrow(): u32 {
    (this.cfg.a as { v: number }).v = 99;
    throw new Error('after the write');
  }

  @query()
  value(): u32 {
    return this.n;
  }

  /** A query that sleeps: a query may not wait for blocks. */
  @query()
  async sleepy(): Promise<u32> {
    await this.ctx.sleep(1);
    return this.n;
  }

  @query()
  sharedValues(): string {
    return JSON.stringify([
      (this.cfg.a as { v?: number } | undefined)?.v,
      (this.cfg.b as { v?: number } | undefined)?.v,
      this.cfg.a === this.cfg.b,
    ]);
  }
}

const GAS = 2_000_000;

interface Outcome {
  readonly code: string;
  readonly reason: string;
}

async function outcome(sys: TestSystem, id: MessageId): Promise<Outcome> {
  await sys.runUntilIdle({ maxBlocks: 20 });
  const reply = sys.replyOf(id);
  if (reply === undefined) return { code: 'none', reason: '' };
  return reply.ok ? { code: 'ok', reason: '' } : { code: reply.code, reason: reply.reason };
}

async function scenario(): Promise<{ outcomes: Outcome[]; values: u32[]; trace: string }> {
  const sys = createTestSystem({ seed: 'hostile', gasLimit: GAS, maxPayloadBytes: 4096 });
  const h = await sys.deploy(Hostile);
  const bystander = await sys.deploy(Hostile);
  expect(await bystander.text(3)).toBe('xxx');
  const outcomes: Outcome[] = [];
  const values: u32[] = [];
  for (let kind = 0; kind < THROWN.length; kind++) {
    outcomes.push(await outcome(sys, h.send.throws(kind)));
    outcomes.push(await outcome(sys, h.send.throwsAfterSleep(kind)));
    values.push(await h.value());
  }
  for (let kind = 0; kind < RETURNED.length; kind++) outcomes.push(await outcome(sys, h.send.returns(kind)));
  for (let kind = 0; kind <= 5; kind++) outcomes.push(await outcome(sys, h.send.mixed(kind)));
  values.push(await h.value(), await bystander.value());
  return { outcomes, values, trace: sys.trace() };
}

describe('hostile contracts in the test system', () => {
  it('every hostile throw, return and await ends with its code; state rolls back; runs repeat exactly', async () => {
    const first = await scenario();
    const throws = first.outcomes.slice(0, 2 * THROWN.length);
    THROWN_OUTCOMES.forEach(([code, reason], kind) => {
      for (const o of [throws[2 * kind], throws[2 * kind + 1]]) {
        expect(o?.code, `thrown value ${kind}`).toBe(code);
        expect(o?.reason, `thrown value ${kind}`).toContain(reason);
      }
    });
    // Each throw before the sleep rolled its write back; each after it kept the first segment's write only.
    expect(first.values.slice(0, THROWN.length)).toEqual(THROWN.map((_, i) => i + 1));
    const returns = first.outcomes.slice(2 * THROWN.length, 2 * THROWN.length + RETURNED.length);
    expect(returns.map((o) => o.code)).toEqual(RETURNED_OUTCOMES.map(([code]) => code));
    RETURNED_OUTCOMES.forEach(([, reason], kind) => {
      if (reason !== '5') expect(returns[kind]?.reason, `returned value ${kind}`).toContain(reason);
    });
    const mixed = first.outcomes.slice(2 * THROWN.length + RETURNED.length);
    expect(mixed.map((o) => o.code)).toEqual(['ok', 'NONDETERMINISTIC_AWAIT', 'NONDETERMINISTIC_AWAIT', 'ok', 'OUT_OF_GAS', 'OUT_OF_GAS']);
    expect(mixed[1]?.reason).toContain('Promise.race of a runtime operation and a foreign promise');
    // Only what committed counts: 12 first segments, one good return, and of the mixed awaits the two that
    // reached a runtime operation and the async generator (1 + 3); the race failed in its first segment.
    expect(first.values.slice(THROWN.length)).toEqual([12 + 1 + 2 + 1 + 3, 1]);
    expect(await scenario()).toEqual(first);
  }, 120_000);

  it('a reply larger than a message may be fails with PAYLOAD_LIMIT_EXCEEDED and is rolled back', async () => {
    const sys = createTestSystem({ seed: 'big-reply', maxPayloadBytes: 4096 });
    const h = await sys.deploy(Hostile);
    // The reply is its route header (16 bytes), the string's length prefix (2 bytes) and the string.
    expect(await h.text(4096 - 18)).toHaveLength(4096 - 18);
    const err = await rejection(h.text(4096 - 17));
    expect(err.code).toBe('PAYLOAD_LIMIT_EXCEEDED');
    expect(err.reason).toBe(
      'Hostile.text: its reply of 4097 bytes is larger than a message may be (maxPayloadBytes 4096); the segment is rolled back',
    );
    expect(await h.value()).toBe(1);
    expect(await h.text(1)).toBe('x');
  });

  it('a Proxy or a view of shared memory is refused in state, where it is written', async () => {
    const sys = createTestSystem({ seed: 'hostile-state' });
    const h = await sys.deploy(Hostile);
    for (const [kind, what] of [
      [0, 'cannot hold a Proxy (its traps would run on every walk over the state, outside any handler) (nested in the value written)'],
      [1, 'cannot hold a typed array over a SharedArrayBuffer'],
      [2, 'cannot hold a Proxy'],
    ] as const) {
      const err = await rejection(h.storeHostile(kind));
      expect(err.code).toBe('HANDLER_FAILED');
      expect(err.reason).toContain(`Hostile.storeHostile: field "cfg": ${what}`);
    }
    // Nothing was stored: a snapshot walks the state without running contract code.
    expect(() => sys.restore(sys.snapshot())).not.toThrow();
    expect(await h.value()).toBe(0);
  });

  it('a query that sleeps says it tried to sleep', async () => {
    const sys = createTestSystem({ seed: 'query-sleeps' });
    const h = await sys.deploy(Hostile);
    const err = await rejection(h.sleepy());
    expect([err.code, err.reason]).toEqual(['QUERY_MUTATED', 'Hostile.sleepy is a query but tried to sleep']);
  });

  it('odd plain data in state survives snapshots, and a write through a shared reference rolls back', async () => {
    const sys = createTestSystem({ seed: 'odd-state' });
    const h = await sys.deploy(Hostile);
    expect(await h.storeOdd()).toBe(1);
    sys.restore(sys.snapshot());
    expect(await h.sharedValues()).toBe('[1,1,true]');
    expect((await rejection(h.sharedThenThrow())).reason).toBe('after the write');
    expect(await h.sharedValues()).toBe('[1,1,true]');
  });
});
