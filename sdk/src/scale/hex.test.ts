import { describe, expect, it } from 'vitest';
import { ScaleError } from './errors.js';
import { fromHex, hex32, hexOf, toHex, writeIdDigits } from './hex.js';

describe('hex', () => {
  it('round-trips', () => {
    expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0x0001abff');
    expect(fromHex('0x0001ABff')).toEqual(new Uint8Array([0, 1, 0xab, 0xff]));
    expect(fromHex('0x')).toEqual(new Uint8Array());
  });
  it('formats long and odd-length inputs (two bytes per step, then the odd byte)', () => {
    const bytes = Uint8Array.from({ length: 33 }, (_, i) => (i * 37 + 5) & 0xff);
    const expected = `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    expect(toHex(bytes)).toBe(expected);
    expect(hexOf(bytes, 1, 32)).toBe(`0x${expected.slice(4)}`);
  });
  it('is strict', () => {
    // A bad low digit after a zero high digit, digits past ASCII and look-alikes are refused too.
    for (const bad of ['', '00', '0x0', '0xzz', 'Ox00', '0X00', '0x 0', '0x0g', '0xg0', '0x0\u0100', '0x\uff10\uff10', '0x0/', '0x:0']) {
      expect(() => fromHex(bad, 'f')).toThrow(ScaleError);
    }
  });
  it('parses ids from their bytes, refusing every non-hex character wherever it stands', () => {
    const out = new Uint8Array(34);
    expect(writeIdDigits(`0x${'0123456789abcdefABCDEF'.repeat(3).slice(0, 62)}ff`, out, 1)).toBe(true);
    expect(toHex(out.subarray(1, 33))).toBe(`0x${'0123456789abcdefabcdef'.repeat(3).slice(0, 62)}ff`);
    expect(out[0]).toBe(0);
    expect(out[33]).toBe(0);
    const good = `0x${'a1'.repeat(32)}`;
    for (const bad of ['g', 'G', '/', ':', '@', '`', ' ', '\u00e9', '\u0100', '\uff10', '\ud800', '\u{1f600}']) {
      for (const at of [2, 3, 40, good.length - 1]) {
        // A character of several UTF-8 bytes shifts the rest: the text stays 66 code units only for one-unit ones.
        const text = good.slice(0, at) + bad + good.slice(at + 1);
        expect(writeIdDigits(text, new Uint8Array(32), 0), `${JSON.stringify(bad)} at ${at}`).toBe(false);
      }
    }
  });
});

describe('hex formatting', () => {
  const reference = (bytes: Uint8Array) => `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  it('formats every length, short (concatenated), scratch-sized and past the shared scratch, alike', () => {
    for (const length of [0, 1, 5, 6, 7, 31, 32, 33, 64, 65, 200, 70_000]) {
      const bytes = Uint8Array.from({ length: length + 3 }, (_, i) => (i * 151 + 7) & 0xff);
      expect(hexOf(bytes, 3, length), `length ${length}`).toBe(reference(bytes.subarray(3, 3 + length)));
    }
  });
  it('formats one text after another without leftovers of a longer one', () => {
    const long = new Uint8Array(100).fill(0xab);
    expect(toHex(long)).toBe(`0x${'ab'.repeat(100)}`);
    expect(toHex(new Uint8Array([1, 2, 3, 4, 5, 6, 7]))).toBe('0x01020304050607');
    expect(toHex(long.subarray(0, 10))).toBe(`0x${'ab'.repeat(10)}`);
  });
  it('formats ids of every byte value', () => {
    for (let base = 0; base < 256; base += 32) {
      const bytes = Uint8Array.from({ length: 40 }, (_, i) => (base + i) & 0xff);
      expect(hex32(bytes, 4)).toBe(reference(bytes.subarray(4, 36)));
    }
  });
});
