// unitActor fails where the system fails: a reply (or a `throws` error) that does not encode, the per-segment limits
// of messages, fan-out, call depth, state writes, block and queue, and it gives back the value of a send its target
// refuses. Each case runs in both and compares the outcome: the value or the code and reason, and the state after.
import {
  Actor,
  ActorClient,
  type ActorId,
  actor,
  type CallError,
  err,
  findGenerated,
  type GeneratedActor,
  type GeneratedFunction,
  handler,
  type i32,
  init,
  ok,
  type Result,
  type u8,
  type u32,
  type u64,
  type u128,
} from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import type { ExecutionLimits } from '../limits.js';
import { createTestSystem, mockContext, type TestSystem, unitActor } from './index.js';

interface Named {
  name: string;
}

@actor()
class Replier extends Actor {
  count: u32 = 0;

  small(v: u32): u8 {
    this.count += 1;
    return v as u8;
  }

  word(v: i32): u32 {
    this.count += 1;
    return v as u32;
  }

  fraction(): u32 {
    this.count += 1;
    return 1.5;
  }

  wide(): u64 {
    this.count += 1;
    // A number where the wire wants a bigint.
    return 5 as unknown as u64;
  }

  narrow(): u32 {
    this.count += 1;
    // A bigint where the wire wants a number.
    return 5n as unknown as u32;
  }

  named(): Named {
    this.count += 1;
    return { name: 7 as unknown as string };
  }

  fine(v: u32): u8 {
    this.count += 1;
    return v as u8;
  }

  @handler({ throws: true })
  checked(v: i32): Result<u8, u8> {
    this.count += 1;
    return v >= 0 ? ok(v as u8) : err(-v as u8);
  }

  @handler({ throws: true })
  neither(): Result<u8, u8> {
    this.count += 1;
    return 5 as unknown as Result<u8, u8>;
  }

  async later(v: u32): Promise<u8> {
    this.count += 1;
    await this.ctx.sleep(1);
    this.count += 10;
    return v as u8;
  }
}

/** The instance an actor of the system runs on, to read its state. */
const instanceOf = <T>(sys: TestSystem, address: ActorId): T => sys.system.actor(address)?.instance as T;

/** What a failed call says, as a value both sides can return and compare. */
const described = (error: unknown): string => `${(error as CallError).code}: ${(error as CallError).reason}`;

/** Runs `call` on both sides: its value, or the code and reason it failed with. */
async function outcomes<T>(inSystem: T, inUnit: T, call: (x: T) => unknown): Promise<{ system: unknown; unit: unknown }> {
  const system = await Promise.resolve()
    .then(() => call(inSystem))
    .catch(described);
  let unit: unknown;
  try {
    unit = await call(inUnit);
  } catch (error) {
    unit = described(error);
  }
  return { system, unit };
}

describe('unitActor fails a reply that does not encode', () => {
  it('with the code and reason of the system, the segment rolled back', async () => {
    const sys = createTestSystem({ seed: 'unit-reply' });
    const deployed = await sys.deploy(Replier);
    const system = deployed as unknown as Replier;
    const { actor } = unitActor(new Replier());
    const cases: [string, (r: Replier) => unknown][] = [
      ['small(300)', (r) => r.small(300)],
      ['word(-1)', (r) => r.word(-1)],
      ['fraction()', (r) => r.fraction()],
      ['wide()', (r) => r.wide()],
      ['narrow()', (r) => r.narrow()],
      ['named()', (r) => r.named()],
      ['checked(300)', (r) => r.checked(300)],
      ['checked(-300)', (r) => r.checked(-300)],
      ['neither()', (r) => r.neither()],
      ['later(300)', (r) => r.later(300)],
    ];
    for (const [label, call] of cases) {
      const outcome = await outcomes(system, actor, call);
      expect(outcome.system, label).toMatch(/^HANDLER_FAILED: the reply does not encode: /);
      expect(outcome.unit, label).toBe(outcome.system);
    }
    expect((await outcomes(system, actor, (r) => r.small(300))).system).toBe(
      'HANDLER_FAILED: the reply does not encode: Replier.Small.reply: u8 out of range: 300',
    );
    // later(300) committed its first segment before its sleep; every other failing segment rolled back.
    expect(instanceOf<Replier>(sys, deployed.address).count).toBe(1);
    expect(actor.count).toBe(1);
    expect((await outcomes(system, actor, (r) => r.fine(200))).unit).toBe(200);
    expect(actor.count).toBe(2);
  });

  it('gives the ScaleError as the cause, and returns a value that encodes as is (err included)', () => {
    const { actor } = unitActor(new Replier());
    let thrown: unknown;
    try {
      actor.small(300);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'HANDLER_FAILED', route: 'Replier.Small', cause: { code: 'SCALE_RANGE' } });
    expect(actor.checked(-5)).toEqual(err(5));
  });
});

