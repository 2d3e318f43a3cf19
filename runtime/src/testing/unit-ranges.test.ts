// unitActor range-checks integer state fields when a segment ends, as the system does at commit: a handler that
// leaves a `u8` field at 260 fails with RUNTIME_STATE_OUT_OF_RANGE and its segment rolls back.
import { Actor, actor, type i32, type u8, type u16, type u32, type u64 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { MockContext, unitActor } from './index.js';

@actor()
class UnitRangeProbe extends Actor<{ Bumped: u16 }> {
  small: u8 = 250;
  big: u64 = 0n;

  bump(by: u8): u8 {
    this.small += by;
    this.emit('Bumped', this.small);
    return this.small;
  }

  grow(by: u64): u64 {
    this.big += by;
    return this.big;
  }

  async bumpBeforeSleep(by: u8): Promise<u8> {
    this.small += by;
    await this.ctx.sleep(1);
    return this.small;
  }

  async bumpAfterSleep(by: u8): Promise<u8> {
    await this.ctx.sleep(1);
    this.small += by;
    return this.small;
  }
}

describe('unitActor range checks', () => {
  it('fails and rolls back a segment that leaves a u8 field out of range, naming the field and the handler', () => {
    const { actor, events } = unitActor(new UnitRangeProbe());
    expect(actor.bump(5)).toBe(255);
    expect(() => actor.bump(5)).toThrow(expect.objectContaining({ code: 'RUNTIME_STATE_OUT_OF_RANGE' }));
    expect(() => actor.bump(5)).toThrow('UnitRangeProbe.bump: state field "small" (u8) is 260, outside 0..255');
    expect(actor.small).toBe(255);
    expect(events).toEqual([{ name: 'Bumped', payload: 255 }]);
    expect(() => actor.grow(-1n)).toThrow(/"big" \(u64\) is -1n/);
    expect(actor.big).toBe(0n);
  });

  it('checks the segment after an await too', async () => {
    const { actor } = unitActor(new UnitRangeProbe(), new MockContext());
    await expect(actor.bumpAfterSleep(10)).rejects.toMatchObject({ code: 'RUNTIME_STATE_OUT_OF_RANGE' });
    expect(actor.small).toBe(250);
  });

  it('checks the segment that ends at an await, as the system checks it when it commits there', async () => {
    const { actor } = unitActor(new UnitRangeProbe(), new MockContext());
    await expect(actor.bumpBeforeSleep(10)).rejects.toThrow('UnitRangeProbe.bumpBeforeSleep: state field "small" (u8) is 260');
    expect(actor.small).toBe(250);
    expect(await actor.bumpBeforeSleep(5)).toBe(255);
  });

  it('does not check with { rollback: false }', () => {
    const { actor } = unitActor(new UnitRangeProbe(), { rollback: false });
    expect(actor.bump(10)).toBe(260);
  });
});

/** A tree whose every node's value is range-checked, at any depth. */
interface Branch {
  value: u32;
  children: Branch[];
}

@actor()
class UnitTree extends Actor {
  tree: Branch = { value: 0, children: [{ value: 1, children: [{ value: 2, children: [] }] }] };
  slots: (u8 | undefined)[] = [undefined];

  setDeep(value: i32): void {
    this.tree.children[0]!.children[0]!.value = value;
  }

  setSlot(value: i32, empty: boolean): void {
    this.slots[0] = empty ? undefined : value;
  }
}

describe('unitActor range checks in a type that refers to itself', () => {
  it('fails an in-place write deep in a tree with its path, lets undefined pass where the type allows it', () => {
    const { actor } = unitActor(new UnitTree());
    expect(() => actor.setDeep(-1)).toThrow(
      'UnitTree.setDeep: state field "tree" (Branch) holds -1 at tree.children[0].children[0].value, outside 0..4294967295; the segment is rolled back',
    );
    expect(actor.tree.children[0]?.children[0]?.value).toBe(2);
    actor.setDeep(3);
    actor.setSlot(0, true);
    expect(() => actor.setSlot(256, false)).toThrow('holds 256 at slots[0], outside 0..255');
  });

  it('refuses an instance built with a value out of range deep in the tree, as its deploy would fail', () => {
    const instance = new UnitTree();
    instance.tree.children[0]?.children.push({ value: 1, children: [{ value: -5, children: [] }] });
    expect(() => unitActor(instance)).toThrow('holds -5 at tree.children[0].children[1].children[0].value');
  });
});
