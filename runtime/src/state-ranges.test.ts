import { Actor, actor, type CallError, type i32, query, type u8, type u64 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { rangedFields, rangeError } from './state-ranges.js';
import { createTestSystem, unitActor } from './testing/index.js';

const fields = rangedFields([
  { name: 'total', type: 'u64' },
  { name: 'count', type: 'u32' },
]);
const reason = (state: object): string | undefined => rangeError(state, fields, { handlerName: 'Bank.bump' })?.message;

describe('integer state checks at commit', () => {
  it('say that a u64 field holds a number and how to write the bigint', () => {
    expect(reason({ total: 5, count: 1 })).toContain(
      'Bank.bump: state field "total" (u64) holds the number 5, but u64 is a bigint: write 5n (or BigInt(x)); the segment is rolled back',
    );
  });
  it('say that a u32 field holds a bigint, a fraction or another kind', () => {
    expect(reason({ total: 0n, count: 3n })).toContain(
      'state field "count" (u32) holds the bigint 3n, but u32 is a number: write 3 (or Number(x))',
    );
    expect(reason({ total: 0n, count: 1.5 })).toContain('state field "count" (u32) holds 1.5, which is not an integer');
    expect(reason({ total: 0n, count: '1' })).toContain('state field "count" (u32) holds a string, not an integer');
  });
  it('give the range for an integer of the right kind outside it, and nothing for a value inside', () => {
    expect(reason({ total: -1n, count: 0 })).toContain('state field "total" (u64) is -1n, outside 0..18446744073709551615');
    expect(reason({ total: 0n, count: 2 ** 32 })).toContain('is 4294967296, outside 0..4294967295');
    expect(reason({ total: 7n, count: 7 })).toBeUndefined();
  });
});

describe('nullable integer state fields', () => {
  const nullable = rangedFields([
    { name: 'best', type: 'u8 | null' },
    { name: 'total', type: 'u64 | null' },
    { name: 'plain', type: 'u8' },
  ]);
  const why = (state: object): string | undefined => rangeError(state, nullable, { handlerName: 'Score.set' })?.message;

  it('let null through only where the field is declared `T | null`', () => {
    expect(why({ best: null, total: null, plain: 0 })).toBeUndefined();
    expect(why({ best: 7, total: 7n, plain: 0 })).toBeUndefined();
    expect(why({ best: null, total: null, plain: null })).toContain(
      'state field "plain" (u8) holds null, which only a field declared `u8 | null` may hold',
    );
  });

  it('range-check the number a nullable field holds, as a plain one', () => {
    expect(why({ best: 300, total: null, plain: 0 })).toContain('state field "best" (u8 | null) is 300, outside 0..255');
    expect(why({ best: -1, total: null, plain: 0 })).toContain('"best" (u8 | null) is -1, outside 0..255');
    expect(why({ best: 1.5, total: null, plain: 0 })).toContain('"best" (u8 | null) holds 1.5, which is not an integer');
    expect(why({ best: null, total: 5, plain: 0 })).toContain('"total" (u64 | null) holds the number 5, but u64 is a bigint: write 5n');
  });
});

@actor()
class Score extends Actor {
  best: u8 | null = null;
  total: u64 | null = null;
  plain: u8 = 0;

  set(v: i32): void {
    this.best = v;
  }

  half(): void {
    this.best = 1.5;
  }

  clear(): void {
    this.best = null;
    this.total = null;
  }

  grow(): void {
    this.total = (this.total ?? 0n) + 1n;
  }

  @query() get(): u8 | null {
    return this.best;
  }
}

describe('a handler that leaves a nullable integer field out of range', () => {
  it('fails its segment with RUNTIME_STATE_OUT_OF_RANGE in the system, rolled back, other actors untouched', async () => {
    const sys = createTestSystem({ seed: 'nullable-ranges' });
    const score = await sys.deploy(Score);
    const other = await sys.deploy(Score);
    await other.set(9);
    await score.set(200);
    for (const [call, shown] of [
      [() => score.set(300), 'is 300, outside 0..255'],
      [() => score.set(-1), 'is -1, outside 0..255'],
      [() => score.half(), 'holds 1.5, which is not an integer'],
    ] as const) {
      const error = (await call().catch((e: unknown) => e)) as CallError;
      expect(error).toMatchObject({ code: 'HANDLER_FAILED', cause: { code: 'RUNTIME_STATE_OUT_OF_RANGE' } });
      expect(error.message).toContain(`state field "best" (u8 | null) ${shown}`);
      expect(await score.get()).toBe(200);
    }
    await score.clear();
    expect(await score.get()).toBeNull();
    await score.grow();
    expect(await other.get()).toBe(9);
  });

  it('fails the handler call with the same code under unitActor, and rolls it back', () => {
    const { actor } = unitActor(new Score());
    actor.set(4);
    expect(() => actor.set(256)).toThrow(expect.objectContaining({ code: 'RUNTIME_STATE_OUT_OF_RANGE' }));
    expect(() => actor.half()).toThrow('Score.half: state field "best" (u8 | null) holds 1.5');
    expect(actor.best).toBe(4);
    actor.clear();
    expect(actor.best).toBeNull();
  });
});
