// Execution limits (limits.ts): each stops a runaway contract with its own code, rolls back the segment
// that passed it, and leaves the actor working.
import { __sprocketGas, Actor, type ActorId, actor, findGenerated, type GeneratedActor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { fill } from './__fixtures__/unmetered.js';
import { gearReplyCode } from './reply-code.js';
import { type ClientOf, clientFor, createTestSystem } from './testing/index.js';

function definition(name: string): GeneratedActor {
  const def = findGenerated(name);
  if (def === undefined) throw new TypeError(`${name} has no generated code`);
  return def;
}

function selfOf(ctx: Parameters<typeof clientFor>[1], address: ActorId): ClientOf<LimitProbe> {
  return clientFor<LimitProbe>(definition('LimitProbe'), ctx, address);
}

interface HeraldEvents {
  Said: string;
}

@actor()
class Herald extends Actor<HeraldEvents> {
  count: u32 = 0;

  /** Emits `count` events of `size` characters, catching whatever an emit throws. */
  shout(count: u32, size: u32): u32 {
    const text = 'x'.repeat(size);
    for (let i = 0; i < count; i++) {
      try {
        this.emit('Said', text);
      } catch {
        // the segment fails anyway
      }
    }
    this.count += count;
    return count;
  }

  shouts(): u32 {
    return this.count;
  }
}

/** Built-in calls of `LimitProbe.shift` that threw (kept outside the actor, whose state rolls back). */
let refusedShifts = 0;

@actor()
class LimitProbe extends Actor {
  count: u32 = 0;
  items: u32[] = [];

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  /** Awaits a call to itself, one level deeper each time, without end. */
  async down(level: u32): Promise<u32> {
    this.count += 1;
    return (await selfOf(this.ctx, this.ctx.self).down(level + 1)) + 1;
  }

  /** `n` awaited calls at once. */
  async fan(n: u32): Promise<u32> {
    const me = selfOf(this.ctx, this.ctx.self);
    const all = await Promise.all(Array.from({ length: n }, () => me.bump()));
    return all.length;
  }

  /** `n` fire-and-forget messages to itself. */
  spray(n: u32): u32 {
    this.count += 1000;
    for (let i = 0; i < n; i++) selfOf(this.ctx, this.ctx.self).send.bump();
    return n;
  }

  /** One message carrying `n` bytes of text. */
  shout(n: u32): u32 {
    this.count += 1000;
    selfOf(this.ctx, this.ctx.self).send.note('x'.repeat(n));
    return n;
  }

  note(text: string): u32 {
    return text.length;
  }

  /** Appends `n` items, charging gas per iteration like instrumented code. */
  grow(n: u32): u32 {
    for (let i = 0; i < n; i++) {
      __sprocketGas(1);
      this.items.push(i);
    }
    return this.items.length;
  }

  /** Moves every item one place down `times` times, each in one built-in call; catches what a call throws. */
  shift(times: u32): u32 {
    for (let i = 0; i < times; i++) {
      try {
        this.items.copyWithin(0, 1);
      } catch {
        refusedShifts++; // the segment fails anyway
      }
    }
    return this.items.length;
  }

  /** Appends `n` items through code that charges no gas (checked when the segment ends). */
  growUnmetered(n: u32): u32 {
    fill(this.items, n);
    return this.items.length;
  }

  /** Sends itself this message again, twice: a loop that would fill the queue without end. */
  double(): u32 {
    const me = selfOf(this.ctx, this.ctx.self);
    me.send.double();
    me.send.double();
    return 0;
  }
}

describe('execution limits', () => {
  it('a self-await chain stops at limits.callDepth with CALL_DEPTH_EXCEEDED, every level fails with it', async () => {
    const sys = createTestSystem({ seed: 1, limits: { callDepth: 8 } });
    const probe = await sys.deploy(LimitProbe);
    const error = await probe.down(1).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CALL_DEPTH_EXCEEDED' });
    expect((error as Error).message).toMatch(/LimitProbe\.down is at call depth 8: a further awaited call passes limits\.callDepth \(8\)/);
    // Levels 1-7 committed their first segment at their await; level 8 failed in its first and rolled back.
    expect(await probe.bump()).toBe(8);
    expect(sys.trace().match(/error CALL_DEPTH_EXCEEDED/g)).toHaveLength(8);
    expect(gearReplyCode('CALL_DEPTH_EXCEEDED')?.name).toBe('Error(Execution(StackLimitExceeded))');
  });

  it('the default depth stops a self-await chain too (not the heap)', async () => {
    const sys = createTestSystem({ seed: 1, record: false });
    const probe = await sys.deploy(LimitProbe);
    await expect(probe.down(1)).rejects.toMatchObject({ code: 'CALL_DEPTH_EXCEEDED' });
    expect(await probe.bump()).toBe(64);
  });

  it('awaited calls per segment stop at limits.fanOut with FAN_OUT_EXCEEDED', async () => {
    const sys = createTestSystem({ seed: 1, limits: { fanOut: 4 } });
    const probe = await sys.deploy(LimitProbe);
    expect(await probe.fan(4)).toBe(4);
    await expect(probe.fan(5)).rejects.toMatchObject({ code: 'FAN_OUT_EXCEEDED' });
    expect(await probe.bump()).toBe(5);
  });

  it('messages per segment stop at limits.messagesPerSegment with SEND_LIMIT_EXCEEDED', async () => {
    const sys = createTestSystem({ seed: 1, limits: { messagesPerSegment: 3 } });
    const probe = await sys.deploy(LimitProbe);
    await expect(probe.spray(4)).rejects.toMatchObject({ code: 'SEND_LIMIT_EXCEEDED' });
    await sys.runUntilIdle();
    expect(await probe.bump()).toBe(1);
    expect(await probe.spray(3)).toBe(3);
    await sys.runUntilIdle();
    expect(await probe.bump()).toBe(1005);
  });

  it('outgoing bytes per segment stop at limits.payloadBytesPerSegment with PAYLOAD_LIMIT_EXCEEDED', async () => {
    const sys = createTestSystem({ seed: 1, limits: { payloadBytesPerSegment: 100 } });
    const probe = await sys.deploy(LimitProbe);
    expect(await probe.shout(10)).toBe(10);
    await expect(probe.shout(200)).rejects.toMatchObject({ code: 'PAYLOAD_LIMIT_EXCEEDED' });
    await sys.runUntilIdle();
    expect(await probe.bump()).toBe(1001);
  });

  it('state writes per segment stop at limits.stateWritesPerSegment with STATE_LIMIT_EXCEEDED, metered or not', async () => {
    const sys = createTestSystem({ seed: 1, limits: { stateWritesPerSegment: 5_000 } });
    const probe = await sys.deploy(LimitProbe);
    expect(await probe.grow(1000)).toBe(1000);
    // Metered: stopped at a gas checkpoint, long before the loop ends.
    await expect(probe.grow(100_000_000)).rejects.toMatchObject({ code: 'STATE_LIMIT_EXCEEDED' });
    // Not metered: caught when the segment ends.
    await expect(probe.growUnmetered(6_000)).rejects.toMatchObject({ code: 'STATE_LIMIT_EXCEEDED' });
    expect(await probe.grow(1)).toBe(1001);
    expect(gearReplyCode('STATE_LIMIT_EXCEEDED')?.name).toBe('Error(Execution(MemoryOverflow))');
  });

  it('events count toward the outgoing bytes of a segment, and one is no larger than a message may be', async () => {
    // Event bytes are held outside the JS heap, where the heap backstop does not look: 300 events of 1 MB emitted
    // on enough gas were all kept, and on the node's largest gas limit one message could exhaust the process.
    const sys = createTestSystem({ seed: 1, gasLimit: 400_000_000, maxPayloadBytes: 4_000, limits: { payloadBytesPerSegment: 10_000 } });
    const herald = await sys.deploy(Herald);
    const bystander = await sys.deploy(Herald);
    expect(await herald.shout(2, 3_000)).toBe(2);
    await expect(herald.shout(300, 3_000)).rejects.toMatchObject({
      code: 'PAYLOAD_LIMIT_EXCEEDED',
      reason: 'Herald.shout sent more than 10000 payload bytes (messages and events) in one segment (limits.payloadBytesPerSegment)',
    });
    await expect(herald.shout(1, 5_000)).rejects.toMatchObject({
      code: 'PAYLOAD_LIMIT_EXCEEDED',
      reason: 'Herald.shout: its event Said of 5018 bytes is larger than a message may be (maxPayloadBytes 4000)',
    });
    expect(await herald.shouts()).toBe(2);
    expect(sys.events(herald).length).toBe(2);
    expect(await bystander.shout(1, 10)).toBe(1);
  });

  it('messages sent per block stop at limits.messagesSentPerBlock with BLOCK_MESSAGES_EXCEEDED', async () => {
    const sys = createTestSystem({ seed: 1, limits: { messagesSentPerBlock: 10 } });
    const probe = await sys.deploy(LimitProbe);
    const ids = [probe.send.spray(4), probe.send.spray(4), probe.send.spray(4)];
    await sys.runUntilIdle();
    expect(ids.map((id) => sys.replyOf(id)?.ok)).toEqual([true, true, false]);
    expect(sys.replyOf(ids[2] as never)).toMatchObject({ code: 'BLOCK_MESSAGES_EXCEEDED' });
    expect(await probe.bump()).toBe(2009);
  });

  it('a self-send loop that grows is held at limits.queuedMessages (QUEUE_FULL) and stopped by maxBlocks', async () => {
    const sys = createTestSystem({ seed: 1, limits: { queuedMessages: 6 }, messagesPerBlock: 10 });
    const probe = await sys.deploy(LimitProbe);
    probe.send.double();
    await expect(sys.runUntilIdle({ maxBlocks: 5 })).rejects.toMatchObject({ code: 'RUNTIME_RUN_LIMIT' });
    expect(sys.trace()).toMatch(/error QUEUE_FULL \(LimitProbe\.Double\): the 2 messages of LimitProbe\.double do not fit in the queue/);
    expect(sys.system.internals.queue.size).toBeLessThanOrEqual(6);
  });

  it('refuses a bad limit option', () => {
    expect(() => createTestSystem({ limits: { callDepth: 0 } })).toThrow(/limits\.callDepth must be a safe integer of at least 1/);
    // 5 journal slots per write: past about 134 million slots V8 ends the process instead of throwing.
    expect(() => createTestSystem({ limits: { stateWritesPerSegment: 20_000_001 } })).toThrow(
      /limits\.stateWritesPerSegment must be at most 20000000, got 20000001/,
    );
  });

  it('state writes past the limit are refused at the write, even many made by one built-in between two gas checkpoints', async () => {
    const sys = createTestSystem({ seed: 1, limits: { stateWritesPerSegment: 5_000 } });
    const probe = await sys.deploy(LimitProbe);
    expect(await probe.grow(1_000)).toBe(1_000);
    // One `copyWithin` of 1,000 items writes each of them on no gas (no checkpoint comes): once the segment passed
    // the limit, every later call is refused at its first write, and the segment fails whatever the handler caught.
    await expect(probe.shift(10)).rejects.toMatchObject({ code: 'STATE_LIMIT_EXCEEDED' });
    expect(refusedShifts).toBeGreaterThanOrEqual(7);
    const refused = refusedShifts;
    expect(await probe.shift(1)).toBe(1_000);
    expect(refusedShifts).toBe(refused);
  });
});

@actor()
class HeapProbe extends Actor {
  count: u32 = 0;

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  /** Allocates without end in a local (no state writes), charging gas per iteration like instrumented code. */
  hoard(): u32 {
    this.count += 100;
    const kept: string[] = [];
    for (let i = 0; ; i++) {
      __sprocketGas(1);
      kept.push(`${i}`.padEnd(2000, '.'));
    }
  }
}

describe('heap backstop', () => {
  it('an allocation without end stops with HEAP_LIMIT_EXCEEDED, reported with the whole gas limit; the actor keeps working', async () => {
    const sys = createTestSystem({ seed: 1, limits: { heapGrowthBytes: 64 * 1024 * 1024 } });
    const probe = await sys.deploy(HeapProbe);
    const id = probe.send.hoard();
    await sys.runUntilIdle();
    expect(sys.replyOf(id)).toMatchObject({ ok: false, code: 'HEAP_LIMIT_EXCEEDED' });
    expect(sys.gasOf(id)).toBe(50_000_000);
    expect(await probe.bump()).toBe(1);
  });
});
