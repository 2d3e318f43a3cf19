import { describe, expect, it } from 'vitest';
import { ScaleError } from './errors.js';
import { toHex } from './hex.js';
import { ScaleWriter } from './writer.js';

type NumMethod = 'u8' | 'u16' | 'u32' | 'i8' | 'i16' | 'i32';
type BigMethod = 'u64' | 'u128' | 'u256' | 'i64' | 'i128';

const write = (f: (w: ScaleWriter) => void): string => {
  const w = new ScaleWriter(8);
  f(w);
  return toHex(w.finish());
};
const code = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScaleError) return e.code;
    throw e;
  }
  return 'no error';
};

describe('ScaleWriter number ranges', () => {
  const cases: [NumMethod, number, number][] = [
    ['u8', 0, 255],
    ['u16', 0, 65535],
    ['u32', 0, 4294967295],
    ['i8', -128, 127],
    ['i16', -32768, 32767],
    ['i32', -2147483648, 2147483647],
  ];
  for (const [m, min, max] of cases) {
    it(`${m} accepts [${min}, ${max}] and rejects the rest`, () => {
      const w = new ScaleWriter();
      w[m](min);
      w[m](max);
      expect(code(() => w[m](min - 1))).toBe('SCALE_RANGE');
      expect(code(() => w[m](max + 1))).toBe('SCALE_RANGE');
      expect(code(() => w[m](1.5))).toBe('SCALE_RANGE');
      expect(code(() => w[m](Number.NaN))).toBe('SCALE_RANGE');
      expect(code(() => w[m](Number.POSITIVE_INFINITY))).toBe('SCALE_RANGE');
      expect(code(() => w[m](1n as unknown as number))).toBe('SCALE_BAD_VALUE');
      expect(code(() => w[m]('1' as unknown as number))).toBe('SCALE_BAD_VALUE');
    });
  }
  it('writes little-endian', () => {
    expect(write((w) => w.u16(0x0102))).toBe('0x0201');
    expect(write((w) => w.u32(0xdeadbeef))).toBe('0xefbeadde');
    expect(write((w) => w.i8(-1))).toBe('0xff');
    expect(write((w) => w.i16(-2))).toBe('0xfeff');
    expect(write((w) => w.i32(-1234))).toBe('0x2efbffff');
  });
});

describe('ScaleWriter bigint ranges', () => {
  const cases: [BigMethod, bigint, bigint][] = [
    ['u64', 0n, 2n ** 64n - 1n],
    ['u128', 0n, 2n ** 128n - 1n],
    ['u256', 0n, 2n ** 256n - 1n],
    ['i64', -(2n ** 63n), 2n ** 63n - 1n],
    ['i128', -(2n ** 127n), 2n ** 127n - 1n],
  ];
  for (const [m, min, max] of cases) {
    it(`${m} accepts [min, max] and rejects the rest`, () => {
      const w = new ScaleWriter();
      w[m](min);
      w[m](max);
      expect(code(() => w[m](min - 1n))).toBe('SCALE_RANGE');
      expect(code(() => w[m](max + 1n))).toBe('SCALE_RANGE');
      expect(code(() => w[m](1 as unknown as bigint))).toBe('SCALE_BAD_VALUE');
    });
  }
  it('writes wide values little-endian', () => {
    expect(write((w) => w.u64(2n ** 64n - 1n))).toBe(`0x${'ff'.repeat(8)}`);
    expect(write((w) => w.u64(2n ** 53n))).toBe('0x0000000000002000');
    expect(write((w) => w.u128(10n ** 18n))).toBe('0x000064a7b3b6e00d0000000000000000');
    expect(write((w) => w.i64(-1234n))).toBe('0x2efbffffffffffff');
    expect(write((w) => w.i128(-1n))).toBe(`0x${'ff'.repeat(16)}`);
    expect(write((w) => w.u256(2n ** 255n))).toBe(`0x${'00'.repeat(31)}80`);
  });
  it('error message names the path', () => {
    expect(() => new ScaleWriter().u128(-1n, 'Transfer.amount')).toThrow('Transfer.amount: u128 out of range: -1');
  });
});

