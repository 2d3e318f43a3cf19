import { afterEach, describe, expect, it, vi } from 'vitest';
import { decode, encode } from './codec.js';
import { struct } from './composite.js';
import { enumTagged } from './enum.js';
import { compileFieldsEncoder } from './fields-compiled.js';
import { str, u8, u128 } from './primitives.js';
import { ScaleWriter } from './writer.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('compiled field encoders', () => {
  it('encode fields with any names, as the generic loop does', () => {
    const names = ['plain', 'quote"d', 'line\nbreak', '__proto__', 'kind', '\u2028'];
    const S = struct('S', [
      [names[0] as string, u8],
      [names[1] as string, str],
      [names[2] as string, u8],
      [names[3] as string, u128],
      [names[4] as string, str],
      [names[5] as string, u8],
    ]);
    const values: unknown[] = [0, 'v1', 2, 3n, 'v4', 5];
    const value: Record<string, unknown> = {};
    names.forEach((n, i) => {
      Object.defineProperty(value, n, { value: values[i], enumerable: true });
    });
    const bytes = encode(S, value as never);
    expect(Array.from(bytes)).toEqual([0, 2 << 2, 118, 49, 2, ...[3, ...new Array(15).fill(0)], 2 << 2, 118, 52, 5]);
    expect(Object.entries(decode(S, bytes))).toEqual(Object.entries(value));
  });
  it('name the failing field in the error path, for structs and enum variants', () => {
    const T = struct('Transfer', [
      ['to', u8],
      ['amount', u128],
    ]);
    expect(() => encode(T, { to: 1, amount: -1n })).toThrow('Transfer.amount: u128 out of range: -1');
    const A = enumTagged('Action', [{ name: 'Pay', fields: [['amount', u128]] }]);
    expect(() => encode(A, { kind: 'Pay', amount: 2n ** 128n })).toThrow('Action.Pay.amount: u128 out of range');
  });
  it('are not built where code generation is refused, and the codec still works', () => {
    vi.stubGlobal(
      'Function',
      class {
        constructor() {
          throw new EvalError('code generation from strings disallowed');
        }
      },
    );
    expect(compileFieldsEncoder(['a'], [u8], '')).toBeUndefined();
    const S = struct('S', [['a', u8]]);
    vi.unstubAllGlobals();
    const w = new ScaleWriter();
    S.encodeTo(w, { a: 7 }, 'S');
    expect(Array.from(w.finish())).toEqual([7]);
    expect(() => encode(S, { a: 300 })).toThrow('S.a: u8 out of range: 300');
  });
  it('try code generation once: after a refusal, later codecs keep the generic loop without asking again', async () => {
    vi.resetModules();
    const fresh = await import('./fields-compiled.js');
    let attempts = 0;
    vi.stubGlobal(
      'Function',
      class {
        constructor() {
          attempts++;
          throw new EvalError('code generation from strings disallowed');
        }
      },
    );
    expect(fresh.compileFieldsEncoder(['a'], [u8], '')).toBeUndefined();
    expect(fresh.compileFieldsEncoder(['b'], [u8], '')).toBeUndefined();
    expect(attempts).toBe(1);
  });
});
