// Bad input for the runtime: what a handler stores into actor state is checked as a whole. A value the journal
// cannot undo is refused even when it is nested inside the object written (an ArrayBuffer in a fresh object would
// let writes through it survive a rollback), and arrays in state have no holes (one cheap write of
// `arr.length = 2 ** 32 - 1` would make every walk over the state, from range checks to snapshots, run for ages).

import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { rejection } from '../call-rejection.js';

@actor()
class Stores extends Actor {
  cfg: Record<string, unknown> = { kept: { deep: [1, 2] } };
  list: u32[] = [1, 2, 3];

  storeNested(kind: u32): void {
    const bad = [new ArrayBuffer(4), Promise.resolve(1), () => 1, new WeakMap(), Object.freeze({ a: 1 })][kind];
    this.cfg = { outer: { inner: [0, { bad }] } };
  }

  storeInMap(): void {
    this.cfg = { m: new Map([['k', { b: new ArrayBuffer(2) }]]) };
  }

  /** Moves existing state and stores fresh plain data: accepted. */
  storeGood(): u32 {
    this.cfg = { moved: this.cfg.kept, fresh: { list: [1, 2, { x: 3 }], m: new Map([['a', [1]]]), s: new Set([1]) } };
    return 1;
  }

  grow(kind: u32): void {
    if (kind === 0) this.list.length = 4294967295;
    else if (kind === 1) this.list[1000] = 7;
    else if (kind === 2) this.list = new Array(10);
    else {
      const sparse: u32[] = [];
      sparse[100000000] = 1;
      this.list = sparse;
    }
  }

  /** Appending at the end is fine, and so is shrinking. */
  append(): u32 {
    this.list[this.list.length] = 4;
    this.list.push(5);
    this.list.length = 4;
    return this.list.length;
  }

  count(): u32 {
    return this.list.length + Object.keys(this.cfg).length * 100;
  }
}

describe('runtime bad input: what is stored into state is checked as a whole', () => {
  it.each([0, 1, 2, 3, 4])('an unstorable value nested in the object written (kind %i) is refused; nothing changes', async (kind) => {
    const sys = createTestSystem({ seed: `nested-${kind}` });
    const a = await sys.deploy(Stores);
    const err = await rejection(a.storeNested(kind));
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toMatch(/RUNTIME_STATE_REFUSED|cannot hold/);
    expect(err.reason).toContain('"cfg"');
    expect(await a.count()).toBe(103);
  });

  it('inside a Map too; fresh plain data and moved state are accepted', async () => {
    const sys = createTestSystem({ seed: 'nested-map' });
    const a = await sys.deploy(Stores);
    expect((await rejection(a.storeInMap())).reason).toMatch(/ArrayBuffer/);
    expect(await a.storeGood()).toBe(1);
    expect(await a.count()).toBe(203);
  });

  it.each([0, 1, 2, 3])('a write that would leave holes in an array (kind %i) is refused at once', async (kind) => {
    const sys = createTestSystem({ seed: `holes-${kind}` });
    const a = await sys.deploy(Stores);
    const err = await rejection(a.grow(kind));
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toMatch(/holes/);
    expect(await a.count()).toBe(103);
    expect(() => sys.snapshot()).not.toThrow();
  });

  it('appending at the end and shrinking are fine', async () => {
    const sys = createTestSystem({ seed: 'append' });
    const a = await sys.deploy(Stores);
    expect(await a.append()).toBe(4);
  });
});
