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

  /** Deletes the last item in one of the ways that would leave the array ending in a hole (or a hole before an item). */
  deleteLast(kind: u32): void {
    const list = this.list;
    delete list[list.length - 1];
    if (kind === 1) delete list[list.length - 2];
    else if (kind === 2) list.push(9);
  }

  /** Removes items from the end and the middle in the ways that leave no hole: accepted. */
  removeWithoutHoles(): u32 {
    const list = this.list;
    list.push(4, 5, 6, 7);
    list.pop();
    list.shift();
    list.splice(1, 1);
    list.splice(list.length - 1, 1);
    delete list[list.length - 1];
    list.length -= 1;
    delete list[list.length - 1];
    list[list.length - 1] = 8;
    return list.reduce((sum, x) => sum * 10 + x, 0);
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

  it.each([0, 1, 2])('a delete of the last item that leaves a hole (kind %i) fails its segment; nothing changes', async (kind) => {
    // pop, shift and splice delete the last item and then shorten the array: only the segment's end can tell a
    // bare `delete arr[last]` from them.
    const sys = createTestSystem({ seed: `delete-last-${kind}` });
    const a = await sys.deploy(Stores);
    const err = await rejection(a.deleteLast(kind));
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toMatch(/Stores\.deleteLast: cannot leave holes in an array \(delete of index [12], length [34]/);
    expect(err.reason).toContain('remove items with pop, splice or shift');
    expect(await a.count()).toBe(103);
    expect(sys.snapshot()).toBeDefined();
  });

  it('pop, shift, splice and a delete followed by shortening or refilling leave no hole: accepted', async () => {
    const sys = createTestSystem({ seed: 'remove-without-holes' });
    const a = await sys.deploy(Stores);
    // [1,2,3] +4,5,6,7 → pop → shift → splice(1,1) → splice(last) → [2,4,5]; delete+shorten → [2,4]; delete+refill → [2,8].
    expect(await a.removeWithoutHoles()).toBe(28);
    expect(await a.count()).toBe(102);
  });

  it('appending at the end and shrinking are fine', async () => {
    const sys = createTestSystem({ seed: 'append' });
    const a = await sys.deploy(Stores);
    expect(await a.append()).toBe(4);
  });
});