@actor()
class Opener extends Actor {
  opened: u32 = 0;

  @init({ throws: true })
  open(code: i32): Result<void, u8> {
    this.opened = 1;
    if (code === 1) return 'open' as unknown as Result<void, u8>;
    return code === 0 ? ok(undefined) : err(code as u8);
  }
}

describe('unitActor rolls back the segment of a throws err(e)', () => {
  it('returns err(e), with the state the system keeps', async () => {
    const sys = createTestSystem({ seed: 'unit-err' });
    const deployed = await sys.deploy(Replier);
    const { actor, events } = unitActor(new Replier());
    // The client of the class gives the Result back, as the handler's type says.
    expect(await deployed.checked(-5)).toEqual(err(5));
    expect(actor.checked(-5)).toEqual(err(5));
    expect(instanceOf<Replier>(sys, deployed.address).count).toBe(0);
    expect(actor.count).toBe(0);
    expect(await deployed.checked(5)).toEqual(ok(5));
    expect(actor.checked(5)).toEqual(ok(5));
    expect(actor.count).toBe(1);
    expect(events).toEqual([]);
    const opener = unitActor(new Opener()).actor;
    expect(opener.open(5)).toEqual(err(5));
    expect(opener.opened).toBe(0);
  });
});

describe('unitActor fails a throws constructor whose error does not encode', () => {
  it('with INIT_FAILED and the reason of the system, rolled back', async () => {
    const sys = createTestSystem({ seed: 'unit-init' });
    const { actor } = unitActor(new Opener());
    for (const code of [300, 1]) {
      const inSystem = described(await sys.deploy(Opener, 'open', [code]).catch((e: unknown) => e));
      let inUnit: unknown;
      try {
        inUnit = actor.open(code);
      } catch (error) {
        inUnit = described(error);
      }
      expect(inSystem).toMatch(/^INIT_FAILED: /);
      expect(inUnit, `open(${code})`).toBe(inSystem);
      expect(actor.opened).toBe(0);
    }
    expect(actor.open(0)).toEqual(ok(undefined));
    expect(actor.opened).toBe(1);
  });
});

@actor()
class Sink extends Actor {
  got: u32 = 0;

  @handler({ payable: true })
  take(text: string): u32 {
    this.got += text.length;
    return text.length;
  }
}

function sinkTake(): GeneratedFunction {
  const fn = findGenerated('Sink')?.services[0]?.functions.find((f) => f.method === 'take');
  if (fn === undefined) throw new Error('Sink.take is not generated');
  return fn;
}

/** A client as the generated ones are written. */
class SinkClient extends ActorClient {
  static get definition(): GeneratedActor {
    const definition = findGenerated('Sink');
    if (definition === undefined) throw new Error('Sink is not generated');
    return definition;
  }

  sendTake(text: string, value = 0n): void {
    this.sendFunction(sinkTake(), [text], { value });
  }

  take(text: string): Promise<u32> {
    return this.callFunction(sinkTake(), [text]) as Promise<u32>;
  }
}

@actor()
class Busy extends Actor {
  count: u32 = 0;
  cells: u32[] = [];

  /** Sends `sends` messages, then sleeps if asked, catching what each send throws. */
  async sendMany(peer: ActorId, sends: u32, sleep: boolean): Promise<u32> {
    const sink = new SinkClient(this.ctx, peer);
    for (let i = 0; i < sends; i++) {
      try {
        sink.sendTake('x');
      } catch {
        // the segment fails anyway, as in the system
      }
    }
    this.count += 1;
    if (sleep) await this.ctx.sleep(1);
    return sends;
  }

  /** Sends `sends` messages; a throw of any send is replaced by another error. */
  async replaceLimit(peer: ActorId, sends: u32, wait: boolean): Promise<u32> {
    const sink = new SinkClient(this.ctx, peer);
    if (wait) await sink.take('y');
    this.count += 1;
    try {
      for (let i = 0; i < sends; i++) sink.sendTake('x');
    } catch {
      throw new Error('replaced');
    }
    return sends;
  }

