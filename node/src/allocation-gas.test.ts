import vm from 'node:vm';
import { type GasMeterSlot, setGasMeter } from '@sprocket/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { meteredBufferConstructor, meterRealmAllocations } from './allocation-gas.js';

/** A contract-like realm whose allocating built-ins charge gas, handed the host's typed arrays metered. */
function meteredRealm(): vm.Context {
  const context = vm.createContext({});
  meterRealmAllocations(context);
  for (const name of ['Uint8Array', 'Float64Array', 'ArrayBuffer'] as const) {
    (context as Record<string, unknown>)[name] = meteredBufferConstructor(globalThis[name]);
  }
  return context;
}

/** A meter with `limit` gas that throws once it is used up, and says how much was charged. */
function meter(limit: number): GasMeterSlot & { used(): number } {
  return {
    left: limit,
    exhausted(): never {
      throw new RangeError('out of gas');
    },
    used() {
      return limit - this.left;
    },
  };
}

/** Gas `code` charges in the realm, run in a block of its own. */
function gasOf(context: vm.Context, code: string): number {
  const m = meter(1e12);
  setGasMeter(m);
  try {
    vm.runInContext(`{${code}}`, context);
  } finally {
    setGasMeter(undefined);
  }
  return m.used();
}

afterEach(() => setGasMeter(undefined));

describe('allocation gas in a contract realm', () => {
  it('charges a built-in for what it builds: an element, or eight characters or bytes, per unit', () => {
    const context = meteredRealm();
    expect(gasOf(context, 'new Array(1000).fill(0)')).toBe(1000);
    expect(gasOf(context, 'new Array(1000).fill(0, 10, -10)')).toBe(980);
    expect(gasOf(context, 'Array.from({ length: 800 })')).toBe(800);
    expect(gasOf(context, 'Array.from(new Set([1, 2, 3]))')).toBe(3);
    expect(gasOf(context, '[1, 2].concat([3, 4], 5)')).toBe(5);
    expect(gasOf(context, "'ab'.repeat(4000)")).toBe(1000);
    expect(gasOf(context, "'x'.padStart(801, '-')")).toBe(100);
    expect(gasOf(context, "new Array(80).fill('abcdefgh').join('')")).toBe(80 + 80);
    expect(gasOf(context, 'new Float64Array(100)')).toBe(100);
    expect(gasOf(context, 'new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])')).toBe(2);
    expect(gasOf(context, 'new ArrayBuffer(800)')).toBe(100);
    // A view over a buffer allocates nothing beyond the buffer.
    expect(gasOf(context, 'const b = new ArrayBuffer(64); new Uint8Array(b); new Float64Array(b, 8, 2)')).toBe(8);
  });

  it('refuses an allocation the gas cannot pay for before it happens', () => {
    const context = meteredRealm();
    for (const code of [
      'new Array(2 ** 26).fill(0)',
      "'x'.repeat(2 ** 29)",
      "'x'.padEnd(2 ** 29)",
      'new Float64Array(2 ** 27)',
      'Array.from({ length: 2 ** 26 })',
    ]) {
      const m = meter(50_000_000);
      setGasMeter(m);
      const before = process.memoryUsage().arrayBuffers;
      expect(() => vm.runInContext(code, context), code).toThrow('out of gas');
      expect(process.memoryUsage().arrayBuffers - before, code).toBeLessThan(64 * 1024 * 1024);
      setGasMeter(undefined);
    }
  });

  it('tops up a charge an argument understated: a length that is not a plain number', () => {
    const context = meteredRealm();
    expect(gasOf(context, "'abcdefgh'.repeat({ valueOf: () => 100 })")).toBe(100);
    expect(gasOf(context, 'Array.from({ length: { valueOf: () => 64 } })')).toBe(64);
  });

  it('answers as the built-ins do, and keeps host kinds and prototypes', () => {
    const context = meteredRealm();
    const result = vm.runInContext(
      `[
        [1, 2, 3].fill(9, 1).join(), 'ab'.repeat(2), '5'.padStart(3, '0'), '5'.padEnd(3), 'a'.concat('b', 'c'),
        Array.from('hey').length, [1].concat([2]).length, new Uint8Array(3) instanceof Uint8Array,
        Object.getPrototypeOf(new Uint8Array(2)) === Uint8Array.prototype, Uint8Array.BYTES_PER_ELEMENT,
        Array.prototype.fill.length, Array.prototype.fill.name,
      ]`,
      context,
    ) as unknown[];
    expect(result).toEqual(['1,9,9', 'abab', '005', '5  ', 'abc', 3, 2, true, true, 1, 1, 'fill']);
    expect(Object.getPrototypeOf(vm.runInContext('new Uint8Array(2)', context))).toBe(Uint8Array.prototype);
    class Sub extends (context as { Uint8Array: typeof Uint8Array }).Uint8Array {}
    expect(new Sub(4)).toBeInstanceOf(Sub);
  });

  it('charges nothing outside a segment, and keeps the meters in place', () => {
    const context = meteredRealm();
    expect(vm.runInContext('new Array(10).fill(1).length', context)).toBe(10);
    expect(() => vm.runInContext(`(() => { 'use strict'; Array.prototype.fill = function () { return this; }; })()`, context)).toThrow(
      /read only/,
    );
    expect(() => vm.runInContext(`(() => { 'use strict'; delete String.prototype.repeat; })()`, context)).toThrow(/Cannot delete/);
  });
});
