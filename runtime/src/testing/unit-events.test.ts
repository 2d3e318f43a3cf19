// unitActor encodes what a handler emits with the actor's generated event codecs, as the system does: a payload the
// wire cannot carry fails the handler call with the error the system gives as the cause of its HANDLER_FAILED. It
// applies the system's payload limits to events, replies and the messages a handler sends: each case runs in both.
import {
  Actor,
  ActorClient,
  type ActorId,
  actor,
  type CallError,
  type CodeId,
  findGenerated,
  type GeneratedActor,
  type GeneratedFunction,
  type i32,
  type MessageId,
  type u8,
  type u32,
  type u64,
} from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, mockContext, type TestSystem, unitActor } from './index.js';

interface LoudEvents {
  Level: u8;
  Pair: { a: u8; b: u64 };
  Cleared: null;
}

@actor()
class Loud extends Actor<LoudEvents> {
  level: i32 = 0;

  set(to: i32): void {
    this.level = to;
    this.emit('Level', to);
  }

  pair(a: i32): void {
    this.level = a;
    // A u64 written as a number: the wire wants a bigint.
    this.emit('Pair', { a, b: 2 as unknown as u64 });
  }

  half(): void {
    this.emit('Pair', { a: 1.5, b: 2n });
  }

  missing(): void {
    this.emit('Pair', { a: 1 } as LoudEvents['Pair']);
  }

  unknown(): void {
    this.emit('Unheard' as keyof LoudEvents, 1 as never);
  }

  clear(): void {
    this.emit('Cleared');
  }
}

const cases = [
  ['set', [300]],
  ['set', [-1]],
  ['pair', [1]],
  ['half', []],
  ['missing', []],
  ['unknown', []],
] as const;

describe('unitActor encodes emitted events', () => {
  it('fails a handler whose event the wire cannot carry with the code the system gives, and rolls its segment back', async () => {
    const sys = createTestSystem({ seed: 'unit-events' });
    const deployed = await sys.deploy(Loud);
    const { actor, events } = unitActor(new Loud());
    actor.set(7);
    for (const [method, args] of cases) {
      const inSystem = (await (deployed[method] as (...a: readonly number[]) => Promise<void>)(...args).catch(
        (e: unknown) => e,
      )) as CallError;
      expect(inSystem).toMatchObject({ code: 'HANDLER_FAILED' });
      const code = (inSystem.cause as { code?: string } | undefined)?.code;
      expect(code).toMatch(/^(SCALE_|RUNTIME_UNKNOWN_EVENT)/);
      let inUnit: unknown;
      try {
        (actor[method] as (...a: readonly number[]) => void)(...args);
      } catch (error) {
        inUnit = error;
      }
      expect(inUnit, `${method}(${args.join(', ')})`).toMatchObject({ code, message: (inSystem.cause as Error).message });
      expect(actor.level).toBe(7);
    }
    expect(events).toEqual([{ name: 'Level', payload: 7 }]);
  });

  it('says what and where: the event, the field and the value', () => {
    const { actor } = unitActor(new Loud());
    expect(() => actor.set(256)).toThrow(expect.objectContaining({ code: 'SCALE_RANGE', message: 'Loud.Level: u8 out of range: 256' }));
    expect(() => actor.pair(1)).toThrow(/Loud\.Pair\.b: u64 expects a bigint, got number: 2/);
    expect(() => actor.unknown()).toThrow(expect.objectContaining({ code: 'RUNTIME_UNKNOWN_EVENT' }));
  });

  it('records the payloads as the handler gave them, for events that encode', () => {
    const { actor, events } = unitActor(new Loud());
    actor.set(255);
    actor.clear();
    expect(events).toEqual([
      { name: 'Level', payload: 255 },
      { name: 'Cleared', payload: undefined },
    ]);
  });

  it('encodes with { rollback: false } too, where the throw leaves what the handler wrote', () => {
    const { actor, events } = unitActor(new Loud(), { rollback: false });
    expect(() => actor.set(300)).toThrow(expect.objectContaining({ code: 'SCALE_RANGE' }));
    expect(actor.level).toBe(300);
    expect(events).toEqual([]);
  });
});

interface CrierEvents {
  Said: string;
}

@actor()
class Crier extends Actor<CrierEvents> {
  count: u32 = 0;

  /** Emits `count` events of `size` characters, catching whatever an emit throws. */
  shout(count: u32, size: u32): u32 {
    const text = 'x'.repeat(size);
    for (let i = 0; i < count; i++) {
      try {
        this.emit('Said', text);
      } catch {
        // the segment fails anyway, as in the system
      }
    }
    this.count += count;
    return count;
  }

  say(size: u32): void {
    this.emit('Said', 'x'.repeat(size));
  }
}