  /** Makes `calls` calls, awaited together (one segment) or one after another. */
  async callMany(peer: ActorId, calls: u32, together: boolean): Promise<u32> {
    const sink = new SinkClient(this.ctx, peer);
    this.count += 1;
    let total = 0;
    if (together) {
      const all = await Promise.all(Array.from({ length: calls }, () => sink.take('xy')));
      for (const n of all) total += n;
    } else {
      for (let i = 0; i < calls; i++) total += await sink.take('xy');
    }
    this.count += 1;
    return total;
  }

  /** Writes between a call and its await (the segment that sends the call), then fails after it. */
  async writeBeforeAwait(peer: ActorId): Promise<void> {
    const reply = new SinkClient(this.ctx, peer).take('x');
    this.count += 1;
    await reply;
    this.count += 100;
    throw new Error('after the reply');
  }

  /** Writes `writes` state cells in one segment. */
  write(writes: u32): u32 {
    this.count += 1;
    for (let i = 1; i < writes; i++) this.cells.push(i);
    return this.cells.length;
  }

  /** Sends `size` bytes carrying `value` (its target refuses a payload larger than a message), then the balance. */
  async sendValue(peer: ActorId, size: u32, value: u128, wait: boolean): Promise<string> {
    const sink = new SinkClient(this.ctx, peer);
    sink.sendTake('x'.repeat(size), value);
    const spent = this.ctx.balance();
    if (wait) await sink.take('x');
    return `${spent} ${this.ctx.balance()}`;
  }

  funds(): u128 {
    return this.ctx.balance();
  }
}

/** A Busy in a system and one in unitActor (its peer mocked), both under `limits`, with `funds` of value. */
async function busyPair(seed: string, limits: Partial<ExecutionLimits>, maxPayloadBytes = 4_000, funds = 0n) {
  const sys = createTestSystem({ seed, gasLimit: 400_000_000, maxPayloadBytes, limits });
  const sink = await sys.deploy(Sink);
  const deployed = await sys.deploy(Busy);
  if (funds > 0n) sys.mint(deployed.address, funds);
  const ctx = mockContext({ balance: sys.balance(deployed.address), blockHeight: sys.blockHeight }).mock(sink.address, SinkClient, {
    take: (text) => text.length,
  });
  const unit = unitActor(new Busy(), ctx, { maxPayloadBytes, limits });
  const system = deployed as unknown as Busy;
  const run = async (call: (b: Busy) => unknown) => outcomes(system, unit.actor, call);
  return { sys, peer: sink.address, system, deployed, unit, run };
}

