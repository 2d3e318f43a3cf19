import { setGasMeter } from '@sprocket/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { BlockClock, codeIdOfBytes, loadCode } from './sandbox.js';

const enc = new TextEncoder();
const reasonOf = (text: string): string => {
  try {
    loadCode(enc.encode(text), new BlockClock());
    return 'loaded';
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as { data: { reason: string } }).data.reason}`;
  }
};

describe('the code sandbox', () => {
  it('names code by the blake2b-256 hash of its bytes', () => {
    expect(codeIdOfBytes(enc.encode('a'))).toMatch(/^0x[0-9a-f]{64}$/);
    expect(codeIdOfBytes(enc.encode('a'))).not.toBe(codeIdOfBytes(enc.encode('b')));
  });

  it('gives contract code no Node APIs and no nondeterministic globals', () => {
    for (const name of [
      'process',
      'setTimeout',
      'setImmediate',
      'WeakRef',
      'FinalizationRegistry',
      'performance',
      'crypto',
      'fetch',
      'Buffer',
      'SharedArrayBuffer',
    ]) {
      expect(reasonOf(`if (typeof ${name} !== 'undefined') throw new Error('${name} is there');`)).toBe(
        'BAD_CODE: module.exports holds no @actor class',
      );
    }
  });

  it('lets require reach only @sprocket/sdk', () => {
    expect(reasonOf(`require('fs');`)).toBe('BAD_CODE: require(fs)');
    expect(reasonOf(`if (typeof require('@sprocket/sdk').Actor !== 'function') throw new Error('no sdk');`)).toBe(
      'BAD_CODE: module.exports holds no @actor class',
    );
  });

  it('refuses eval and string code generation', () => {
    expect(reasonOf(`new Function('return 1')();`)).toMatch(/^BAD_CODE: .*(Code generation|disallowed)/);
  });

  it('makes Date.now the block timestamp and Math.random a seeded sequence', () => {
    const clock = new BlockClock();
    clock.enter(1234, new Uint8Array(32).fill(7));
    const a = [clock.random(), clock.random()];
    clock.enter(1234, new Uint8Array(32).fill(7));
    expect([clock.random(), clock.random()]).toEqual(a);
    const text = `if (Date.now() !== 1234 || new Date().getTime() !== 1234) throw new Error('clock ' + Date.now());
      const r = Math.random(); if (!(r >= 0 && r < 1)) throw new Error('random');`;
    clock.enter(1234, new Uint8Array(32).fill(7));
    expect(() => loadCode(enc.encode(text), clock)).toThrow(/no @actor class/);
  });

  it('refuses bytes that are not UTF-8, code that throws, and bundles without exactly one actor', () => {
    expect(() => loadCode(new Uint8Array([0xff, 0xfe]), new BlockClock())).toThrow(expect.objectContaining({ code: 'BAD_CODE' }));
    expect(reasonOf('throw new Error("boom")')).toBe('BAD_CODE: boom');
    expect(reasonOf('module.exports = { a: 1 }')).toBe('BAD_CODE: module.exports holds no @actor class');
    expect(reasonOf('this is not javascript')).toMatch(/^BAD_CODE: /);
  });

  describe('gas', () => {
    afterEach(() => setGasMeter(undefined));
    const meter = (left: number) => ({
      left,
      exhausted(): never {
        throw new Error('out of gas');
      },
    });

    it('meters the stored bytes itself: every loop iteration and function entry charges one step', () => {
      const m = meter(1000);
      setGasMeter(m);
      expect(reasonOf('function f() {}\nfor (let i = 0; i < 10; i++) f();')).toBe('BAD_CODE: module.exports holds no @actor class');
      expect(m.left).toBe(1000 - 20);
      const spin = meter(100);
      setGasMeter(spin);
      expect(reasonOf('for (;;) {}')).toBe('BAD_CODE: out of gas');
      expect(spin.left).toBeLessThan(0);
    });

    it('gives code no way to charge itself less or to replace the meter', () => {
      const m = meter(1000);
      setGasMeter(m);
      expect(reasonOf(`require('@sprocket/sdk').__sprocketGas(-1000000);`)).toBe('BAD_CODE: module.exports holds no @actor class');
      expect(m.left).toBe(999);
      expect(reasonOf(`require('@sprocket/sdk').setGasMeter(undefined);`)).toBe('BAD_CODE: setGasMeter');
      expect(reasonOf(`globalThis['__sprocket_' + 'gas__'] = () => {}; for (;;) {}`)).toMatch(/^BAD_CODE: (out of gas|Cannot assign)/);
    });

    it('refuses code that names the gas hook or uses with', () => {
      expect(reasonOf('var __sprocket_gas__ = function () {};')).toMatch(/^BAD_CODE: .*:1:5: the name __sprocket_gas__ is reserved/);
      expect(reasonOf('with ({}) { for (;;) {} }')).toMatch(/^BAD_CODE: .*a `with` statement/);
    });
  });
});
