// Bad input for the runtime: value past u128, payloads changed after sending, integer state out of
// range, snapshots shared with what runs after them. Each fails with its exact code and changes nothing else.
import { isRuntimeError } from '@sprocket/runtime';
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, type ActorId, actor, findGenerated, type GeneratedActor, type u32, type u64 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { rejection } from '../call-rejection.js';

const U128_MAX = (1n << 128n) - 1n;

function definition(name: string): GeneratedActor {
  const def = findGenerated(name);
  if (def === undefined) throw new TypeError(`${name} has no generated code`);
  return def;
}

function encodeAdd(v: number): Uint8Array {
  const fn = definition('Ranged').services[0]?.functions.find((f) => f.method === 'add');
  if (fn === undefined) throw new TypeError('add is not generated');
  return fn.encodeCall([v]);
}

/** Calls kept by the actor (a call it makes and does not await), so the promise is passed on. */
const unawaited: Promise<unknown>[] = [];

/** Integer state with declared wire types: the generated definition lists them, the runtime checks them on commit. */
@actor()
class Ranged extends Actor {
  count: u32 = 0;
  total: u64 = 0n;

  add(v: u32): u32 {
    this.count += v;
    return this.count;
  }

  addBig(v: u64): u64 {
    this.total += v * 1_000_000n;
    return this.total;
  }

  get_(): u32 {
    return this.count;
  }

  /** Sends `add(v)` to `to`, then scribbles over the buffer it sent. */
  sendThenScribble(to: ActorId, v: u32): void {
    const payload = encodeAdd(v);
    this.ctx.send(to, payload);
    payload.fill(0);
  }

  /** Calls a user (who never answers) and does not wait: only the timeout ends the call. */
  async callUser(user: ActorId): Promise<void> {
    // Left pending on purpose: committed at the sleep, so the handler ends with a call in flight (a call of
    // the last segment left unawaited would fail the handler).
    unawaited.push(this.ctx.call(user, encodeAdd(1), { timeout: 3 }).catch(() => undefined));
    await this.ctx.sleep(1);
  }
}

interface Link {
  n: number;
  next: Link | undefined;
}

/** Holds a linked list as long as it is told. */
@actor()
class Chain extends Actor {
  head: Link | undefined = undefined;

  grow(n: u32): u32 {
    let head: Link | undefined = this.head;
    for (let i = 0; i < n; i++) head = { n: i, next: head };
    this.head = head;
    return n;
  }

  length(): u32 {
    let n = 0;
    for (let link = this.head; link !== undefined; link = link.next) n++;
    return n;
  }
}

describe('runtime bad input: balances and supply within u128', () => {
  it('a mint past u128 is refused with RUNTIME_VALUE_OVERFLOW and changes nothing', () => {
    const sys = createTestSystem({ seed: 'u128' });
    const alice = sys.user('alice');
    const supply = sys.totalSupply();
    sys.mint(alice, U128_MAX - supply);
    expect(sys.totalSupply()).toBe(U128_MAX);
    const before = alice.balance();
    let caught: unknown;
    try {
      sys.mint(alice, 1n);
    } catch (error) {
      caught = error;
    }
    expect(isRuntimeError(caught, 'RUNTIME_VALUE_OVERFLOW')).toBe(true);
    expect(alice.balance()).toBe(before);
    expect(sys.totalSupply()).toBe(U128_MAX);
    // a second account asking for MAX is refused the same way, and a user created with it too
    expect(() => sys.mint(sys.user('bob'), U128_MAX)).toThrow(/would exceed u128/);
    expect(() => sys.user('carol', { balance: U128_MAX })).toThrow(/would exceed u128/);
    expect(sys.balance('bob')).toBe(0n);
    expect(sys.totalSupply()).toBe(U128_MAX);
  });
});

describe('runtime bad input: payloads are copied when they are sent', () => {
  it('a user buffer changed after send does not change the message', async () => {
    const sys = createTestSystem({ seed: 'alias-user' });
    const ranged = await sys.deploy(Ranged);
    const payload = encodeAdd(5);
    const id = sys.send(ranged.address, payload);
    payload.fill(0);
    const call = encodeAdd(7);
    const reply = sys.call(ranged.address, call);
    call.fill(0);
    await reply;
    await sys.runUntilIdle();
    expect(sys.replyOf(id)).toMatchObject({ ok: true });
    expect(await ranged.get_()).toBe(12);
  });

  it('an actor buffer changed after ctx.send does not change the message', async () => {
    const sys = createTestSystem({ seed: 'alias-actor' });
    const a = await sys.deploy(Ranged);
    const b = await sys.deploy(Ranged);
    await a.sendThenScribble(b.address, 9);
    await sys.runUntilIdle();
    expect(await b.get_()).toBe(9);
  });

  it('a payload that is not bytes is refused with RUNTIME_BAD_OPTION before any value moves', async () => {
    const sys = createTestSystem({ seed: 'alias-bad' });
    const ranged = await sys.deploy(Ranged);
    const supply = sys.totalSupply();
    let caught: unknown;
    try {
      await sys.call(ranged.address, [1, 2, 3] as unknown as Uint8Array, { value: 5n });
    } catch (error) {
      caught = error;
    }
    expect(isRuntimeError(caught, 'RUNTIME_BAD_OPTION')).toBe(true);
    expect(sys.totalSupply()).toBe(supply);
    expect(sys.system.valueInFlight).toBe(0n);
  });
});

describe('runtime bad input: integer state out of range', () => {
  it('a segment that leaves a u32 field past 2^32-1 fails, rolls back, and names field and handler', async () => {
    const sys = createTestSystem({ seed: 'range' });
    const ranged = await sys.deploy(Ranged);
    expect(await ranged.add(4294967295)).toBe(4294967295);
    const err = await rejection(ranged.add(1));
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toBe('Ranged.add: state field "count" (u32) is 4294967296, outside 0..4294967295; the segment is rolled back');
    expect(await ranged.get_()).toBe(4294967295);
    const big = await rejection(ranged.addBig(18446744073709551615n));
    expect(big.reason).toMatch(/^Ranged\.addBig: state field "total" \(u64\) is \d+n, outside 0\.\.18446744073709551615/);
    expect(await ranged.addBig(1n)).toBe(1_000_000n);
  });
});

describe('runtime bad input: snapshots share nothing mutable with later runs', () => {
  it('a snapshot of a linked list 50,000 long neither overflows the stack nor shares nodes', async () => {
    const sys = createTestSystem({ seed: 'snapshot-deep' });
    const chain = await sys.deploy(Chain);
    await chain.grow(50_000);
    const snap = sys.snapshot();
    await chain.grow(1);
    sys.restore(snap);
    expect(await chain.length()).toBe(50_000);
    sys.restore(snap);
    expect(await chain.length()).toBe(50_000);
  });

  it('a pending call timeout survives restore; replays of one snapshot are identical', async () => {
    const sys = createTestSystem({ seed: 'snapshot-share' });
    const alice = sys.user('alice');
    const ranged = await sys.deploy(Ranged);
    await ranged.callUser(alice.id);
    const snap = sys.snapshot();
    const start = sys.traceEntries().length;
    const replay = async (): Promise<string[]> => {
      await sys.runUntilIdle();
      return sys
        .traceEntries()
        .slice(start)
        .map((e) => e.text);
    };
    const first = await replay();
    expect(first.some((line) => line.includes('TIMEOUT'))).toBe(true);
    sys.restore(snap);
    const second = await replay();
    sys.restore(snap);
    const third = await replay();
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });
});
