// unitActor range-checks integer state fields when a segment ends, as the system does at commit: a handler that
// leaves a `u8` field at 260 fails with RUNTIME_STATE_OUT_OF_RANGE and its segment rolls back.
import { Actor, actor, type u8, type u16, type u64 } from '@sprocket/sdk';
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