describe('unitActor applies the payload limits of events', () => {
  const limits = { maxPayloadBytes: 4_000, limits: { payloadBytesPerSegment: 10_000 } };

  it('fails an event larger than a message, or past the bytes of a segment, with the code and reason of the system', async () => {
    const sys = createTestSystem({ seed: 'unit-event-limits', gasLimit: 400_000_000, ...limits });
    const deployed = await sys.deploy(Crier);
    const { actor, events } = unitActor(new Crier(), limits);
    expect(await deployed.shout(2, 3_000)).toBe(2);
    expect(actor.shout(2, 3_000)).toBe(2);
    for (const [count, size] of [
      [300, 3_000],
      [1, 5_000],
    ] as const) {
      const inSystem = (await deployed.shout(count, size).catch((e: unknown) => e)) as CallError;
      expect(inSystem.code).toBe('PAYLOAD_LIMIT_EXCEEDED');
      let inUnit: unknown;
      try {
        actor.shout(count, size);
      } catch (error) {
        inUnit = error;
      }
      expect(inUnit, `shout(${count}, ${size})`).toMatchObject({ code: inSystem.code, reason: inSystem.reason });
    }
    expect(sys.events(deployed)).toHaveLength(2);
    expect(actor.count).toBe(2);
    expect(events).toHaveLength(2);
  });

  it('checks the defaults of the system, and refuses limits it cannot use', () => {
    const { actor } = unitActor(new Crier());
    expect(() => actor.say(8 * 1024 * 1024)).toThrow(
      expect.objectContaining({
        code: 'PAYLOAD_LIMIT_EXCEEDED',
        reason: 'Crier.say: its event Said of 8388628 bytes is larger than a message may be (maxPayloadBytes 8388608)',
      }),
    );
    expect(() => unitActor(new Crier(), { maxPayloadBytes: 1.5 })).toThrow(
      expect.objectContaining({ code: 'RUNTIME_BAD_OPTION', message: expect.stringContaining('maxPayloadBytes') }),
    );
    expect(() => unitActor(new Crier(), { limits: { payloadBytesPerSegment: 0 } })).toThrow(
      expect.objectContaining({ code: 'RUNTIME_BAD_OPTION', message: expect.stringContaining('limits.payloadBytesPerSegment') }),
    );
  });

  it('checks the size of one event with { rollback: false }', () => {
    const { actor, events } = unitActor(new Crier(), { ...limits, rollback: false });
    expect(() => actor.say(5_000)).toThrow(expect.objectContaining({ code: 'PAYLOAD_LIMIT_EXCEEDED' }));
    actor.say(3_000);
    expect(events).toHaveLength(1);
  });
});

@actor()
class PaySink extends Actor {
  got: u32 = 0;

  take(text: string): u32 {
    this.got += text.length;
    return text.length;
  }
}

function sinkDefinition(): GeneratedActor {
  const definition = findGenerated('PaySink');
  if (definition === undefined) throw new Error('PaySink is not generated');
  return definition;
}

function sinkTake(): GeneratedFunction {
  const fn = sinkDefinition().services[0]?.functions.find((f) => f.method === 'take');
  if (fn === undefined) throw new Error('PaySink.take is not generated');
  return fn;
}

/** A client as the generated ones are written: its payloads are encoded by the generated codec. */
class PaySinkClient extends ActorClient {
  static get definition(): GeneratedActor {
    return sinkDefinition();
  }

  readonly send = { take: (text: string): MessageId => this.sendFunction(sinkTake(), [text]) };

  take(text: string): Promise<u32> {
    return this.callFunction(sinkTake(), [text]) as Promise<u32>;
  }
}

/** The instance an actor of the system runs on, to read its state. */
const instanceOf = <T>(sys: TestSystem, address: ActorId): T => sys.system.actor(address)?.instance as T;

/** What a failed call says, as a value both sides can return and compare. */
const described = (error: unknown): string => `${(error as CallError).code}: ${(error as CallError).reason}`;

@actor()
class Payer extends Actor<CrierEvents> {
  count: u32 = 0;

  reply(size: u32): string {
    this.count += 1;
    return 'x'.repeat(size);
  }

  /** Sends `sends` messages of `size` characters, then emits an event of `said`, catching whatever each throws. */
  sendThenSay(peer: ActorId, sends: u32, size: u32, said: u32): u32 {
    const sink = new PaySinkClient(this.ctx, peer);
    for (let i = 0; i < sends; i++) {
      try {
        sink.send.take('x'.repeat(size));
      } catch {
        // the segment fails anyway, as in the system
      }
    }
    try {
      this.emit('Said', 'x'.repeat(said));
    } catch {
      // as above
    }
    this.count += 1;
    return sends;
  }

  async callWith(peer: ActorId, size: u32): Promise<string> {
    this.count += 1;
    return String(await new PaySinkClient(this.ctx, peer).take('x'.repeat(size)).catch(described));
  }

  async deployWith(code: CodeId, size: u32): Promise<string> {
    this.count += 1;
    return this.ctx.deploy(code, new Uint8Array(size)).then(() => 'deployed', described);
  }
}

