// What a handler threw reaches a user's CallError as its `cause`, so a failed test points at the contract's own line;
// an actor that catches the failure of a call gets no cause (a stack is not deterministic), and neither does the trace.
import { Actor, type ActorId, actor, type CallError, isCallError, isScaleError, type ScaleErrorCode, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Counter, CounterClient, CounterGenerated } from './__fixtures__/counter.js';
import { createTestSystem } from './testing/index.js';

@actor()
class CauseProbe extends Actor {
  seen = '';

  /** Calls `sub` on a counter and keeps what the caught CallError carried. */
  async subOn(peer: ActorId, value: u32): Promise<string> {
    try {
      await CounterClient.at(this.ctx, peer).sub(value);
      this.seen = 'replied';
    } catch (error) {
      this.seen = isCallError(error) ? `${error.code} cause=${error.cause === undefined ? 'none' : 'some'}` : 'other';
    }
    return this.seen;
  }

  /** Calls a counter with bytes that do not decode and keeps what the caught CallError carried. */
  async rawOn(peer: ActorId): Promise<string> {
    try {
      await this.ctx.call(peer, new Uint8Array([1, 2, 3]));
      this.seen = 'replied';
    } catch (error) {
      this.seen = isCallError(error) ? `${error.code} cause=${error.cause === undefined ? 'none' : 'some'}` : 'other';
    }
    return this.seen;
  }
}

describe('the cause of a failed call', () => {
  it("is what the handler threw for a user's call, and nothing for an actor's", async () => {
    const sys = createTestSystem({ seed: 3 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    const error = await counter.sub(5).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCallError(error) && error.code).toBe('HANDLER_FAILED');
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(Error);
    expect((cause as Error).message).toBe('underflow');
    // Its stack names the contract's file: where a failing test should send its reader.
    expect((cause as Error).stack).toMatch(/__fixtures__[\\/]counter\.ts/);

    const probe = await sys.deploy(CauseProbe);
    expect(await probe.subOn(counter.address, 5)).toBe('HANDLER_FAILED cause=none');
    expect(sys.trace()).toContain('underflow');
  });

  it("is the ScaleError of a payload that did not decode for a user's call, and nothing in the records", async () => {
    const sys = createTestSystem({ seed: 3 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    const alice = sys.user('alice');
    const failed = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    const good = CounterGenerated.services[0]?.functions[0]?.encodeCall([5]) as Uint8Array;
    const cases: [Uint8Array, ScaleErrorCode][] = [
      [new Uint8Array([1, 2, 3]), 'SCALE_SHORT_INPUT'],
      [good.slice(0, good.length - 1), 'SCALE_SHORT_INPUT'],
      [new Uint8Array([...good, 7]), 'SCALE_TRAILING_BYTES'],
    ];
    for (const [payload, code] of cases) {
      const bad = await failed(alice.call(counter.address, payload));
      expect(isCallError(bad) && bad.code).toBe('DECODE_FAILED');
      expect(isScaleError(bad?.cause, code)).toBe(true);
      // The reason is the ScaleError's message: the cause adds its code, path and offset.
      expect((bad as CallError).reason).toBe(((bad as CallError).cause as Error).message);
    }
    // The bad header of a constructor payload too.
    const deploy = await failed(alice.deploy(sys.codeId(Counter), new Uint8Array([9])));
    expect(isCallError(deploy) && deploy.code).toBe('DECODE_FAILED');
    expect(isScaleError(deploy?.cause, 'SCALE_SHORT_INPUT')).toBe(true);
    // A retained record holds no cause: only the error thrown to the caller has it.
    const sent = alice.send(counter.address, new Uint8Array([1, 2, 3]));
    await sys.runUntilIdle();
    expect(sys.replyOf(sent)).toMatchObject({ ok: false, code: 'DECODE_FAILED' });
    expect(sys.replyOf(sent)).not.toHaveProperty('cause');
  });

  it("is not set for an actor's call that failed to decode", async () => {
    const sys = createTestSystem({ seed: 3 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    const probe = await sys.deploy(CauseProbe);
    expect(await probe.rawOn(counter.address)).toBe('DECODE_FAILED cause=none');
  });
});
