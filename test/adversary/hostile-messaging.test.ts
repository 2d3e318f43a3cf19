// Hostile messaging in the test system: mutual recursion between two actors (interleaved and exclusive), events
// whose payload does not encode, value sent at and past the balance, to itself and to a malformed address, a call
// that times out while its callee still replies later, and a storm of delayed sends. Each ends with its own code,
// no value is created or lost, and two runs with one seed give the same trace. Metered by the vitest plugin.
import { type ClientOf, clientFor, createTestSystem } from '@sprocket/runtime/testing';
import { Actor, type ActorId, actor, findGenerated, type GeneratedActor, handler, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';

function definition(name: string): GeneratedActor {
  const def = findGenerated(name);
  if (def === undefined) throw new TypeError(`${name} has no generated code`);
  return def;
}

type Ctx = Parameters<typeof clientFor>[1];
const peer = (ctx: Ctx, at: ActorId): ClientOf<Pinger> => clientFor<Pinger>(definition('Pinger'), ctx, at);
const exclusivePeer = (ctx: Ctx, at: ActorId): ClientOf<ExclusivePinger> =>
  clientFor<ExclusivePinger>(definition('ExclusivePinger'), ctx, at);

interface PingEvents {
  Pinged: u32;
}

@actor()
class Pinger extends Actor<PingEvents> {
  n: u32 = 0;

  /** Calls `other`, which calls back, `left` times. */
  async ping(other: ActorId, left: u32): Promise<u32> {
    this.n += 1;
    if (left === 0) return 0;
    return (await peer(this.ctx, other).ping(this.ctx.self, left - 1)) + 1;
  }

  badEvent(kind: u32): u32 {
    this.n += 1;
    if (kind === 0) this.emit('Pinged', 'text' as unknown as u32);
    if (kind === 1) this.emit('Missing' as 'Pinged', 1);
    if (kind === 2) this.emit('Pinged', -1);
    return this.n;
  }

  @handler({ payable: true })
  pay(to: ActorId, kind: u32): u32 {
    this.n += 1;
    const balance = this.ctx.balance();
    if (kind === 0) this.ctx.transfer(to, balance);
    if (kind === 1) this.ctx.transfer(to, balance + 1n);
    if (kind === 2) this.ctx.transfer(to, -1n);
    if (kind === 3) this.ctx.transfer(to, 0n);
    if (kind === 4) this.ctx.transfer(this.ctx.self, balance);
    if (kind === 5) this.ctx.transfer(to, 1 as unknown as bigint);
    if (kind === 6) this.ctx.transfer('0x1234' as ActorId, 1n);
    if (kind === 7) this.ctx.transfer(to.toUpperCase().replace('0X', '0x') as ActorId, 1n);
    if (kind === 8) {
      this.ctx.transfer(to, balance);
      throw new Error('after the transfer');
    }
    return this.n;
  }

  async slow(blocks: u32): Promise<u32> {
    await this.ctx.sleep(blocks);
    this.n += 1;
    return this.n;
  }

  async callSlow(other: ActorId): Promise<string> {
    try {
      return String(await peer(this.ctx, other).slow(5, { timeout: 1 }));
    } catch (e) {
      return (e as { code: string }).code;
    }
  }

  storm(count: u32): u32 {
    for (let i = 0; i < count; i++) peer(this.ctx, this.ctx.self).send.slow(0, { delay: (i % 50) + 1 });
    return count;
  }

  @query()
  value(): u32 {
    return this.n;
  }
}

@actor({ exclusive: true })
class ExclusivePinger extends Actor {
  n: u32 = 0;

  async ping(other: ActorId, left: u32): Promise<u32> {
    this.n += 1;
    if (left === 0) return 0;
    return (await exclusivePeer(this.ctx, other).ping(this.ctx.self, left - 1)) + 1;
  }

  @query()
  value(): u32 {
    return this.n;
  }
}

const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    (v) => `ok ${String(v)}`,
    (e: { code?: string; reason?: string }) => `${e.code}: ${e.reason}`,
  );

