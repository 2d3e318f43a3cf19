import { describe, expect, it } from 'vitest';
import { bigintField, hexField, idField, numberField } from './node-answers.js';

const actor = `0x${'ab'.repeat(32)}`;

describe('reading the fields of a node answer', () => {
  it('reads well-formed fields (ids lower-cased, integers from decimal strings or safe numbers)', () => {
    expect(hexField({ reply: '0x0102' }, 'reply', actor)).toEqual(new Uint8Array([1, 2]));
    expect(idField({ codeId: `0x${'AB'.repeat(32)}` }, 'codeId', actor)).toBe(`0x${'ab'.repeat(32)}`);
    expect(bigintField({ balance: '340282366920938463463374607431768211455' }, 'balance', actor)).toBe(2n ** 128n - 1n);
    expect(bigintField({ nonce: 7 }, 'nonce', actor)).toBe(7n);
    expect(numberField({ block: 12 }, 'block', actor)).toBe(12);
  });

  it('fails with BAD_REPLY naming the field and the actor when a field is missing or malformed', () => {
    const bad = (name: string) => expect.objectContaining({ code: 'BAD_REPLY', message: expect.stringContaining(name) });
    expect(() => hexField({ reply: 'zz' }, 'reply', actor)).toThrow(bad('reply'));
    expect(() => idField({ codeId: '0x12' }, 'codeId', actor)).toThrow(bad('codeId'));
    expect(() => bigintField({ balance: -1 }, 'balance', actor)).toThrow(bad('balance'));
    expect(() => bigintField({ balance: '1.5' }, 'balance', actor)).toThrow(bad('balance'));
    expect(() => numberField({}, 'block', actor)).toThrow(bad('block'));
    expect(() => numberField(null, 'block', actor)).toThrow(expect.objectContaining({ actor }));
  });
});
