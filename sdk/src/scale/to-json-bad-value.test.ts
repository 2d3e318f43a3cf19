// toJson of a value whose shape is wrong for its type (not an array where a list goes, not a Map, not {ok}/{err}...)
// throws SCALE_BAD_VALUE naming the path and the type, as encoding it does, never a bare TypeError.
import { describe, expect, it } from 'vitest';
import type { Codec } from './codec.js';
import { array, nestedOption, option, result, struct, tuple, vec } from './composite.js';
import { enumTagged } from './enum.js';
import { ScaleError } from './errors.js';
import { map } from './map.js';
import { bytes, fixedBytes, str, u32 } from './primitives.js';

function failure(codec: Codec<unknown>, value: unknown, path?: string): unknown {
  try {
    codec.toJson(value, path);
  } catch (e) {
    return e;
  }
  return 'accepted';
}

const Pair = enumTagged('Shape', [{ name: 'Pair', fields: [u32, u32] }]);

describe('toJson of a value of the wrong shape', () => {
  const cases: [string, Codec<unknown>, unknown, RegExp][] = [
    ['[u32]', vec(u32) as Codec<unknown>, 5, /\[u32\] expects an array, got number: 5/],
    ['[u32]', vec(u32) as Codec<unknown>, null, /\[u32\] expects an array/],
    ['[u32]', vec(u32) as Codec<unknown>, { length: 1 }, /\[u32\] expects an array/],
    ['[u32; 2]', array(u32, 2) as Codec<unknown>, 'ab', /\[u32; 2\] expects an array, got string/],
    ['(u32, String)', tuple(u32, str) as Codec<unknown>, 7, /\(u32, String\) expects an array/],
    ['[(u32, String)]', map(u32, str) as Codec<unknown>, [[1, 'a']], /\[\(u32, String\)\] expects a Map/],
    ['Result<u32, String>', result(u32, str) as Codec<unknown>, 3, /Result<u32, String> expects \{ok\} or \{err\}, got 3/],
    ['Result<u32, String>', result(u32, str) as Codec<unknown>, {}, /Result<u32, String> expects \{ok\} or \{err\}/],
    ['Option<Option<u32>>', nestedOption(option(u32)) as Codec<unknown>, 5, /Option<Option<u32>> expects null or \{ some: value \}/],
    ['Shape', Pair as Codec<unknown>, 5, /Shape expects \{kind: \.\.\.\}, got 5/],
    ['[u8]', bytes as Codec<unknown>, [1, 2], /\[u8\] expects a Uint8Array, got object/],
    ['[u8; 2]', fixedBytes(2) as Codec<unknown>, 'x', /\[u8; 2\] expects a Uint8Array, got string/],
  ];

  for (const [idl, codec, value, message] of cases) {
    it(`${idl} given ${JSON.stringify(value)}: SCALE_BAD_VALUE at the path given`, () => {
      const e = failure(codec, value, 'Svc.Fn.arg');
      expect(e).toBeInstanceOf(ScaleError);
      expect(e).toMatchObject({ code: 'SCALE_BAD_VALUE', path: 'Svc.Fn.arg' });
      expect((e as ScaleError).message).toMatch(message);
      // Without a path, the type's name stands for it.
      expect(failure(codec, value)).toMatchObject({ code: 'SCALE_BAD_VALUE', path: idl });
    });
  }

  it('names the path of a list nested in a struct, a tuple and an enum variant', () => {
    const Order = struct('Order', [
      ['items', vec(u32)],
      ['pairs', vec(tuple(u32, vec(u32)))],
    ]);
    expect(failure(Order as Codec<unknown>, { items: 5, pairs: [] }, 'Shop.Buy.order')).toMatchObject({
      code: 'SCALE_BAD_VALUE',
      path: 'Shop.Buy.order.items',
    });
    expect(failure(Order as Codec<unknown>, { items: [], pairs: [[1, 'x']] }, 'Shop.Buy.order')).toMatchObject({
      code: 'SCALE_BAD_VALUE',
      path: 'Shop.Buy.order.pairs[0][1]',
    });
    expect(failure(Pair as Codec<unknown>, { kind: 'Pair', value: 5 }, 'e')).toMatchObject({ code: 'SCALE_BAD_VALUE', path: 'e.Pair' });
  });

  it('refuses a wrong number of items of a fixed array, a tuple and fixed bytes with SCALE_BAD_LENGTH', () => {
    expect(failure(array(u32, 2) as Codec<unknown>, [1], 'a')).toMatchObject({ code: 'SCALE_BAD_LENGTH', path: 'a' });
    expect(failure(tuple(u32, str) as Codec<unknown>, [1], 't')).toMatchObject({ code: 'SCALE_BAD_LENGTH', path: 't' });
    expect(failure(fixedBytes(2) as Codec<unknown>, new Uint8Array(3), 'b')).toMatchObject({ code: 'SCALE_BAD_LENGTH', path: 'b' });
  });

  it('still converts values of the right shape', () => {
    expect(vec(u32).toJson([1, 2])).toEqual([1, 2]);
    expect(array(u32, 2).toJson([1, 2])).toEqual([1, 2]);
    expect(tuple(u32, str).toJson([1, 'a'])).toEqual([1, 'a']);
    expect(map(u32, str).toJson(new Map([[1, 'a']]))).toEqual([[1, 'a']]);
    expect(result(u32, str).toJson({ err: 'no' })).toEqual({ err: 'no' });
    expect(nestedOption(option(u32)).toJson({ some: 3 })).toEqual({ some: 3 });
    expect(Pair.toJson({ kind: 'Pair', value: [1, 2] })).toEqual({ Pair: [1, 2] });
    expect(bytes.toJson(new Uint8Array([1, 2]))).toBe('0x0102');
    expect(fixedBytes(2).toJson(new Uint8Array([1, 2]))).toBe('0x0102');
  });
});