async function scenario(): Promise<{ results: unknown[]; trace: string }> {
  const sys = createTestSystem({ seed: 'hostile-messaging' });
  const a = await sys.deploy(Pinger);
  const b = await sys.deploy(Pinger);
  const alice = sys.user('alice', { balance: 1_000n });
  const supply = sys.totalSupply();
  const results: unknown[] = [];
  results.push(await outcome(a.ping(b.address, 10)), await outcome(a.ping(b.address, 200)), await a.value(), await b.value());
  const xa = await sys.deploy(ExclusivePinger);
  const xb = await sys.deploy(ExclusivePinger);
  results.push(await outcome(xa.ping(xb.address, 3)), await outcome(xa.ping(xa.address, 3)), await xa.value(), await xb.value());
  for (let kind = 0; kind <= 2; kind++) results.push(await outcome(b.badEvent(kind)));
  results.push(await b.value());
  const paying = clientFor<Pinger>(definition('Pinger'), alice, a.address);
  for (let kind = 0; kind <= 8; kind++) {
    results.push([await outcome(paying.pay(b.address, kind, { value: 10n })), sys.balance(a), sys.balance(b), sys.balance(alice)]);
  }
  expect(sys.totalSupply()).toBe(supply);
  results.push(await outcome(a.callSlow(b.address)));
  const before = await b.value();
  await sys.runBlocks(10);
  // The callee ran to its end after its caller gave up; its late reply went nowhere.
  results.push((await b.value()) - before);
  const n = await a.value();
  results.push(await outcome(a.storm(5_000)));
  await sys.runUntilIdle({ maxBlocks: 100 });
  results.push((await a.value()) - n);
  return { results, trace: sys.trace() };
}

describe('hostile messaging in the test system', () => {
  it('recursion, bad events, value edge cases, late replies and send storms end cleanly and repeat exactly', async () => {
    const first = await scenario();
    const r = first.results;
    expect(r[0]).toBe('ok 10');
    expect(r[1]).toBe(
      'CALL_DEPTH_EXCEEDED: Pinger.ping is at call depth 64: a further awaited call passes limits.callDepth (64); is it awaiting itself without end?',
    );
    // The first segment of each level committed at its await, as on Gear: 6 + 32 and 5 + 31.
    expect(r.slice(2, 4)).toEqual([38, 36]);
    expect(r[4]).toBe(
      'CALL_CYCLE: call cycle ExclusivePinger -> ExclusivePinger#2 -> ExclusivePinger: an exclusive actor would wait for itself forever',
    );
    expect(r[5]).toBe('CALL_CYCLE: call cycle ExclusivePinger -> ExclusivePinger: an exclusive actor would wait for itself forever');
    expect(r.slice(6, 8)).toEqual([1, 0]);
    expect(r.slice(8, 12)).toEqual([
      'HANDLER_FAILED: Pinger.Pinged: u32 expects a number, got string: "text"',
      'HANDLER_FAILED: Pinger has no event Missing; events: Pinged',
      'HANDLER_FAILED: Pinger.Pinged: u32 out of range: -1',
      36,
    ]);
    const malformed = 'HANDLER_FAILED: transfer: to must be an ActorId (0x and 64 lowercase hex digits), got';
    expect(r.slice(12, 21)).toEqual([
      ['ok 39', 0n, 10n, 990n],
      ['HANDLER_FAILED: VALUE_REJECTED: Pinger has 10 available and cannot send 11 to Pinger#2', 0n, 10n, 990n],
      ['HANDLER_FAILED: transfer: value must be a u128 bigint, got -1', 0n, 10n, 990n],
      ['ok 40', 10n, 10n, 980n],
      ['ok 41', 20n, 10n, 970n],
      ['HANDLER_FAILED: transfer: value must be a u128 bigint, got 1', 20n, 10n, 970n],
      [`${malformed} "0x1234"`, 20n, 10n, 970n],
      [expect.stringMatching(/^HANDLER_FAILED: transfer: to must be an ActorId \(.*\), got "0x[0-9A-F]{64}"$/), 20n, 10n, 970n],
      ['HANDLER_FAILED: after the transfer', 20n, 10n, 970n],
    ]);
    expect(r.slice(21)).toEqual(['ok TIMEOUT', 1, 'ok 5000', 5_000]);
    expect(await scenario()).toEqual(first);
  }, 120_000);
});
