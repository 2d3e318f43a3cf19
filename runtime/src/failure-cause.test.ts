// What a handler threw reaches a user's CallError as its `cause`, so a failed test points at the contract's own line;
// an actor that catches the failure of a call gets no cause (a stack is not deterministic), and neither does the trace.
import { Actor, type ActorId, actor, isCallError, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Counter, CounterClient } from './__fixtures__/counter.js';
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

  it('is not set for a failure of the runtime (a bad payload) or a limit', async () => {
    const sys = createTestSystem({ seed: 3 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    const bad = await sys
      .user('alice')
      .call(counter.address, new Uint8Array([1, 2, 3]))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isCallError(bad) && bad.code).toBe('DECODE_FAILED');
    expect((bad as Error).cause).toBeUndefined();
  });
});
