import { describe, expect, it } from 'vitest';
import { ScaleError } from '../scale/errors.js';
import { formatTypeExpr, parseTypeExpr } from './parse-type.js';

describe('parseTypeExpr', () => {
  it('parses the IDL v2 type expressions', () => {
    expect(parseTypeExpr('u32')).toEqual({ kind: 'primitive', name: 'u32' });
    expect(parseTypeExpr('[u8; 4]')).toEqual({ kind: 'array', item: { kind: 'primitive', name: 'u8' }, length: 4 });
    expect(parseTypeExpr('()')).toEqual({ kind: 'tuple', items: [] });
    expect(parseTypeExpr('(u8)')).toEqual({ kind: 'primitive', name: 'u8' });
    expect(parseTypeExpr('(u8,)')).toEqual({ kind: 'tuple', items: [{ kind: 'primitive', name: 'u8' }] });
    expect(parseTypeExpr('Compact<u64>')).toEqual(parseTypeExpr('compact<u64>'));
    expect(parseTypeExpr('Pair<u8, [String]>')).toEqual({
      kind: 'named',
      name: 'Pair',
      args: [
        { kind: 'primitive', name: 'u8' },
        { kind: 'vec', item: { kind: 'primitive', name: 'String' } },
      ],
    });
    for (const t of ['Option<u32>', 'Result<u32, String>', '[(u32, bool)]', '(u8, u16)', 'compact<u128>', 'Name<A, B>', '[[u8; 32]]']) {
      expect(formatTypeExpr(parseTypeExpr(t))).toBe(t);
    }
  });
  it('reports the column', () => {
    const cases: [string, RegExp][] = [
      ['Option<u32', /at the end/],
      ['[u8; x]', /column 6/],
      ['(u8 u16)', /column 5/],
      ['u8 $', /column 4/],
      ['Option<u8, u16>', /column 1/],
      ['u32<u8>', /column 1/],
    ];
    for (const [text, re] of cases) {
      let caught: unknown;
      try {
        parseTypeExpr(text);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ScaleError);
      expect((caught as Error).message).toMatch(re);
    }
  });
});
