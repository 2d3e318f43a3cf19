import { describe, expect, it } from 'vitest';
import { decode, encode } from '../scale/codec.js';
import { ScaleError } from '../scale/errors.js';
import { toHex } from '../scale/hex.js';
import { codecFromType } from './codec-from-type.js';
import { parseTypeExpr } from './parse-type.js';
import type { TypeDef, TypeTable } from './type-ref.js';

const u32 = { kind: 'primitive', name: 'u32' } as const;
const table: TypeTable = new Map<string, TypeDef>([
  [
    'Point',
    {
      kind: 'struct',
      name: 'Point',
      fields: [
        { name: 'x', type: u32 },
        { name: 'y', type: u32 },
      ],
    },
  ],
  [
    'Pair',
    {
      kind: 'struct',
      name: 'Pair',
      params: ['A', 'B'],
      fields: [{ type: { kind: 'param', name: 'A' } }, { type: { kind: 'param', name: 'B' } }],
    },
  ],
  [
    'Color',
    {
      kind: 'enum',
      name: 'Color',
      variants: [
        { name: 'Red', fields: [] },
        { name: 'Green', fields: [] },
      ],
    },
  ],
  [
    'Tree',
    {
      kind: 'enum',
      name: 'Tree',
      variants: [
        { name: 'Leaf', fields: [{ type: u32 }] },
        { name: 'Node', fields: [{ name: 'children', type: { kind: 'vec', item: { kind: 'named', name: 'Tree' } } }] },
      ],
    },
  ],
]);

describe('codecFromType', () => {
  it('resolves structs, generics, unit enums and recursive enums', () => {
    const point = codecFromType(parseTypeExpr('Point'), table);
    expect(toHex(encode(point, { x: 1, y: 2 }))).toBe('0x0100000002000000');
    const pair = codecFromType(parseTypeExpr('Pair<u8, String>'), table);
    expect(pair.idl).toBe('Pair<u8, String>');
    expect(toHex(encode(pair, [1, 'a']))).toBe('0x010461');
    expect(codecFromType(parseTypeExpr('Pair<u8, String>'), table)).toBe(pair);
    expect(decode(codecFromType(parseTypeExpr('Color'), table), new Uint8Array([1]))).toBe('Green');
    const tree = codecFromType(parseTypeExpr('Tree'), table);
    const v = {
      kind: 'Node',
      children: [
        { kind: 'Leaf', value: 1 },
        { kind: 'Node', children: [] },
      ],
    };
    expect(decode(tree, encode(tree, v))).toEqual(v);
    expect(tree.toJson(v)).toEqual({ Node: { children: [{ Leaf: 1 }, { Node: { children: [] } }] } });
  });
  it('maps [u8] and [u8; N] to Uint8Array, () to undefined, and accepts map refs', () => {
    expect(encode(codecFromType(parseTypeExpr('[u8]')), new Uint8Array([7]))).toEqual(new Uint8Array([4, 7]));
    expect(decode(codecFromType(parseTypeExpr('()')), new Uint8Array())).toBeUndefined();
    const m = codecFromType({ kind: 'map', key: u32, value: { kind: 'primitive', name: 'bool' } });
    expect(
      toHex(
        encode(
          m,
          new Map([
            [2, false],
            [1, true],
          ]),
        ),
      ),
    ).toBe('0x0801000000010200000000');
  });
  it('errors on unknown names', () => {
    for (const t of ['Nope', 'Pair<u8>', 'compact<i8>']) {
      let caught: unknown;
      try {
        codecFromType(parseTypeExpr(t), table);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ScaleError);
      expect((caught as ScaleError).code).toBe('SCALE_UNKNOWN_TYPE');
    }
  });
});

describe('codecFromType of a type a generated module renamed', () => {
  const renamed: TypeTable = new Map<string, TypeDef>([
    [
      'Promise_',
      { kind: 'struct', name: 'Promise_', idlName: 'Promise', fields: [{ name: 'tag', type: { kind: 'named', name: 'SvcKind' } }] },
    ],
    ['SvcKind', { kind: 'enum', name: 'SvcKind', idlName: 'Kind', variants: [{ name: 'A', fields: [] }] }],
  ]);
  const message = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };
  it('names it by its idlName in JSON and SCALE errors, and in its idl', () => {
    const codec = codecFromType({ kind: 'vec', item: { kind: 'named', name: 'Promise_' } }, renamed);
    expect(codec.idl).toBe('[Promise]');
    expect(message(() => codec.fromJson([5], 'arg'))).toBe('arg[0]: expected an object for Promise, got number');
    expect(message(() => codec.fromJson([{ tag: 'B' }], 'arg'))).toBe('arg[0].tag: Kind expects one of "A", got "B"');
    expect(message(() => encode(codec, [7] as never))).toMatch(/Promise/);
    expect(message(() => encode(codec, [7] as never))).not.toMatch(/Promise_/);
  });

  it('refuses a non-object where toJson expects a struct with a ScaleError naming the path and the type', () => {
    const promise = codecFromType({ kind: 'named', name: 'Promise_' }, renamed);
    const fail = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return 'accepted';
    };
    for (const bad of [5, null, 'x']) {
      const e = fail(() => promise.toJson(bad as never, 'Svc.Make.promise'));
      expect(e).toBeInstanceOf(ScaleError);
      expect(e).toMatchObject({ code: 'SCALE_BAD_VALUE', path: 'Svc.Make.promise' });
      expect((e as Error).message).toBe(`Svc.Make.promise: Promise expects an object, got ${bad === 'x' ? '"x"' : String(bad)}`);
    }
    // Without a path, the type's name; inside a container, the item's place.
    expect(message(() => promise.toJson(5 as never))).toBe('Promise: Promise expects an object, got 5');
    const list = codecFromType({ kind: 'vec', item: { kind: 'named', name: 'Promise_' } }, renamed);
    expect(message(() => list.toJson([{ tag: 'A' }, 5] as never, 'arg'))).toBe('arg[1]: Promise expects an object, got 5');
    expect(list.toJson([{ tag: 'A' }] as never)).toEqual([{ tag: 'A' }]);
  });
});
