import { describe, expect, it } from 'vitest';
import { Counter } from '../__fixtures__/counter.js';
import { isRuntimeError } from '../errors.js';
import { createTestSystem } from './index.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('an account named by a string', () => {
  it('refuses a malformed address in balance, mint and events instead of making it a new user', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    const supply = sys.totalSupply();
    const upper = `0x${counter.address.slice(2).toUpperCase()}`;
    for (const bad of ['0x1234', upper, `${counter.address}00`]) {
      for (const use of [() => sys.balance(bad), () => sys.mint(bad, 5n), () => sys.events(bad)]) {
        const e = thrown(use);
        expect(isRuntimeError(e, 'RUNTIME_UNKNOWN_ADDRESS'), String(e)).toBe(true);
        expect((e as Error).message).toContain('is not an address');
      }
    }
    expect(sys.totalSupply()).toBe(supply);
    expect(sys.balance(counter.address)).toBe(0n);
  });

  it('still takes an address, a user name, and a user deliberately named 0x…', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    sys.mint(counter.address, 7n);
    expect(sys.balance(counter)).toBe(7n);
    sys.mint('alice', 3n);
    expect(sys.balance(sys.user('alice'))).toBe(3n);
    const odd = sys.user('0xcafe', { balance: 2n });
    expect(sys.balance('0xcafe')).toBe(2n);
    expect(sys.balance(odd.id)).toBe(2n);
  });
});
