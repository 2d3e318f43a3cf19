import { describe, expect, it } from 'vitest';
import { ScaleError } from './errors.js';
import { fromHex } from './hex.js';
import { ScaleReader } from './reader.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScaleError) return e.code;
    throw e;
  }
  return 'no error';
};
const reader = (hex: string) => new ScaleReader(fromHex(hex));

describe('ScaleReader compact', () => {
  const ok: [string, bigint][] = [
    ['0x00', 0n],
    ['0xfc', 63n],
    ['0x0101', 64n],
    ['0xfdff', 16383n],
    ['0x02000100', 16384n],
    ['0xfeffffff', 2n ** 30n - 1n],
    ['0x0300000040', 2n ** 30n],
    ['0x070000000001', 2n ** 32n],
    [`0x17${'00'.repeat(8)}01`, 2n ** 64n],
    [`0x37${'00'.repeat(16)}01`, 2n ** 128n],
  ];
  for (const [hex, v] of ok) {
    it(`${hex} = ${v}`, () => {
      const r = reader(hex);
      expect(r.compact()).toBe(v);
      r.end();
    });
  }
  const nonCanonical: [string, string][] = [
    ['0x0100', '0 in two-byte mode'],
    ['0xfd00', '63 in two-byte mode'],
    ['0x02000000', '0 in four-byte mode'],
    ['0xfeff0000', '16383 in four-byte mode'],
    ['0x03ffffff3f', '2^30-1 in big mode'],
    ['0x0300000000', '0 in big mode'],
    ['0x070000004000', '2^30 in 5-byte mode (zero top byte)'],
    ['0x07ffffffff00', '2^32-1 in 5-byte mode'],
    [`0x1b${'00'.repeat(8)}0100`, '2^64 with a zero top byte'],
    [`0x3b${'00'.repeat(16)}0100`, '2^128 with a zero top byte'],
  ];
  for (const [hex, why] of nonCanonical) {
    it(`rejects ${hex} (${why})`, () => {
      expect(code(() => reader(hex).compact())).toBe('SCALE_NON_CANONICAL_COMPACT');
    });
  }
  it('compactU32 rejects values above 2^32-1', () => {
    expect(reader('0x03ffffffff').compactU32()).toBe(2 ** 32 - 1);
    expect(code(() => reader('0x070000000001').compactU32())).toBe('SCALE_RANGE');
  });
  it('short compacts', () => {
    expect(code(() => reader('0x01').compact())).toBe('SCALE_SHORT_INPUT');
    expect(code(() => reader('0x020000').compact())).toBe('SCALE_SHORT_INPUT');
    expect(code(() => reader('0x03000000').compact())).toBe('SCALE_SHORT_INPUT');
    expect(code(() => reader('0x').compact())).toBe('SCALE_SHORT_INPUT');
  });
});

describe('ScaleReader lengths', () => {
  it('rejects a length prefix larger than the input before allocating', () => {
    // [u8] claiming 2^30 bytes with 2 bytes behind it.
    expect(code(() => reader('0x03000000400102').bytes())).toBe('SCALE_LENGTH_OVERFLOW');
    expect(code(() => reader('0xfeffffff0102').str())).toBe('SCALE_LENGTH_OVERFLOW');
    expect(code(() => reader('0x100102').length('', 1))).toBe('SCALE_LENGTH_OVERFLOW');
    expect(code(() => reader('0x08010203').length('', 2))).toBe('SCALE_LENGTH_OVERFLOW');
  });
  it('accepts exact lengths', () => {
    expect(reader('0x08010203').length('', 1)).toBe(2);
    expect(reader('0x0c').length('', 0)).toBe(3);
  });
});

