import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec.js';
import { enumTagged, enumUnit, variantFieldProp } from './enum.js';
import { ScaleError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { str, u8, u16, u32 } from './primitives.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScaleError) return e.code;
    throw e;
  }
  return 'no error';
};

describe('enumUnit', () => {
  const Color = enumUnit('Color', ['Red', 'Green', 'Blue']);
  it('encodes the position', () => {
    expect(toHex(encode(Color, 'Blue'))).toBe('0x02');
    expect(decode(Color, fromHex('0x01'))).toBe('Green');
    expect(code(() => decode(Color, fromHex('0x03')))).toBe('SCALE_BAD_TAG');
    expect(code(() => encode(Color, 'Pink' as 'Red'))).toBe('SCALE_BAD_VALUE');
    expect(Color.toJson('Red')).toBe('Red');
    expect(code(() => Color.fromJson('Pink', ''))).toBe('SCALE_BAD_JSON');
  });
});

describe('enumTagged', () => {
  const Action = enumTagged('Action', [
    { name: 'Noop', fields: [] },
    {
      name: 'Move',
      fields: [
        ['x', u8],
        ['y', u8],
      ],
    },
    { name: 'Say', fields: [str] },
    { name: 'Pair', fields: [u16, u32] },
  ]);
  it('has the documented value model', () => {
    expect(toHex(encode(Action, { kind: 'Noop' }))).toBe('0x00');
    expect(toHex(encode(Action, { kind: 'Move', x: 1, y: 2 }))).toBe('0x010102');
    expect(toHex(encode(Action, { kind: 'Say', value: 'a' }))).toBe('0x020461');
    expect(toHex(encode(Action, { kind: 'Pair', value: [1, 2] }))).toBe('0x03010002000000');
    expect(decode(Action, fromHex('0x010102'))).toEqual({ kind: 'Move', x: 1, y: 2 });
    expect(decode(Action, fromHex('0x03010002000000'))).toEqual({ kind: 'Pair', value: [1, 2] });
    expect(code(() => decode(Action, fromHex('0x04')))).toBe('SCALE_BAD_TAG');
    expect(code(() => encode(Action, { kind: 'Nope' } as never))).toBe('SCALE_BAD_VALUE');
  });
  it('JSON form', () => {
    expect(Action.toJson({ kind: 'Noop' })).toBe('Noop');
    expect(Action.toJson({ kind: 'Move', x: 1, y: 2 })).toEqual({ Move: { x: 1, y: 2 } });
    expect(Action.toJson({ kind: 'Say', value: 'a' })).toEqual({ Say: 'a' });
    expect(Action.toJson({ kind: 'Pair', value: [1, 2] })).toEqual({ Pair: [1, 2] });
    expect(Action.fromJson({ Pair: [1, 2] }, '')).toEqual({ kind: 'Pair', value: [1, 2] });
    expect(Action.fromJson('Noop', '')).toEqual({ kind: 'Noop' });
    expect(code(() => Action.fromJson('Say', ''))).toBe('SCALE_BAD_JSON');
    expect(code(() => Action.fromJson({ Move: { x: 1 } }, ''))).toBe('SCALE_BAD_JSON');
    expect(code(() => Action.fromJson({ Move: { x: 1, y: 256 } }, ''))).toBe('SCALE_RANGE');
  });
});

describe('variantFieldProp', () => {
  it('moves a field named kind off the tag, past any sibling of the new name', () => {
    expect(variantFieldProp('radius', ['kind', 'radius'])).toBe('radius');
    expect(variantFieldProp('kind', ['kind', 'radius'])).toBe('kind_');
    expect(variantFieldProp('kind', ['kind_', 'kind', 'kind__'])).toBe('kind___');
    expect(variantFieldProp('kind_', ['kind_', 'kind'])).toBe('kind_');
  });

  it('gives a JSON key of its own to a field whose property differs', () => {
    const Shape = enumTagged('Shape', [
      {
        name: 'Circle',
        fields: [
          ['kind_', u8, 'kind'],
          ['r', u16],
        ],
      },
    ] as const);
    const value = { kind: 'Circle', kind_: 3, r: 9 } as const;
    expect(toHex(encode(Shape, value))).toBe('0x00030900');
    expect(Shape.toJson(value)).toEqual({ Circle: { kind: 3, r: 9 } });
    expect(Shape.fromJson({ Circle: { kind: 3, r: 9 } }, '')).toEqual(value);
    expect(code(() => Shape.fromJson({ Circle: { kind_: 3, r: 9 } }, ''))).toBe('SCALE_BAD_JSON');
  });
});
