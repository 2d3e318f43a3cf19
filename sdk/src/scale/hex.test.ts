import { describe, expect, it } from 'vitest';
import { ScaleError } from './errors.js';
import { fromHex, toHex } from './hex.js';

describe('hex', () => {
  it('round-trips', () => {
    expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0x0001abff');
    expect(fromHex('0x0001ABff')).toEqual(new Uint8Array([0, 1, 0xab, 0xff]));
    expect(fromHex('0x')).toEqual(new Uint8Array());
  });
  it('is strict', () => {
    // A bad low digit after a zero high digit, digits past ASCII and look-alikes are refused too.
    for (const bad of ['', '00', '0x0', '0xzz', 'Ox00', '0X00', '0x 0', '0x0g', '0xg0', '0x0\u0100', '0x\uff10\uff10', '0x0/', '0x:0']) {
      expect(() => fromHex(bad, 'f')).toThrow(ScaleError);
    }
  });
});
