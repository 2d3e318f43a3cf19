import { describe, expect, it } from 'vitest';
import { createTestSystem } from './testing/index.js';

const U128_MAX = 2n ** 128n - 1n;

describe('a user created with a balance', () => {
  it('is not created when the balance is refused, so a later call with a good one mints it', () => {
    const sys = createTestSystem();
    expect(() => sys.user('rich', { balance: U128_MAX })).toThrow(
      expect.objectContaining({ code: 'RUNTIME_VALUE_OVERFLOW', message: expect.stringContaining('mint of') }),
    );
    expect(() => sys.user('rich', { balance: -1n })).toThrow(expect.objectContaining({ code: 'RUNTIME_BAD_OPTION' }));
    expect(sys.user('rich', { balance: 5n }).balance()).toBe(5n);
  });

  it('names the user in a refused mint', () => {
    const sys = createTestSystem();
    expect(() => sys.user('rich', { balance: U128_MAX })).toThrow(/^mint of \d+ to rich refused: the total supply/);
  });
});
