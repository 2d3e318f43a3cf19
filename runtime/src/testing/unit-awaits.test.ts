// Handlers that await (calls, Promise.all and race, try/catch, helpers, sleeps, plain promises) and then fail, run in
// unitActor and in the system: the value or failure, the state, the events, what reached the peer and the balance
// after each call match. A segment that fails where it ends (at an await) fails the whole handler call in both: the
// system never resumes the handler, so unitActor must not either, even when the handler catches around the await.
import {
  Actor,
  ActorClient,
  type ActorId,
  actor,
  type CallError,
  findGenerated,
  type GeneratedActor,
  type GeneratedFunction,
  handler,
  type u8,
  type u32,
  type u128,
} from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, mockContext, type TestSystem, unitActor } from './index.js';

/** The peer: counts what reaches it. */
@actor()
class Echo extends Actor {
  got: u32 = 0;

  @handler({ payable: true })
  echo(n: u32): u32 {
    this.got += n;
    return n;
  }

  boom(): u32 {
    throw new Error('boom');
  }
}

function echoFn(method: string): GeneratedFunction {
  const fn = findGenerated('Echo')?.services[0]?.functions.find((f) => f.method === method);
  if (fn === undefined) throw new Error(`Echo.${method} is not generated`);
  return fn;
}

function encodeEcho(n: number): Uint8Array {
  return echoFn('echo').encodeCall([n]);
}

class EchoClient extends ActorClient {
  static get definition(): GeneratedActor {
    const definition = findGenerated('Echo');
    if (definition === undefined) throw new Error('Echo is not generated');
    return definition;
  }

  sendEcho(n: u32, value = 0n): void {
    this.sendFunction(echoFn('echo'), [n], { value });
  }

  echo(n: u32, value = 0n): Promise<u32> {
    return this.callFunction(echoFn('echo'), [n], { value }) as Promise<u32>;
  }

  boom(): Promise<u32> {
    return this.callFunction(echoFn('boom'), []) as Promise<u32>;
  }
}

interface ShapeEvents {
  Step: u32;
}

/** Handlers of the shapes compared. */
@actor()
class Shaper extends Actor<ShapeEvents> {
  count: u32 = 0;
  small: u8 = 0;

  unawaitedThenThrow(peer: ActorId): void {
    void new EchoClient(this.ctx, peer).echo(1);
    this.count += 1;
    throw new Error('after an unawaited call');
  }

  async writeAwaitThrow(peer: ActorId): Promise<void> {
    const p = new EchoClient(this.ctx, peer).echo(1);
    this.count += 1;
    this.emit('Step', 1);
    await p;
    this.count += 10;
    this.emit('Step', 2);
    throw new Error('after the reply');
  }

  async allThenThrow(peer: ActorId): Promise<void> {
    const c = new EchoClient(this.ctx, peer);
    this.count += 1;
    await Promise.all([c.echo(1), c.echo(2)]);
    this.count += 10;
    throw new Error('after all');
  }

  async raceThenThrow(peer: ActorId): Promise<u32> {
    const c = new EchoClient(this.ctx, peer);
    this.count += 1;
    await Promise.race([c.echo(1), c.echo(2)]);
    this.count += 10;
    throw new Error('after race');
  }

  async catchRejectThenThrow(peer: ActorId): Promise<string> {
    this.count += 1;
    try {
      await new EchoClient(this.ctx, peer).boom();
    } catch {
      this.count += 10;
    }
    throw new Error('after catch');
  }

  async awaitTwiceThenThrow(peer: ActorId): Promise<u32> {
    const p = new EchoClient(this.ctx, peer).echo(3);
    await p;
    this.count += 1;
    await p;
    this.count += 10;
    throw new Error('after twice');
  }

  private async helper(peer: ActorId): Promise<u32> {
    this.count += 1;
    const r = await new EchoClient(this.ctx, peer).echo(4);
    this.count += 10;
    return r;
  }

  async nested(peer: ActorId, fail: boolean): Promise<u32> {
    const r = await this.helper(peer);
    this.count += 100;
    if (fail) throw new Error('nested');
    return r;
  }

  async sleeps(fail: boolean): Promise<u32> {
    this.count += 1;
    this.emit('Step', 1);
    await this.ctx.sleep(1);
    this.count += 10;
    this.emit('Step', 2);
    await this.ctx.sleep(2);
    this.count += 100;
    this.emit('Step', 3);
    if (fail) throw new Error('slept');
    return this.count;
  }

  async resolvedAwait(fail: boolean): Promise<u32> {
    this.count += 1;
    await Promise.resolve();
    this.count += 10;
    await 1;
    this.count += 100;
    if (fail) throw new Error('resolved');
    return this.count;
  }

