import { describe, expect, it } from 'vitest';
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
});
