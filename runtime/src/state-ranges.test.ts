import { describe, expect, it } from 'vitest';
import { rangedFields, rangeError } from './state-ranges.js';

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