  syncThrow(): void {
    this.count += 1;
    this.emit('Step', 1);
    throw new Error('sync');
  }

  async asyncThrowFirst(): Promise<void> {
    this.count += 1;
    throw new Error('async before await');
  }

  rejected(): Promise<void> {
    this.count += 1;
    return Promise.reject(new Error('rejected'));
  }

  async sendValueThenFail(peer: ActorId, value: u128, sleep: boolean): Promise<void> {
    const c = new EchoClient(this.ctx, peer);
    c.sendEcho(1, value);
    if (sleep) await this.ctx.sleep(1);
    c.sendEcho(2, value);
    throw new Error(`balance ${this.ctx.balance()}`);
  }

  async callValueThenFail(peer: ActorId, value: u128): Promise<void> {
    const c = new EchoClient(this.ctx, peer);
    await c.echo(1, value);
    await c.echo(2, value);
    throw new Error(`balance ${this.ctx.balance()}`);
  }

  async rangeAtAwait(peer: ActorId, sleep: boolean): Promise<string> {
    this.count += 1;
    this.small = 300 as u8;
    try {
      if (sleep) await this.ctx.sleep(1);
      else await new EchoClient(this.ctx, peer).echo(1);
    } catch (e) {
      this.small = 1;
      this.count += 10;
      return `caught ${(e as CallError).code}`;
    }
    return 'resumed';
  }

  async allOneRejects(peer: ActorId, first: boolean, fail: boolean): Promise<u32> {
    const c = new EchoClient(this.ctx, peer);
    this.count += 1;
    try {
      await (first ? Promise.all([c.boom(), c.echo(1)]) : Promise.all([c.echo(1), c.boom()]));
    } catch {
      this.count += 10;
    }
    this.count += 100;
    if (fail) throw new Error('all one rejects');
    return this.count;
  }

  async raceSleeps(bad: boolean): Promise<string> {
    this.count += 1;
    if (bad) this.small = 300 as u8;
    try {
      await Promise.race([this.ctx.sleep(1), this.ctx.sleep(3)]);
    } catch {
      this.small = 2;
    }
    this.count += 10;
    return 'resumed';
  }

  async rawUnawaited(peer: ActorId): Promise<u32> {
    this.count += 1;
    void this.ctx.call(peer, encodeEcho(5));
    return 1;
  }

  async rawThenSleep(peer: ActorId): Promise<u32> {
    this.count += 1;
    void this.ctx.call(peer, encodeEcho(5));
    await this.ctx.sleep(1);
    this.count += 10;
    return 1;
  }

  async rawPlainAwaits(peer: ActorId): Promise<u32> {
    this.count += 1;
    void this.ctx.call(peer, encodeEcho(5));
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    this.count += 10;
    throw new Error('plain awaits');
  }

  async rawLateAwait(peer: ActorId): Promise<u32> {
    this.count += 1;
    const p = this.ctx.call(peer, encodeEcho(5));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    this.count += 10;
    await p;
    this.count += 100;
    throw new Error('late await');
  }
}

/** The instance an actor of the system runs on, to read its state. */
const instanceOf = <T>(sys: TestSystem, address: ActorId): T => sys.system.actor(address)?.instance as T;
/** What a failed call says, as a value both sides can return and compare. */
const described = (error: unknown): string => `${(error as CallError).code}: ${(error as CallError).reason}`;

/** A Shaper in a system and one in unitActor (its Echo peer mocked), and how to run a call on both and compare. */
async function pair(seed: string, funds = 0n) {
  const sys = createTestSystem({ seed });
  const echo = await sys.deploy(Echo);
  const deployed = await sys.deploy(Shaper);
  if (funds > 0n) sys.mint(deployed.address, funds);
  const ctx = mockContext({ balance: sys.balance(deployed.address), blockHeight: sys.blockHeight }).mock(echo.address, EchoClient, {
    echo: (n) => n,
    boom: () => {
      throw new Error('boom');
    },
  });
  const unit = unitActor(new Shaper(), ctx);
  const system = deployed as unknown as Shaper;
  const run = async (label: string, call: (b: Shaper) => unknown) => {
    const sysOut = await Promise.resolve()
      .then(() => call(system))
      .catch(described);
    await sys.runUntilIdle();
    let unitOut: unknown;
    try {
      unitOut = await call(unit.actor);
    } catch (error) {
      unitOut = (error as CallError).reason === undefined ? `HANDLER_FAILED: ${(error as Error).message}` : described(error);
    }
    const sysState = instanceOf<Shaper>(sys, deployed.address);
    const sent = unit.sent.reduce((n, s) => n + ((s.args?.[0] as number | undefined) ?? 0), 0);
    const sides = {
      system: {
        out: sysOut,
        count: sysState.count,
        small: sysState.small,
        events: sys.events(deployed).map((e) => e.payload),
        peer: instanceOf<Echo>(sys, echo.address).got,
        balance: sys.balance(deployed.address),
      },
      unit: {
        out: unitOut,
        count: unit.actor.count,
        small: unit.actor.small,
        events: unit.events.map((e) => e.payload),
        peer: sent,
        balance: unit.ctx.currentBalance,
      },
    };
    expect(sides.unit, label).toEqual(sides.system);
  };
  return { peer: echo.address, run };
}

