import type { TypeDef, TypeRef } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { CodecGen } from './codec-gen.js';

const prim = (name: string): TypeRef => ({ kind: 'primitive', name }) as TypeRef;
const named = (name: string, args?: TypeRef[]): TypeRef => (args === undefined ? { kind: 'named', name } : { kind: 'named', name, args });

const types = new Map<string, TypeDef>([
  [
    'Point',
    {
      kind: 'struct',
      name: 'Point',
      fields: [
        { name: 'x', type: prim('i32') },
        { name: 'y', type: prim('i32') },
      ],
    },
  ],
  [
    'Pair',
    {
      kind: 'struct',
      name: 'Pair',
      params: ['A'],
      fields: [
        { name: 'a', type: { kind: 'param', name: 'A' } },
        { name: 'id', type: prim('ActorId') },
      ],
    },
  ],
  ['Memo', { kind: 'struct', name: 'Memo', fields: [{ name: 'text', type: prim('String') }] }],
  [
    'Side',
    {
      kind: 'enum',
      name: 'Side',
      variants: [
        { name: 'Buy', fields: [] },
        { name: 'Sell', fields: [] },
      ],
    },
  ],
  ['Node', { kind: 'struct', name: 'Node', fields: [{ name: 'next', type: { kind: 'array', item: named('Node'), length: 1 } }] }],
]);

describe('CodecGen.fixedSize: the encoded size when every value has the same one', () => {
  const gen = new CodecGen(types);

  it('knows integers, bools, ids and the fixed arrays, tuples and structs made of them', () => {
    expect(gen.fixedSize(prim('bool'))).toBe(1);
    expect(gen.fixedSize(prim('u128'))).toBe(16);
    expect(gen.fixedSize(prim('ActorId'))).toBe(32);
    expect(gen.fixedSize({ kind: 'array', item: prim('u16'), length: 3 })).toBe(6);
    expect(gen.fixedSize({ kind: 'tuple', items: [] })).toBe(0);
    expect(gen.fixedSize({ kind: 'tuple', items: [prim('u8'), prim('u64')] })).toBe(9);
    expect(gen.fixedSize(named('Point'))).toBe(8);
    expect(gen.fixedSize(named('Pair', [prim('u32')]))).toBe(36);
  });

  it('is undefined for anything whose size depends on the value', () => {
    expect(gen.fixedSize(prim('String'))).toBeUndefined();
    expect(gen.fixedSize({ kind: 'vec', item: prim('u8') })).toBeUndefined();
    expect(gen.fixedSize({ kind: 'option', some: prim('u8') })).toBeUndefined();
    expect(gen.fixedSize({ kind: 'compact', inner: prim('u32') })).toBeUndefined();
    expect(gen.fixedSize({ kind: 'map', key: prim('u8'), value: prim('u8') })).toBeUndefined();
    expect(gen.fixedSize(named('Side'))).toBeUndefined();
    expect(gen.fixedSize(named('Memo'))).toBeUndefined();
    expect(gen.fixedSize(named('Pair', [prim('String')]))).toBeUndefined();
    expect(gen.fixedSize({ kind: 'tuple', items: [prim('u8'), prim('String')] })).toBeUndefined();
    // A type that contains itself.
    expect(gen.fixedSize(named('Node'))).toBeUndefined();
  });
});