describe('ScaleWriter compact', () => {
  const cases: [number | bigint, string][] = [
    [0, '0x00'],
    [1, '0x04'],
    [63, '0xfc'],
    [64, '0x0101'],
    [16383, '0xfdff'],
    [16384, '0x02000100'],
    [2 ** 30 - 1, '0xfeffffff'],
    [2 ** 30, '0x0300000040'],
    [2 ** 32 - 1, '0x03ffffffff'],
    [2 ** 32, '0x070000000001'],
    [2n ** 64n - 1n, `0x13${'ff'.repeat(8)}`],
    [2n ** 64n, `0x17${'00'.repeat(8)}01`],
    [2n ** 128n, `0x37${'00'.repeat(16)}01`],
  ];
  for (const [v, hex] of cases) {
    it(`${v} -> ${hex}`, () => {
      expect(write((w) => w.compact(v))).toBe(hex);
      expect(write((w) => w.compact(BigInt(v)))).toBe(hex);
    });
  }
  it('rejects negative, fractional, NaN and oversized values', () => {
    const w = new ScaleWriter();
    expect(code(() => w.compact(-1))).toBe('SCALE_RANGE');
    expect(code(() => w.compact(0.5))).toBe('SCALE_RANGE');
    expect(code(() => w.compact(Number.NaN))).toBe('SCALE_RANGE');
    expect(code(() => w.compact(-1n))).toBe('SCALE_RANGE');
    expect(code(() => w.compact(2n ** 536n))).toBe('SCALE_RANGE');
    expect(code(() => w.compact('1' as unknown as number))).toBe('SCALE_BAD_VALUE');
  });
});

describe('ScaleWriter bytes, strings, ids', () => {
  it('writes strings of every prefix size, including non-ASCII', () => {
    for (const s of ['', 'abc', '€', 'x'.repeat(63), 'x'.repeat(64), '€'.repeat(21), '€'.repeat(22), 'é'.repeat(5000), 'y'.repeat(20000)]) {
      const w = new ScaleWriter(4);
      w.str(s);
      const utf8 = new TextEncoder().encode(s);
      const w2 = new ScaleWriter(4);
      w2.compact(utf8.length);
      w2.raw(utf8);
      expect(toHex(w.finish())).toBe(toHex(w2.finish()));
    }
  });
  it('grows from a tiny buffer', () => {
    const w = new ScaleWriter(1);
    for (let i = 0; i < 1000; i++) w.u32(i);
    expect(w.finish().length).toBe(4000);
  });
  it('checks ids', () => {
    const id = `0x${'Ab'.repeat(32)}`;
    expect(write((w) => w.id(id))).toBe(`0x${'ab'.repeat(32)}`);
    expect(code(() => new ScaleWriter().id('0x00'))).toBe('SCALE_BAD_LENGTH');
    expect(code(() => new ScaleWriter().id(`0x${'zz'.repeat(32)}`))).toBe('SCALE_BAD_VALUE');
    expect(code(() => new ScaleWriter().id(`00${'aa'.repeat(32)}`))).toBe('SCALE_BAD_VALUE');
    expect(code(() => new ScaleWriter().id(`0x${'aa'.repeat(31)}a\u00e9`))).toBe('SCALE_BAD_VALUE');
    expect(code(() => new ScaleWriter().id(`0x\ud83d\ude00${'aa'.repeat(31)}`))).toBe('SCALE_BAD_VALUE');
  });
  it('checks fixed bytes', () => {
    expect(write((w) => w.fixedBytes(new Uint8Array([1, 2]), 2))).toBe('0x0102');
    expect(code(() => new ScaleWriter().fixedBytes(new Uint8Array(3), 2))).toBe('SCALE_BAD_LENGTH');
    expect(write((w) => w.bytes(new Uint8Array([1, 2, 3])))).toBe('0x0c010203');
  });
  it('reset and finish return copies', () => {
    const w = new ScaleWriter();
    w.u8(1);
    const a = w.finish();
    w.reset();
    w.u8(2);
    expect(toHex(a)).toBe('0x01');
    expect(toHex(w.finish())).toBe('0x02');
  });
});

describe('ScaleWriter u64s', () => {
  // More items than one scratch chunk (64 words), values across the whole u64 range.
  const values = Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? 2n ** 64n - 1n - BigInt(i) : BigInt(i % 16) << BigInt(i % 60)));
  it('writes the same bytes as one u64 per item', () => {
    expect(write((w) => w.u64s(values))).toBe(
      write((w) => {
        for (const v of values) w.u64(v);
      }),
    );
  });
  it('refuses an out-of-range or non-bigint item at its index and writes nothing', () => {
    const w = new ScaleWriter(8);
    w.u8(7);
    const bad = [...values];
    bad[100] = 2n ** 64n;
    expect(() => w.u64s(bad, 'Stats.samples')).toThrow('Stats.samples[100]: u64 out of range: 18446744073709551616');
    expect(code(() => w.u64s([1n, -1n]))).toBe('SCALE_RANGE');
    expect(code(() => w.u64s([1n, 2 as unknown as bigint]))).toBe('SCALE_BAD_VALUE');
    expect(toHex(w.finish())).toBe('0x07');
  });
});