describe('unitActor and the system, handlers that await and then fail', () => {
  it('give the same outcome, state, events, messages and balance, call after call on one instance', async () => {
    const { peer, run } = await pair('unit-awaits', 1_000n);
    const shapes: [string, (b: Shaper) => unknown][] = [
      ['an unawaited call, then a throw', (b) => b.unawaitedThenThrow(peer)],
      ['a call, a write and an event, the await, a throw', (b) => b.writeAwaitThrow(peer)],
      ['Promise.all of two calls, then a throw', (b) => b.allThenThrow(peer)],
      ['Promise.race of two calls, then a throw', (b) => b.raceThenThrow(peer)],
      ['a rejected call caught, then a throw', (b) => b.catchRejectThenThrow(peer)],
      ['Promise.all with a rejected call caught', (b) => b.allOneRejects(peer, false, false)],
      ['Promise.all with a rejected call caught, then a throw', (b) => b.allOneRejects(peer, true, true)],
      ['one call awaited twice, then a throw', (b) => b.awaitTwiceThenThrow(peer)],
      ['a helper that awaits a call, then a throw', (b) => b.nested(peer, true)],
      ['sleeps between writes and events, then a throw', (b) => b.sleeps(true)],
      ['plain promises awaited between writes, then a throw', (b) => b.resolvedAwait(true)],
      ['a synchronous throw', (b) => b.syncThrow()],
      ['a throw before any await', (b) => b.asyncThrowFirst()],
      ['a rejected promise returned', (b) => b.rejected()],
      ['sends with value, then a throw', (b) => b.sendValueThenFail(peer, 100n, false)],
      ['sends with value across a sleep, then a throw', (b) => b.sendValueThenFail(peer, 100n, true)],
      ['calls with value, then a throw', (b) => b.callValueThenFail(peer, 100n)],
      ['a race of two sleeps', (b) => b.raceSleeps(false)],
      ['a helper that awaits a call', (b) => b.nested(peer, false)],
    ];
    for (const [label, call] of shapes) await run(label, call);
  });

  it('end a segment where the handler awaits a call, not where an unawaited one settles; fail a dropped call', async () => {
    const { peer, run } = await pair('unit-awaits-ops');
    // Plain promises awaited while an unawaited call settles: one segment, all rolled back.
    await run('a call never awaited, plain awaits, a throw', (b) => b.rawPlainAwaits(peer));
    // The call is awaited after it settled (a mock answers at once): its segment ends there, as in the system.
    await run('a call awaited late, a throw', (b) => b.rawLateAwait(peer));
    // A call of an earlier segment may go unawaited; one of the last segment fails the handler call.
    await run('a call never awaited, a sleep, a return', (b) => b.rawThenSleep(peer));
    await run('a call never awaited, a return', (b) => b.rawUnawaited(peer));
  });

  it('fail the whole call when a segment fails where it ends, at an await the handler catches around', async () => {
    const { peer, run } = await pair('unit-awaits-end');
    await run('a field out of range at an awaited call', (b) => b.rangeAtAwait(peer, false));
    await run('a field out of range at a sleep', (b) => b.rangeAtAwait(peer, true));
    // The other sleep of the race settles later: the failed handler is not resumed by it either.
    await run('a field out of range at a race of sleeps', (b) => b.raceSleeps(true));
    await run('the next call', (b) => b.nested(peer, false));
  });

  it('with { rollback: false }: no segments, so neither failure, and the handler runs on', async () => {
    const peer = `0x${'22'.repeat(32)}` as ActorId;
    const ctx = mockContext().mock(peer, EchoClient, { echo: (n) => n, boom: () => 0 });
    const { actor } = unitActor(new Shaper(), ctx, { rollback: false });
    expect(await actor.rangeAtAwait(peer, false)).toBe('resumed');
    expect(actor.small).toBe(300);
    expect(await actor.rawUnawaited(peer)).toBe(1);
    expect(actor.count).toBe(2);
  });
});
