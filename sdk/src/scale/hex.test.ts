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
    for (const bad of ['', '00', '0x0', '0xzz', 'Ox00', '0X00', '0x 0']) {
      expect(() => fromHex(bad, 'f')).toThrow(ScaleError);
    }
  });
});
