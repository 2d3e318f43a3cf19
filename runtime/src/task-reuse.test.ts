import { Actor, type ActorContext, actor, isCallError, type u32, type u128 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Task } from './task.js';
import { createTestSystem } from './testing/index.js';

/** A context a handler kept beyond its message (contract code must never do this; the runtime must refuse it). */
let kept: ActorContext | undefined;

@actor()
class Keeper extends Actor {
  n = 0;
  keep(): void {
    kept = this.ctx;
  }
  bump(value: u32): u32 {
    this.n += value;
    return this.n;
  }
  useKept(): void {
    kept?.send(this.ctx.self, new Uint8Array(0));
  }
  keptBalance(): u128 {
    return kept?.balance() ?? -1n;
  }
}

describe('task reuse', () => {
  it('a reused task starts exactly as a new one', () => {
    const host = { messageId: () => `0x${'1'.repeat(64)}` } as unknown as ConstructorParameters<typeof Task>[0];
    const args = [{}, { seq: 1 }, undefined, 'm', false] as unknown as Parameters<Task['reuse']>;
    const fresh = new Task(host, ...args);
    const used = new Task(host, ...([{}, { seq: 2 }, undefined, 'x', true] as unknown as Parameters<Task['reuse']>));
    // Every field a handler's run can change, changed.
    Object.assign(used, {
      parkSeq: 3,
      waiting: 1,
      segParkSeq: 2,
      settled: 1,
      result: 7,
      done: true,
      first: false,
      out: [],
      outLen: 1,
      events: [],
      transfers: [],
      outflow: 5n,
      gas: {},
      halt: {},
      depth: 4,
      segCalls: 2,
      segBytes: 9,
      heapBase: 100,
    });
    used.random();
    used.reuse(...args);
    expect(Object.entries(used)).toEqual(Object.entries(fresh));
  });

  it('a context kept by a handler stays dead while later messages reuse tasks', async () => {
    const sys = createTestSystem();
    const keeper = await sys.deploy(Keeper);
    await keeper.keep();
    // Many messages whose handlers never read their context: their tasks are reused.
    for (let i = 0; i < 40; i++) keeper.send.bump(1);
    await sys.runUntilIdle();
    expect(await keeper.bump(0)).toBe(40);
    const error = await keeper.useKept().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCallError(error) && error.reason).toMatch(/outside the handler's execution segment/);
    expect(kept).toBeInstanceOf(Task);
    expect((kept as Task).msg).not.toBe((kept as Task).actor.seg);
  });

  it('a kept context does not read the balance from a later message', async () => {
    const sys = createTestSystem();
    const keeper = await sys.deploy(Keeper);
    await keeper.keep();
    const error = await keeper.keptBalance().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCallError(error) && error.reason).toBe("Keeper.keep: ctx.balance used outside the handler's execution segment");
    expect(isCallError(error) && (error.cause as { code?: string } | undefined)?.code).toBe('RUNTIME_NOT_IN_HANDLER');
  });
});
