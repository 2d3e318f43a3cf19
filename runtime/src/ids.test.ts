import { describe, expect, it } from 'vitest';
import { IdSequence } from './ids.js';

describe('IdSequence', () => {
  it('formats every counter as the seeded prefix and 16 hex digits', () => {
    const ids = new IdSequence('seed', 'message');
    for (const n of [0, 1, 15, 16, 255, 4096, 0xffffffff, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
      const id = ids.format(n);
      expect(id).toMatch(/^0x[0-9a-f]{64}$/);
      expect(id.slice(0, 50)).toBe(ids.prefix);
      expect(Number.parseInt(id.slice(50), 16)).toBe(n);
    }
  });

  it('formats counters in any order the same as from scratch (the cached high digits follow the counter)', () => {
    const ids = new IdSequence('seed', 'message');
    const plain = (n: number) => ids.prefix + n.toString(16).padStart(16, '0');
    for (const n of [4095, 4096, 4097, 1, 8191, 8192, 0x1000000, 5, 2 ** 40 + 3, 4096 * 7 + 4095, 4096 * 7, 4096 * 6 + 1]) {
      expect(ids.format(n)).toBe(plain(n));
    }
  });

  it('depends on the seed and the kind only', () => {
    expect(new IdSequence('a', 'message').format(7)).toBe(new IdSequence('a', 'message').format(7));
    expect(new IdSequence('a', 'message').prefix).not.toBe(new IdSequence('b', 'message').prefix);
    expect(new IdSequence('a', 'message').prefix).not.toBe(new IdSequence('a', 'actor').prefix);
  });
});