describe('unitActor applies the payload limits of replies and sent messages', () => {
  const limits = { maxPayloadBytes: 4_000, limits: { payloadBytesPerSegment: 10_000 } };

  async function bothSides(options: typeof limits) {
    const sys = createTestSystem({ seed: 'unit-payload', gasLimit: 400_000_000, ...options });
    const sink = await sys.deploy(PaySink);
    const inSystem = await sys.deploy(Payer);
    const ctx = mockContext().mock(sink.address, PaySinkClient, { take: (text) => text.length });
    const unit = unitActor(new Payer(), ctx, options);
    /** The outcome of a call in each: its value, or the code and reason it failed with. */
    const run = async (call: (payer: Payer) => unknown) => {
      const system = await Promise.resolve(call(inSystem as unknown as Payer)).catch(described);
      let inUnit: unknown;
      try {
        inUnit = await call(unit.actor);
      } catch (error) {
        inUnit = described(error);
      }
      return { system, unit: inUnit };
    };
    return { sys, sink, inSystem, unit, run };
  }

  it('does not count the reply toward the segment, and fails one larger than a message', async () => {
    // A segment here may carry less than one message: a reply between the two limits shows which one it is under.
    const { sys, inSystem, unit, run } = await bothSides({ maxPayloadBytes: 4_000, limits: { payloadBytesPerSegment: 2_000 } });
    const fits = await run((payer) => payer.reply(3_000));
    expect(fits.unit).toBe(fits.system);
    expect(fits.system).toHaveLength(3_000);
    const big = await run((payer) => payer.reply(5_000));
    expect(big.unit).toBe(big.system);
    expect(big.system).toBe(
      'PAYLOAD_LIMIT_EXCEEDED: Payer.reply: its reply of 5018 bytes is larger than a message may be (maxPayloadBytes 4000); the segment is rolled back',
    );
    expect(instanceOf<Payer>(sys, inSystem.address).count).toBe(1);
    expect(unit.actor.count).toBe(1);
  });

  it('counts sends and events together toward the segment, each alone fitting', async () => {
    const { sys, sink, inSystem, unit, run } = await bothSides(limits);
    const peer = sink.address;
    for (const [sends, size, said] of [
      [3, 3_000, 0],
      [0, 0, 3_000],
      [3, 3_000, 3_000],
      [4, 3_000, 0],
    ] as const) {
      const outcome = await run((payer) => payer.sendThenSay(peer, sends, size, said));
      expect(outcome.unit, `sendThenSay(${sends}, ${size}, ${said})`).toBe(outcome.system);
    }
    const failed = await run((payer) => payer.sendThenSay(peer, 3, 3_000, 3_000));
    expect(failed.system).toBe(
      'PAYLOAD_LIMIT_EXCEEDED: Payer.sendThenSay sent more than 10000 payload bytes (messages and events) in one segment (limits.payloadBytesPerSegment)',
    );
    await sys.runUntilIdle();
    expect(instanceOf<PaySink>(sys, sink.address).got).toBe(9_000);
    expect(unit.sent).toHaveLength(3);
    expect(sys.events(inSystem)).toHaveLength(2);
    expect(unit.events).toHaveLength(2);
    expect(instanceOf<Payer>(sys, inSystem.address).count).toBe(2);
    expect(unit.actor.count).toBe(2);
  });

  it('refuses one awaited message larger than a message may be at its target, and lets a send go', async () => {
    const { sys, sink, unit, run } = await bothSides(limits);
    const peer = sink.address;
    const code = sys.codeId(PaySink);
    for (const [label, call] of [
      ['a call that fits', (payer: Payer) => payer.callWith(peer, 3_000)],
      ['a call too large', (payer: Payer) => payer.callWith(peer, 5_000)],
      ['a deploy too large', (payer: Payer) => payer.deployWith(code, 5_000)],
      ['a send too large', (payer: Payer) => payer.sendThenSay(peer, 1, 5_000, 0)],
    ] as const) {
      const outcome = await run(call);
      expect(outcome.unit, label).toBe(outcome.system);
    }
    expect((await run((payer) => payer.callWith(peer, 5_000))).system).toBe(
      'PAYLOAD_TOO_LARGE: payload of 5018 bytes exceeds the limit of 4000',
    );
    await sys.runUntilIdle();
    expect(instanceOf<PaySink>(sys, sink.address).got).toBe(3_000);
    expect(unit.sent.map((s) => s.kind)).toEqual(['call', 'call', 'deploy', 'send', 'call']);
  });

  it('refuses an awaited message larger than a message may be with { rollback: false } too', async () => {
    const peer = `0x${'77'.repeat(32)}` as ActorId;
    const ctx = mockContext().mock(peer, PaySinkClient, { take: (text) => text.length });
    const { actor } = unitActor(new Payer(), ctx, { ...limits, rollback: false });
    expect(await actor.callWith(peer, 5_000)).toBe('PAYLOAD_TOO_LARGE: payload of 5018 bytes exceeds the limit of 4000');
    expect(actor.sendThenSay(peer, 4, 3_000, 0)).toBe(4);
  });
});
