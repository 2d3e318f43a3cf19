// Bad input for the runtime: references to actor state that do not go through the journaling proxy. The `this`
// a class constructor sees (kept by the constructor, or captured by an arrow-function field) is not the actor's
// state: writes through it must neither escape a rollback nor be silently lost.

import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { rejection } from '../call-rejection.js';

/** Every instance the class constructor built, as a careless constructor might keep them. */
const built: { count: number }[] = [];

@actor()
class KeepsThis extends Actor {
  count: u32 = 0;
  /** An arrow-function field: its `this` is the one the constructor saw. */
  bumpArrow = (): void => {
    this.count += 1;
  };

  constructor() {
    super();
    built.push(this);
  }

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  /** Writes through the instance the constructor kept, then fails. */
  writeKeptThenFail(): void {
    const kept = built[built.length - 1];
    if (kept !== undefined) kept.count = 500;
    throw new Error('after a write through the kept instance');
  }

  /** Writes through the kept instance and commits. */
  writeKept(): void {
    const kept = built[built.length - 1];
    if (kept !== undefined) kept.count = 500;
  }

  arrowThenFail(): void {
    this.bumpArrow();
    throw new Error('after the arrow');
  }

  value(): u32 {
    return this.count;
  }
}

describe('runtime bad input: the instance a class constructor saw is not the actor state', () => {
  it('a write through a `this` the constructor kept neither survives a rollback nor is silently lost', async () => {
    const sys = createTestSystem({ seed: 'kept-this' });
    const a = await sys.deploy(KeepsThis);
    expect(await a.bump()).toBe(1);

    const failed = await rejection(a.writeKeptThenFail());
    expect(failed.code).toBe('HANDLER_FAILED');
    expect(await a.value()).toBe(1);

    const refused = await rejection(a.writeKept());
    expect(refused.code).toBe('HANDLER_FAILED');
    expect(refused.reason).toMatch(/RUNTIME_STATE_REFUSED|class constructor/);
    expect(refused.reason).toContain('"count"');
    expect(await a.value()).toBe(1);
    await sys.runUntilIdle();
    expect(sys.system.idle).toBe(true);
  });

  it('an arrow-function field that writes `this` fails with a hint instead of writing around the journal', async () => {
    const sys = createTestSystem({ seed: 'arrow-field' });
    const a = await sys.deploy(KeepsThis);
    const failed = await rejection(a.arrowThenFail());
    expect(failed.code).toBe('HANDLER_FAILED');
    expect(failed.reason).toMatch(/arrow-function field/);
    expect(await a.value()).toBe(0);
    expect(await a.bump()).toBe(1);
  });
});
