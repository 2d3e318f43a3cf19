import { describe, expect, it } from 'vitest';
import { escapeBidi } from './bidi.js';

describe('escapeBidi', () => {
  it('writes bidirectional controls as escapes that parse back to the same value', () => {
    const value = { symbol: '\u202eRTL', note: 'a\u2066b\u2069c\u200f', arabic: 'مرحبا' };
    const shown = escapeBidi(JSON.stringify(value));
    expect(shown).toBe('{"symbol":"\\u202eRTL","note":"a\\u2066b\\u2069c\\u200f","arabic":"مرحبا"}');
    expect(JSON.parse(shown)).toEqual(value);
  });
});
