import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec.js';
import { tuple } from './composite.js';
import { ScaleError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { map } from './map.js';
import { actorId, i32, str, u8, u64 } from './primitives.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScaleError) return e.code;
    throw e;
  }
  return 'no error';
};

describe('map', () => {
  it('encodes in key order', () => {
    const M = map(i32, u8);
    expect(
      toHex(
        encode(
          M,
          new Map([
            [5, 1],
            [-1, 2],
            [0, 3],
          ]),
        ),
      ),
    ).toBe('0x0cffffffff02000000000305000000' + '01');
    expect(M.idl).toBe('[(i32, u8)]');
  });
  it('orders bigint, string and id keys like BTreeMap', () => {
    const B = map(u64, u8);
    expect([
      ...decode(
        B,
        encode(
          B,
          new Map([
            [2n ** 60n, 1],
            [3n, 2],
          ]),
        ),
      ).keys(),
    ]).toEqual([3n, 2n ** 60n]);
    const S = map(str, u8);
    // UTF-8 byte order: 'Z' < 'a' < 'é' < '\u{1F600}', and U+FFFD < U+1F600 even though UTF-16 sorts the other way.
    const keys = ['\u{1F600}', 'é', 'a', 'Z', '\uFFFD'];
    const decoded = decode(S, encode(S, new Map(keys.map((k, i) => [k, i]))));
    expect([...decoded.keys()]).toEqual(['Z', 'a', 'é', '\uFFFD', '\u{1F600}']);
    const A = map(actorId, u8);
    const lo = `0x${'01'.repeat(32)}`;
    const hi = `0x${'FF'.repeat(32)}`;
    expect([
      ...decode(
        A,
        encode(
          A,
          new Map([
            [hi, 1],
            [lo, 2],
          ]),
        ),
      ).keys(),
    ]).toEqual([lo, hi.toLowerCase()]);
  });
  it('rejects unordered or duplicate keys on decode', () => {
    const M = map(u8, u8);
    expect(decode(M, fromHex('0x0801000201'))).toEqual(
      new Map([
        [1, 0],
        [2, 1],
      ]),
    );
    expect(code(() => decode(M, fromHex('0x0802000101')))).toBe('SCALE_MAP_ORDER');
    expect(code(() => decode(M, fromHex('0x0801000101')))).toBe('SCALE_MAP_ORDER');
  });
  it('rejects duplicate composite keys on encode', () => {
    const M = map(tuple(u8, u8), u8);
    expect(
      code(() =>
        encode(
          M,
          new Map([
            [[1, 2], 0],
            [[1, 2], 1],
          ]),
        ),
      ),
    ).toBe('SCALE_BAD_VALUE');
  });
  it('JSON is an array of pairs', () => {
    const M = map(str, u64);
    expect(
      M.toJson(
        new Map([
          ['b', 1n],
          ['a', 2n],
        ]),
      ),
    ).toEqual([
      ['a', '2'],
      ['b', '1'],
    ]);
    expect(M.fromJson([['a', '2']], '')).toEqual(new Map([['a', 2n]]));
    expect(
      code(() =>
        M.fromJson(
          [
            ['a', '2'],
            ['a', '3'],
          ],
          '',
        ),
      ),
    ).toBe('SCALE_BAD_JSON');
  });
});