describe('unitActor applies the per-segment limits of the system', () => {
  it('messagesPerSegment: sends and sleeps count, the one past the limit fails the segment', async () => {
    const { sys, peer, deployed, unit, run } = await busyPair('unit-messages', { messagesPerSegment: 3 });
    for (const [sends, sleep] of [
      [3, false],
      [4, false],
      [3, true],
      [2, true],
    ] as const) {
      const outcome = await run((b) => b.sendMany(peer, sends, sleep));
      expect(outcome.unit, `sendMany(${sends}, ${sleep})`).toBe(outcome.system);
    }
    expect((await run((b) => b.sendMany(peer, 4, false))).system).toBe(
      'SEND_LIMIT_EXCEEDED: Busy.sendMany sent more than 3 messages in one segment (limits.messagesPerSegment)',
    );
    expect(instanceOf<Busy>(sys, deployed.address).count).toBe(2);
    expect(unit.actor.count).toBe(2);
  });

  it('a limit passed fails the segment with the limit even if the handler catches it and throws another error', async () => {
    for (const [limits, code] of [
      [{ messagesPerSegment: 3 }, 'SEND_LIMIT_EXCEEDED'],
      [{ payloadBytesPerSegment: 40 }, 'PAYLOAD_LIMIT_EXCEEDED'],
    ] as const) {
      const { peer, unit, run } = await busyPair(`unit-replace-${code}`, limits);
      for (const wait of [false, true]) {
        const outcome = await run((b) => b.replaceLimit(peer, 4, wait));
        expect(outcome.system, `${code}, wait ${wait}`).toMatch(new RegExp(`^${code}: `));
        expect(outcome.unit, `${code}, wait ${wait}`).toBe(outcome.system);
      }
      expect(unit.actor.count).toBe(0);
    }
  });

  it('fanOut: calls awaited together are one segment, calls awaited one by one are not', async () => {
    const { sys, peer, deployed, unit, run } = await busyPair('unit-fan-out', { fanOut: 2 });
    for (const [calls, together] of [
      [2, true],
      [3, false],
      [3, true],
    ] as const) {
      const outcome = await run((b) => b.callMany(peer, calls, together));
      expect(outcome.unit, `callMany(${calls}, ${together})`).toBe(outcome.system);
    }
    expect((await run((b) => b.callMany(peer, 3, true))).system).toBe(
      'FAN_OUT_EXCEEDED: Busy.callMany made more than 2 awaited calls in one segment (limits.fanOut)',
    );
    // The failing segment began where the handler started: nothing of it stays.
    expect(instanceOf<Busy>(sys, deployed.address).count).toBe(4);
    expect(unit.actor.count).toBe(4);
  });

  it('ends a segment where the handler awaits, not where it calls: a write in between stays', async () => {
    const { sys, peer, deployed, system, unit } = await busyPair('unit-await', {});
    // What the handler throws is thrown as is by unitActor, and is the reason of the system's HANDLER_FAILED.
    await expect(system.writeBeforeAwait(peer)).rejects.toMatchObject({ code: 'HANDLER_FAILED', reason: 'after the reply' });
    await expect(unit.actor.writeBeforeAwait(peer)).rejects.toThrow('after the reply');
    expect(instanceOf<Busy>(sys, deployed.address).count).toBe(1);
    expect(unit.actor.count).toBe(1);
  });

  it('callDepth: a handler called by a user is at depth 1', async () => {
    const { peer, run } = await busyPair('unit-depth', { callDepth: 1 });
    const outcome = await run((b) => b.callMany(peer, 1, false));
    expect(outcome.unit).toBe(outcome.system);
    expect(outcome.system).toMatch(/^CALL_DEPTH_EXCEEDED: Busy\.callMany is at call depth 1/);
  });

  it('stateWritesPerSegment: past it the segment fails, caught or not', async () => {
    const { sys, deployed, unit, run } = await busyPair('unit-writes', { stateWritesPerSegment: 6 });
    for (const writes of [1, 2, 3, 40]) {
      const outcome = await run((b) => b.write(writes));
      expect(outcome.unit, `write(${writes})`).toBe(outcome.system);
    }
    expect(instanceOf<Busy>(sys, deployed.address).cells).toEqual(unit.actor.cells);
    expect(unit.actor.count).toBe(2);
  });

  it('messagesSentPerBlock and queuedMessages: a segment whose messages alone pass them fails', async () => {
    for (const limits of [{ messagesSentPerBlock: 2 }, { queuedMessages: 2 }]) {
      // First in a fresh system: the block holds no other segment's messages, and the queue none (as in a unit test).
      const { peer, unit, run } = await busyPair(`unit-block-${Object.keys(limits)[0]}`, limits);
      const outcome = await run((b) => b.sendMany(peer, 3, false));
      expect(outcome.system).toMatch(/^(BLOCK_MESSAGES_EXCEEDED|QUEUE_FULL): the 3 messages of Busy\.sendMany do not fit in /);
      expect(outcome.unit, JSON.stringify(limits)).toBe(outcome.system);
      const fits = await run((b) => b.sendMany(peer, 2, false));
      expect(fits.unit).toBe(fits.system);
      expect(unit.actor.count).toBe(1);
    }
  });
});

describe('unitActor gives back the value of a send its target refuses', () => {
  it('spent in its segment, back once the segment committed, as in the system', async () => {
    const { sys, peer, deployed, unit, run } = await busyPair('unit-refund', {}, 4_000, 1_000n);
    for (const [size, wait] of [
      [5_000, false],
      [5_000, true],
      [3_000, true],
    ] as const) {
      const outcome = await run((b) => b.sendValue(peer, size, 100n, wait));
      expect(outcome.unit, `sendValue(${size}, ${wait})`).toBe(outcome.system);
      await sys.runUntilIdle();
      expect(await unit.actor.funds()).toBe(await (deployed as unknown as Busy).funds());
    }
    expect(unit.ctx.balance()).toBe(sys.balance(deployed.address));
  });
});