describe('ScaleReader fixed-width values', () => {
  it('reads integers', () => {
    const r = reader('0xff2efbffff2efbffffffffffff0100000000000000');
    expect(r.i8()).toBe(-1);
    expect(r.i32()).toBe(-1234);
    expect(r.i64()).toBe(-1234n);
    expect(r.u64()).toBe(1n);
    r.end();
    expect(reader(`0x${'ff'.repeat(8)}`).u64()).toBe(2n ** 64n - 1n);
    expect(reader(`0x${'ff'.repeat(16)}`).i128()).toBe(-1n);
    expect(reader(`0x${'ff'.repeat(16)}`).u128()).toBe(2n ** 128n - 1n);
    expect(reader(`0x${'00'.repeat(31)}80`).u256()).toBe(2n ** 255n);
    expect(reader('0xffff').u16()).toBe(65535);
    expect(reader('0x0080').i16()).toBe(-32768);
    expect(reader('0xffffffff').u32()).toBe(4294967295);
  });
  it('respects byteOffset of a subarray', () => {
    const buf = fromHex('0xaabb0100000000000000cc');
    const r = new ScaleReader(buf.subarray(2, 10));
    expect(r.u64()).toBe(1n);
    r.end();
  });
  it('bool, short input, trailing bytes', () => {
    expect(reader('0x01').bool()).toBe(true);
    expect(code(() => reader('0x02').bool())).toBe('SCALE_BAD_BOOL');
    expect(code(() => reader('0x010203').u32())).toBe('SCALE_SHORT_INPUT');
    expect(code(() => reader('0x00').end())).toBe('SCALE_TRAILING_BYTES');
  });
  it('strings and ids', () => {
    expect(reader('0x0ce282ac').str()).toBe('€');
    expect(code(() => reader('0x08fffe').str())).toBe('SCALE_BAD_UTF8');
    expect(code(() => reader('0x0ce282').str())).toBe('SCALE_LENGTH_OVERFLOW');
    expect(reader(`0x${'AB'.repeat(32)}`).id()).toBe(`0x${'ab'.repeat(32)}`);
  });
  it('decode errors carry the offset', () => {
    try {
      reader('0x0102').u32('x');
    } catch (e) {
      expect(e).toBeInstanceOf(ScaleError);
      expect((e as ScaleError).offset).toBe(0);
      expect((e as ScaleError).message.startsWith('x: ')).toBe(true);
    }
  });
});

describe('ScaleReader u64s', () => {
  it('reads items across scratch chunks, and a short input is refused', () => {
    const values = Array.from({ length: 130 }, (_, i) => 2n ** 64n - 1n - BigInt(i) * 12345678901n);
    const bytes = new Uint8Array(1 + 8 * values.length);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => {
      view.setBigUint64(1 + 8 * i, v, true);
    });
    // Read at an odd offset of a subarray, so nothing is 8-aligned.
    const r = new ScaleReader(bytes.subarray(1));
    expect(r.u64s(values.length)).toEqual(values);
    expect(r.remaining).toBe(0);
    expect(code(() => new ScaleReader(bytes.subarray(1, 20)).u64s(3))).toBe('SCALE_SHORT_INPUT');
  });
  it('reads i64 and u128 at unaligned offsets', () => {
    expect(reader('0x002efbffffffffffff').u8()).toBe(0);
    const r = reader('0x002efbffffffffffff');
    r.offset = 1;
    expect(r.i64()).toBe(-1234n);
    const q = reader(`0x00${'ff'.repeat(16)}`);
    q.offset = 1;
    expect(q.u128()).toBe(2n ** 128n - 1n);
  });
});

describe('ScaleReader reset', () => {
  it('reads new input from the given offset as a fresh reader would, trailing-byte check included', () => {
    const r = reader('0x0100000002000000');
    expect(r.u32()).toBe(1);
    r.reset(fromHex('0xff0300000007'), 1);
    expect(r.u32()).toBe(3);
    expect(code(() => r.end())).toBe('SCALE_TRAILING_BYTES');
    expect(r.u8()).toBe(7);
    r.end();
    r.reset(fromHex('0x05'));
    expect(code(() => r.u32())).toBe('SCALE_SHORT_INPUT');
  });
});
