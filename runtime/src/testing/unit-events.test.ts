// unitActor encodes what a handler emits with the actor's generated event codecs, as the system does: a payload the
// wire cannot carry fails the handler call with the error the system gives as the cause of its HANDLER_FAILED.
import { Actor, actor, type CallError, type i32, type u8, type u32, type u64 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, unitActor } from './index.js';

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
