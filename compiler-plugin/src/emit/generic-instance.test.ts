import type { TypeDef, TypeRef } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { instantiate } from './generic-instance.js';

const prim = (name: string): TypeRef => ({ kind: 'primitive', name }) as TypeRef;
const param = (name: string): TypeRef => ({ kind: 'param', name });

const types = new Map<string, TypeDef>([
  ['Memo', { kind: 'struct', name: 'Memo', fields: [{ name: 'text', type: prim('String') }] }],
  [
    'Either',
    {
      kind: 'enum',
      name: 'Either',
      params: ['L', 'R'],
      variants: [
        { name: 'Left', fields: [{ type: param('L') }] },
        { name: 'Right', fields: [{ type: { kind: 'vec', item: param('R') } }] },
      ],
    },
  ],
]);

describe('instantiate', () => {
  it('returns a definition without parameters as it is, and substitutes the arguments of a generic one', () => {
    expect(instantiate(types, { kind: 'named', name: 'Memo' })).toBe(types.get('Memo'));
    expect(instantiate(types, { kind: 'named', name: 'Either', args: [prim('u8'), prim('bool')] })).toEqual({
      kind: 'enum',
      name: 'Either',
      variants: [
        { name: 'Left', fields: [{ type: prim('u8') }] },
        { name: 'Right', fields: [{ type: { kind: 'vec', item: prim('bool') } }] },
      ],
    });
  });

  it('refuses an unknown name and a wrong number of arguments with EMIT_UNKNOWN_TYPE naming the type', () => {
    expect(() => instantiate(types, { kind: 'named', name: 'Nope' })).toThrow(
      expect.objectContaining({ code: 'EMIT_UNKNOWN_TYPE', message: expect.stringContaining('Nope') }),
    );
    expect(() => instantiate(types, { kind: 'named', name: 'Either', args: [prim('u8')] })).toThrow(
      expect.objectContaining({ code: 'EMIT_UNKNOWN_TYPE', message: expect.stringContaining('Either takes 2 type arguments, got 1') }),
    );
  });
});
