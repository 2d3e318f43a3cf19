import { inspect } from 'node:util';
import vm from 'node:vm';
import { type GasMeterSlot, setGasMeter } from '@sprocket/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { meteredBufferConstructor, meterRealmAllocations, PROPERTY_GAS } from './allocation-gas.js';
import { neutralLocale } from './machine-neutral.js';

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

/** Runs `code` on a meter of `limit` gas: it must run out of gas with less than 64 MiB allocated, heap or buffers. */
function expectRefusedBeforeAllocating(context: vm.Context, code: string, limit: number): void {
  setGasMeter(meter(limit));
  const before = process.memoryUsage();
  try {
    expect(() => vm.runInContext(`{${code}}`, context), code).toThrow('out of gas');
    const after = process.memoryUsage();
    expect(after.heapUsed - before.heapUsed, code).toBeLessThan(64 * 1024 * 1024);
    expect(after.arrayBuffers - before.arrayBuffers, code).toBeLessThan(64 * 1024 * 1024);
  } finally {
    setGasMeter(undefined);
  }
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
    ])
      expectRefusedBeforeAllocating(context, code, 50_000_000);
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

  it('charges a built-in called another way than as a method of a plain array', () => {
    const context = meteredRealm();
    // fill, join and toLocaleString on an array-like (whose elements fill makes dictionary properties, PROPERTY_GAS each) write or join `length` elements: its length is read as the built-in reads it.
    expect(gasOf(context, 'Reflect.apply(Array.prototype.fill, new Array(1e5), [0])')).toBe(1e5);
    expect(gasOf(context, 'Array.prototype.fill.call({ length: 1e5 }, 0)')).toBe(1e5 * PROPERTY_GAS);
    expect(gasOf(context, 'Array.prototype.fill.call(new Proxy({ length: 1e5 }, {}), 0)')).toBe(1e5 * PROPERTY_GAS);
    expect(gasOf(context, 'Array.prototype.fill.call({ get length() { return 1e5; } }, 0)')).toBe(1e5 * PROPERTY_GAS);
    expect(gasOf(context, 'Array.prototype.fill.call({ length: { valueOf: () => 1e5 } }, 0)')).toBe(1e5 * PROPERTY_GAS);
    expect(gasOf(context, 'Array.prototype.fill.call(Object.create({ length: 1e5 }), 0)')).toBe(1e5 * PROPERTY_GAS);
    // An index the meter cannot read without running code is taken at its bound, never understated.
    expect(gasOf(context, 'new Array(1e5).fill(0, 0, { valueOf: () => 1e5 })')).toBe(1e5);
    expect(gasOf(context, "new Array(1e5).fill(0, '10', '-10')")).toBe(1e5 - 20);
    // A sparse array's join writes its separators: charged from its length before it runs.
    expect(gasOf(context, "const a = []; a.length = 8e5 + 1; a.join('x')")).toBe(1e5);
    expect(gasOf(context, 'const a = []; a.length = 8e5 + 1; a.join()')).toBe(1e5);
    expect(gasOf(context, 'const a = []; a.length = 8e5 + 1; a.toString()')).toBe(1e5);
    expect(gasOf(context, 'const a = []; a.length = 8e5 + 1; a.toLocaleString()')).toBe(1e5);
    expect(gasOf(context, "const a = []; a.length = 1e5 + 1; a.join({ toString: () => '12345678' })")).toBe(1e5);
    expect(gasOf(context, "Array.prototype.join.call({ length: 8e5 + 1 }, 'x')")).toBe(1e5);
    expect(gasOf(context, '[].concat.apply([], [new Array(1e5)])')).toBe(1e5);
  });

  it('charges the built-ins that copy what they are given, for the copy', () => {
    const context = meteredRealm();
    vm.runInContext("var d = new Array(1e5).fill(1); var s = 'abcdefgh'.repeat(1e5 / 8);", context);
    for (const code of [
      'd.slice()',
      'd.slice(-1e5)',
      'd.map((x) => x)',
      'new Array(1e5).map((x) => x)',
      'd.filter(() => true)',
      '[d].flat()',
      '[1].flatMap(() => d)',
      'd.toReversed()',
      'd.toSorted()',
      'd.with(0, 2)',
      'd.toSpliced(0, 0)',
      'd.slice().splice(0)',
      'Object.keys(d)',
      'Object.values(d)',
      'Object.entries(d)',
      'Object.getOwnPropertyNames(d).slice(0, 0)',
      'Object.assign({}, d)',
      "s.split('').slice(0, 0)",
      "s.split('')",
    ]) {
      expect(gasOf(context, code), code).toBeGreaterThanOrEqual(1e5);
    }
    // Strings: a unit per eight characters of the result.
    for (const code of [
      's.toUpperCase()',
      's.toLowerCase()',
      "s.normalize('NFD')",
      "s.replaceAll('a', 'a')",
      "s.replace(/a/g, 'a')",
      'encodeURIComponent(s)',
      'encodeURI(s)',
      'escape(s)',
      'JSON.stringify(s)',
    ]) {
      expect(gasOf(context, code), code).toBeGreaterThanOrEqual(1e5 / 8);
    }
    // flat counts what it will copy before it copies; flatMap charges each array its callback returns.
    expect(gasOf(context, 'const e = new Array(1000).fill(0); new Array(100).fill(e).flat()')).toBe(1000 + 100 + 100_000);
    expect(gasOf(context, 'const e = new Array(1000).fill(0); new Array(100).fill(0).flatMap(() => e)')).toBe(1000 + 100 + 100_000);
    expect(gasOf(context, '[[1, , 3], , 4].flat()')).toBe(4);
    // Small cases stay cheap.
    expect(gasOf(context, '[1, 2, 3].slice(1)')).toBe(2);
    expect(gasOf(context, "'a-b'.split('-')")).toBe(2);
    expect(gasOf(context, 'Object.keys({ a: 1 })')).toBe(4);
    // Elements that become properties of a plain object, or strings and pairs, cost what they take.
    expect(gasOf(context, 'Object.assign({}, [1, 2])')).toBe(2 * PROPERTY_GAS);
    expect(gasOf(context, 'Object.assign([], [1, 2])')).toBe(2);
    expect(gasOf(context, 'Object.entries({ a: 1, b: 2 })')).toBe(24);
  });

  it('refuses before it allocates: a huge sparse join, a concat of many references, a fill of an array-like', () => {
    const context = meteredRealm();
    for (const code of [
      "const a = []; a.length = 2 ** 29; a.join('x')",
      'const a = []; a.length = 2 ** 29; a.toLocaleString()',
      'const d = new Array(2 ** 20).fill(0); [].concat(...new Array(64).fill(d))',
      'Array.prototype.fill.call({ length: 2 ** 26 }, 0)',
      'new Array(2 ** 26).fill(0, 0, { valueOf: () => 2 ** 26 })',
      'const a = []; a.length = 2 ** 26; a.slice()',
      'const d = new Array(2 ** 12).fill(0); new Array(2 ** 15).fill(d).flat()',
      'const d = new Array(2 ** 12).fill(0); [new Array(2 ** 15).fill(d)].flat(2)',
      // References that double at each level (the built-in would walk them for ages): the walk stops, out of gas.
      'let a = [[1], [1]]; for (let i = 0; i < 30; i++) a = [a, a]; a.flat(32)',
    ])
      expectRefusedBeforeAllocating(context, code, 5_000_000);
  });

  it('stops a flatMap whose callback returns one large array again and again at the gas the arrays paid', () => {
    const context = meteredRealm();
    const m = meter(1_000_000);
    setGasMeter(m);
    const before = process.memoryUsage().heapUsed;
    const code = '{ const d = new Array(2 ** 12).fill(0); new Array(2 ** 15).fill(0).flatMap(() => d) }';
    expect(() => vm.runInContext(code, context)).toThrow('out of gas');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
    setGasMeter(undefined);
  });

  it('charges the same on every run: by arguments and results only', () => {
    const code = "const a = new Array(1000).fill('ab'); a.join('-').split('-').concat(a).slice(3).map((x) => x + 'c').join()";
    const runs = [0, 1, 2].map(() => gasOf(meteredRealm(), code));
    expect(new Set(runs).size).toBe(1);
  });

  it('answers, throws and describes itself as the built-ins do (a metered realm beside a plain one)', () => {
    const plain = vm.createContext({});
    for (const name of ['Uint8Array', 'Float64Array', 'ArrayBuffer'] as const) (plain as Record<string, unknown>)[name] = globalThis[name];
    const metered = meteredRealm();
    const outcome = (context: vm.Context, code: string): string => {
      setGasMeter(meter(1e12));
      try {
        return `= ${inspect(vm.runInContext(`(() => { ${code} })()`, context), { depth: 3, showHidden: false })}`;
      } catch (error) {
        const e = error as Error;
        return `threw ${e.name}: ${e.message}`;
      } finally {
        setGasMeter(undefined);
      }
    };
    for (const code of [
      "return 'x'.repeat(-1)",
      "return 'x'.repeat(Infinity)",
      "return 'ab'.repeat('2')",
      'return String.prototype.repeat.call(null)',
      'return String.prototype.padStart.call(undefined, 3)',
      'return String.prototype.repeat.call(12, 2)',
      "return 'a'.padStart(5, { toString: () => 'xy' })",
      'return new Uint8Array(-1)',
      'return new ArrayBuffer(-1)',
      "return new Uint8Array('4')",
      'return new Float64Array(1.5)',
      'return [1, 2, 3].fill(0, { valueOf: () => 1 })',
      "return [1, 2, 3].fill(0, '1', '2')",
      'return [1, 2, 3].fill(0, 1n)',
      'return [1, 2, 3].fill(0, Symbol())',
      "return Array.prototype.fill.call('abc', 1)",
      'return Array.prototype.fill.call(null, 1)',
      'return Array.prototype.fill.call({ length: 3 }, 7)',
      'return Array.prototype.fill.call({ get length() { throw new RangeError("no length"); } }, 7)',
      'return Array.prototype.fill.call({ length: 2n }, 7)',
      'return Array.prototype.fill.call({ length: Symbol() }, 7)',
      'return Array.prototype.fill.call(new Uint8Array(3), 7)',
      'return Array.prototype.join.call({ length: 3, 1: "b" }, "-")',
      "let n = 0; const r = [1, 2].join({ toString: () => { n++; return '+'; } }); return [r, n]",
      'return [1, 2].join({ toString: () => ({}) })',
      'return [1, 2].join(Symbol())',
      'return [1, [2, 3]].join(null)',
      'return Array.prototype.concat.call(1, 2)',
      'const a = [1]; a[Symbol.isConcatSpreadable] = false; return [0].concat(a, [2])',
      'return [].concat({ length: 2, 0: "x", [Symbol.isConcatSpreadable]: true })',
      'class A extends Array {} const a = A.from([1, 2]); return [a instanceof A, a.map((x) => x) instanceof A, a.slice() instanceof A, a.concat([3]) instanceof A]',
      'return Array.from({ length: -1 })',
      'return Array.from(null)',
      'return Array.from({ length: 2 }, (_, i) => i * 2)',
      'return [3, 1, 2].toSorted()',
      'return [1, 2, 3].with(5, 0)',
      'return [1, [2, [3]]].flat(Infinity)',
      "return [1, [2, [3, [4]]], , [5]].flat(2).concat([[1, [2]]].flat('1'), [[1, [2]]].flat({ valueOf: () => 2 }), [[1]].flat(-1))",
      'const a = [1]; a.push(a); return a.flat(40).length',
      'return [1, 2].flatMap(function (x, i, all) { return [x, i, all.length, this.k]; }, { k: 9 })',
      'return [1, [2]].flatMap((x) => x)',
      'return [1].flatMap(3)',
      // What a built-in throws through a wrapper is an error of the contract's realm.
      "const r = []; for (const f of [() => [1].flatMap(class {}), () => 'x'.repeat(-1), () => [1].join(Symbol()), () => [1].fill(0, 1n), () => Array.prototype.fill.call({ get length() { return 2n; } }), () => [1].flatMap(() => null.x), () => new Uint8Array(-1)]) { try { f(); r.push('none'); } catch (e) { r.push(e instanceof Error && e.constructor === globalThis[e.name]); } } return r",
      'return Array.prototype.flat.call({ length: 2, 0: [1], 1: 2 })',
      'return [1, 2, 3, 4].slice(-2, { valueOf: () => 4 })',
      'return [1, 2, 3].splice(1)',
      "return 'a,b'.split(',', 1)",
      "return 'AbC'.toLowerCase() + 'AbC'.toUpperCase()",
      "return 'x'.normalize('bad')",
      "return 'aXbX'.replaceAll(/x/g, '-')",
      "return 'aXbX'.replaceAll(/x/gi, '-')",
      "return encodeURIComponent('\\uD800')",
      'return JSON.stringify({ a: [1, { b: 2 }] }, null, 2)',
      'return JSON.stringify(undefined)',
      'return Object.keys("ab")',
      'return Object.entries(null)',
      'return Object.assign({}, "ab", [1], null, { c: 3 })',
      'return new Uint8Array([1, 2, 300])',
      'return Uint8Array.from({ length: 3 }, (_, i) => i)',
      'return Uint8Array.of(1, 2)',
      'return [Uint8Array.name, Uint8Array.length, Uint8Array.BYTES_PER_ELEMENT, Float64Array.BYTES_PER_ELEMENT, ArrayBuffer.name]',
      'class B extends Uint8Array {} const b = new B(4); return [b instanceof B, b instanceof Uint8Array, b.length, B.from([1]) instanceof B, b.subarray(1) instanceof B]',
      'return new Uint8Array(new ArrayBuffer(8), 2, 3).length',
      'return Uint8Array(2)',
      'return new Array.prototype.fill()',
      'return new String.prototype.repeat()',
      'return [Array.prototype.fill, Array.prototype.join, Array.prototype.concat, Array.from, String.prototype.repeat, String.prototype.padEnd, Array.prototype.slice, Array.prototype.flatMap, Object.keys, Object.assign, JSON.stringify, encodeURIComponent].map((f) => [f.name, f.length, f instanceof Function, typeof f, Object.getPrototypeOf(f) === Function.prototype])',
      "return Object.getOwnPropertyDescriptor(Array.prototype, 'fill').enumerable",
    ]) {
      expect(outcome(metered, code), code).toBe(outcome(plain, code));
    }
  });

  it('meters the fixed-locale toLocaleString that a node realm has (metered after neutralLocale, as loadCode does)', () => {
    const context = vm.createContext({});
    neutralLocale(context);
    meterRealmAllocations(context);
    expect(vm.runInContext('[1234.5, 2].toLocaleString()', context)).toBe('1,234.5,2');
    expect(gasOf(context, 'const a = []; a.length = 8e5 + 1; a.toLocaleString()')).toBe(1e5);
  });
});