describe('ScaleWriter.compactBigint and aligned words', () => {
  it('writes the same bytes as compact in every mode', () => {
    for (const v of [0n, 63n, 64n, 16383n, 16384n, 2n ** 30n - 1n, 2n ** 30n, 2n ** 53n, 2n ** 64n - 1n, 2n ** 128n - 1n]) {
      expect(write((w) => w.compactBigint(v))).toBe(write((w) => w.compact(v)));
    }
  });
  it('writes words on and off 8-byte boundaries, across a grow, in little-endian order', () => {
    const w = new ScaleWriter(8);
    w.u64(0x0102030405060708n);
    w.u8(9);
    w.u128(2n ** 64n + 0x0a0bn);
    w.u64(2n ** 64n - 1n);
    expect(toHex(w.finish())).toBe(`0x0807060504030201090b0a0000000000000100000000000000${'ff'.repeat(8)}`);
  });
});

describe('ScaleWriter errors for a value of the wrong kind', () => {
  const message = (f: () => void): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof ScaleError) return e.message;
      throw e;
    }
    return 'no error';
  };
  it('say how to write a bigint where a number was given, and the reverse', () => {
    const w = new ScaleWriter(8);
    expect(message(() => w.u64(5 as unknown as bigint, 'Bank.Deposit.amount'))).toBe(
      'Bank.Deposit.amount: u64 expects a bigint, got number: 5 (u64 is a bigint in TypeScript: write 5n, or BigInt(x))',
    );
    expect(message(() => w.u32(7n as unknown as number, 'Poll.Vote.option'))).toBe(
      'Poll.Vote.option: u32 expects a number, got bigint: 7 (u32 is a number in TypeScript: write 7, or Number(x))',
    );
  });
  it('name a missing argument for undefined, and add nothing for other kinds', () => {
    const w = new ScaleWriter(8);
    expect(message(() => w.u32(undefined as unknown as number, 'Poll.Vote.weight'))).toBe(
      'Poll.Vote.weight: u32 expects a number, got undefined: undefined (a missing argument or field?)',
    );
    expect(message(() => w.u64('5' as unknown as bigint, 'x'))).toBe('x: u64 expects a bigint, got string: "5"');
  });
});

describe('ScaleWriter.begin / take: a message of known size written into its own buffer', () => {
  const header = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
  const viaFinish = (write: (w: ScaleWriter) => void): Uint8Array => {
    const w = new ScaleWriter(256);
    w.reset();
    w.raw(header);
    write(w);
    return w.finish();
  };
  const viaTake = (size: number, write: (w: ScaleWriter) => void, w = new ScaleWriter(16)): Uint8Array => {
    w.begin(size, header);
    write(w);
    return w.take();
  };

  it('writes the same bytes as reset/raw/finish, words at aligned offsets included', () => {
    // Offsets 16 and 24 are 8-byte aligned: the writer must not store them through its own word view.
    const write = (w: ScaleWriter) => {
      w.u64(0x0102030405060708n);
      w.u128((1n << 127n) + 5n);
      w.u32(0xdeadbeef);
      w.bool(true);
      w.id(`0x${'ab'.repeat(32)}`);
    };
    const size = 16 + 8 + 16 + 4 + 1 + 32;
    expect(toHex(viaTake(size, write))).toBe(toHex(viaFinish(write)));
  });

  it('hands out its own buffer, exactly the size, and never writes into it again', () => {
    const w = new ScaleWriter(16);
    const first = viaTake(20, (x) => x.u32(7), w);
    expect(first.length).toBe(20);
    expect(first.buffer.byteLength).toBe(20);
    const second = viaTake(20, (x) => x.u32(9), w);
    expect(first[16]).toBe(7);
    expect(second[16]).toBe(9);
    // A plain write after take starts a buffer of its own.
    w.reset();
    w.u32(0xffffffff);
    expect(first[16]).toBe(7);
    expect(toHex(w.finish())).toBe('0xffffffff');
  });

  it('a size that was too small still gives every byte written (a copy), one too large only what was written', () => {
    const write = (w: ScaleWriter) => {
      w.u32(1);
      w.u64(2n);
      w.u8(3);
    };
    const expected = toHex(viaFinish(write));
    expect(toHex(viaTake(17, write))).toBe(expected);
    expect(toHex(viaTake(40, write))).toBe(expected);
  });
});
