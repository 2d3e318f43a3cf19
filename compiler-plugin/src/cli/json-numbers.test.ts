import { describe, expect, it } from 'vitest';
import { checkJsonNumbers } from './json-numbers.js';
import { printable } from './printable.js';

describe('checkJsonNumbers', () => {
  it('accepts numbers JSON.parse represents exactly, and ignores digits inside strings', () => {
    expect(() => checkJsonNumbers('[1, -2, 2.5, 1e3, 0.1, 9007199254740991, "12345678901234567890", "\\"1e999"]')).not.toThrow();
  });

  it('refuses rounded integers and overflowing or over-precise literals, echoing them exactly', () => {
    for (const lit of ['12345678901234567890', '-9007199254740993', '1e400', '0.1000000000000000000001']) {
      expect(() => checkJsonNumbers(`[${lit}]`)).toThrow(
        expect.objectContaining({ code: 'CLI_BAD_JSON', message: expect.stringContaining(lit) }),
      );
    }
  });

  it('truncates a huge literal in the message', () => {
    let message = '';
    try {
      checkJsonNumbers(`[${'9'.repeat(100_000)}]`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('(100000 characters)');
    expect(message.length).toBeLessThan(300);
  });
});

describe('printable', () => {
  it('escapes control characters but keeps newlines, tabs and ordinary text', () => {
    expect(printable('a\u001b[31mb\u0007\n\tc\u2028é')).toBe('a\\u001b[31mb\\u0007\n\tc\\u2028é');
  });
});
