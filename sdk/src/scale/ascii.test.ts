import { describe, expect, it } from 'vitest';
import { SHORT_ASCII_MAX, shortAscii } from './ascii.js';

describe('shortAscii', () => {
  it('decodes every length up to the maximum at any offset', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const bytes = new TextEncoder().encode(text);
    for (let n = 0; n <= SHORT_ASCII_MAX; n++) expect(shortAscii(bytes, 3, n)).toBe(text.slice(3, 3 + n));
  });

  it('returns null for a non-ASCII byte or a longer string', () => {
    expect(shortAscii(new Uint8Array([0x61, 0xc3, 0xa9]), 0, 3)).toBeNull();
    expect(shortAscii(new Uint8Array([0x80]), 0, 1)).toBeNull();
    expect(shortAscii(new Uint8Array(SHORT_ASCII_MAX + 1).fill(0x61), 0, SHORT_ASCII_MAX + 1)).toBeNull();
  });
});
