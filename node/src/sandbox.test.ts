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
    expect(reasonOf('throw new Error("boom")')).toBe('BAD_CODE: its top level threw: boom');
    expect(reasonOf('throw null')).toBe('BAD_CODE: its top level threw: null');
    expect(reasonOf('throw { toString() { for (;;) {} } }')).toBe('BAD_CODE: its top level threw: an unreadable thrown object');
    expect(reasonOf('throw new Proxy({}, { has() { throw 1; } })')).toBe('BAD_CODE: its top level threw: an unreadable thrown object');
    expect(reasonOf('module.exports = { a: 1 }')).toBe('BAD_CODE: module.exports holds no @actor class');
    expect(reasonOf('this is not javascript')).toMatch(/^BAD_CODE: /);
  });

  describe('gas', () => {
    afterEach(() => setGasMeter(undefined));
    const loadWith = (text: string, gas: number): string => {
      try {
        loadCode(enc.encode(text), new BlockClock(), gas);
        return 'loaded';
      } catch (error) {
        return `${(error as { code: string }).code}: ${(error as { data: { reason: string } }).data.reason}`;
      }
    };
    const outOfLoadGas = (gas: number): string =>
      `BAD_CODE: its top level used more than ${gas} gas when it was loaded (a loop without end?)`;

    it('meters the stored bytes itself: every loop iteration and function entry charges one step', () => {
      const text = 'function f() {}\nfor (let i = 0; i < 10; i++) f();';
      expect(loadWith(text, 20)).toBe('BAD_CODE: module.exports holds no @actor class');
      expect(loadWith(text, 19)).toBe(outOfLoadGas(19));
    });

    it('refuses a top level that loops without end by gas, also when it catches the signal or a meter was used up', () => {
      // Whatever meter is installed (here one already used up) plays no part in loading.
      setGasMeter({
        left: -1,
        exhausted(): never {
          throw new Error('an old meter');
        },
      });
      expect(loadWith('for (;;) {}', 1000)).toBe(outOfLoadGas(1000));
      expect(loadWith('try { for (;;) {} } catch {}', 1000)).toBe(outOfLoadGas(1000));
      expect(reasonOf('for (;;) {}')).toBe(outOfLoadGas(50_000_000));
    });

    it('stops a promise chain the top level starts and never ends', async () => {
      const text = '(async () => { for (;;) { await null; } })();';
      expect(loadWith(text, 1000)).toBe('BAD_CODE: module.exports holds no @actor class');
      // The chain hops in microtasks on the meter left installed after loading (at most the load's gas), and is
      // stopped when it is used up: the event loop gets its turn back.
      // Without that meter the microtasks never end and this macrotask never runs.
      await expect(new Promise((resolve) => setImmediate(() => resolve('the event loop turned')))).resolves.toBe('the event loop turned');
    });

    it('gives code no way to charge itself less or to replace the meter', () => {
      expect(loadWith(`require('@sprocket/sdk').__sprocketGas(-1000000); for (;;) {}`, 1000)).toBe(outOfLoadGas(1000));
      expect(reasonOf(`require('@sprocket/sdk').setGasMeter(undefined);`)).toBe('BAD_CODE: setGasMeter');
      expect(reasonOf(`globalThis['__sprocket_' + 'gas__'] = () => {}; for (;;) {}`)).toMatch(
        /^BAD_CODE: (its top level used more than|Cannot assign)/,
      );
    });

    it('refuses code that names the gas hook or uses with', () => {
      expect(reasonOf('var __sprocket_gas__ = function () {};')).toMatch(/^BAD_CODE: .*:1:5: the name __sprocket_gas__ is reserved/);
      expect(reasonOf('with ({}) { for (;;) {} }')).toMatch(/^BAD_CODE: .*a `with` statement/);
    });
  });
});
