import type { TypeDef, TypeRef } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { CompilerError } from '../errors.js';
import type { FunctionDef, ServiceDef } from '../manifest/types.js';
import { computeInterfaceId } from './interface-id.js';
import { keccak, structHash, typeHash } from './type-hash.js';

const p = (name: 'u8' | 'u16' | 'u32' | 'u128' | 'i32' | 'bool' | 'String' | 'ActorId' | 'H256' | 'u256'): TypeRef => ({
  kind: 'primitive',
  name,
});
const unit: TypeRef = { kind: 'tuple', items: [] };
const named = (name: string, args?: TypeRef[]): TypeRef => (args === undefined ? { kind: 'named', name } : { kind: 'named', name, args });

function fn(name: string, params: TypeRef[], returns: TypeRef, kind: 'command' | 'query' = 'command', throws?: TypeRef): FunctionDef {
  return {
    name,
    method: name.charAt(0).toLowerCase() + name.slice(1),
    kind,
    params: params.map((type, i) => ({ name: `p${i}`, type })),
    returns,
    ...(throws === undefined ? {} : { throws }),
    entryId: 0,
    payable: false,
  };
}

function service(
  name: string,
  functions: FunctionDef[],
  events: [string, TypeRef[]][] = [],
  ext: string[] = [],
  types: TypeDef[] = [],
): ServiceDef {
  return {
    name,
    interfaceId: '',
    extends: ext,
    functions,
    events: events.map(([n, fields], i) => ({ name: n, fields: fields.map((type) => ({ type })), entryId: i })),
    types,
  };
}

const none = (): undefined => undefined;

const counter = service(
  'Counter',
  [fn('Add', [p('u32')], p('u32')), fn('Sub', [p('u32')], p('u32')), fn('Value', [], p('u32'), 'query')],
  [
    ['Added', [p('u32')]],
    ['Subtracted', [p('u32')]],
  ],
);

describe('computeInterfaceId', () => {
  it('gives the Sails demo Counter id', () => {
    expect(computeInterfaceId(counter, none, new Map())).toBe('0x579d6daba41b7d82');
  });

  it('does not depend on the declaration order of functions', () => {
    const shuffled = { ...counter, functions: [...counter.functions].reverse() };
    expect(computeInterfaceId(shuffled, none)).toBe('0x579d6daba41b7d82');
  });

  it('changes when a command becomes a query, a route is renamed or an event changes', () => {
    const [add, sub, value] = counter.functions as [FunctionDef, FunctionDef, FunctionDef];
    expect(computeInterfaceId({ ...counter, functions: [add, sub, { ...value, kind: 'command' }] }, none)).not.toBe('0x579d6daba41b7d82');
    expect(computeInterfaceId({ ...counter, functions: [{ ...add, name: 'Plus' }, sub, value] }, none)).not.toBe('0x579d6daba41b7d82');
    expect(computeInterfaceId({ ...counter, events: counter.events.slice(0, 1) }, none)).not.toBe('0x579d6daba41b7d82');
  });

  it('ignores parameter and field names', () => {
    const renamed = {
      ...counter,
      functions: counter.functions.map((f) => ({ ...f, params: f.params.map((x) => ({ ...x, name: 'other' })) })),
    };
    expect(computeInterfaceId(renamed, none)).toBe('0x579d6daba41b7d82');
  });

  it('gives the Sails demo ids of services with tuples, events with named fields and Result returns', () => {
    const pingPong = service('PingPong', [fn('Ping', [p('String')], { kind: 'result', ok: p('String'), err: p('String') })]);
    expect(computeInterfaceId(pingPong, none)).toBe('0x6d0eb40dde4038f7');
    const pos: TypeRef = { kind: 'tuple', items: [p('i32'), p('i32')] };
    const walker = service(
      'WalkerService',
      [fn('Position', [], pos, 'query'), fn('Walk', [p('i32'), p('i32')], unit)],
      [['Walked', [pos, pos]]],
    );
    expect(computeInterfaceId(walker, none)).toBe('0x06b6750e36f0fda7');
  });

  it('folds in base services, sorted by name', () => {
    const mammal = service('MammalService', [fn('AvgWeight', [], p('u32'), 'query'), fn('MakeSound', [], p('String'))]);
    const pos: TypeRef = { kind: 'tuple', items: [p('i32'), p('i32')] };
    const walker = service(
      'WalkerService',
      [fn('Position', [], pos, 'query'), fn('Walk', [p('i32'), p('i32')], unit)],
      [['Walked', [pos, pos]]],
    );
    const dog = service('Dog', [fn('MakeSound', [], p('String'))], [['Barked', []]], ['WalkerService', 'MammalService']);
    const chain = service('Chain', [fn('MakeSound', [], p('String'))], [], ['Dog']);
    const all = new Map([mammal, walker, dog, chain].map((s) => [s.name, s] as const));
    const lookup = (n: string): ServiceDef | undefined => all.get(n);
    expect(computeInterfaceId(mammal, lookup)).toBe('0xf181833573ac05bf');
    expect(computeInterfaceId(dog, lookup)).toBe('0x061b5337bdb0e35b');
    expect(computeInterfaceId(chain, lookup)).toBe('0x01fcbe183e2199b0');
  });

  it('gives the Sails demo ThisThat id (structs, enums, u256, H160 as a foreign built-in)', () => {
    const types: TypeDef[] = [
      {
        kind: 'struct',
        name: 'DoThatParam',
        fields: [
          { name: 'p1', type: named('NonZeroU32') },
          { name: 'p2', type: p('ActorId') },
          { name: 'p3', type: named('ManyVariants') },
        ],
      },
      {
        kind: 'enum',
        name: 'ManyVariants',
        variants: [
          { name: 'One', fields: [] },
          { name: 'Two', fields: [{ type: p('u32') }] },
          { name: 'Three', fields: [{ type: { kind: 'option', some: p('u256') } }] },
          {
            name: 'Four',
            fields: [
              { name: 'a', type: p('u32') },
              { name: 'b', type: { kind: 'option', some: p('u16') } },
            ],
          },
          { name: 'Five', fields: [{ type: p('String') }, { type: p('H256') }] },
          { name: 'Six', fields: [{ type: { kind: 'tuple', items: [p('u32')] } }] },
        ],
      },
      {
        kind: 'enum',
        name: 'ManyVariantsReply',
        variants: ['One', 'Two', 'Three', 'Four', 'Five', 'Six'].map((name) => ({ name, fields: [] })),
      },
      { kind: 'struct', name: 'NonZeroU32', fields: [{ type: p('u32') }] },
      { kind: 'struct', name: 'NonZeroU8', fields: [{ type: p('u8') }] },
      { kind: 'struct', name: 'TupleStruct', fields: [{ type: p('bool') }] },
    ];
    const result = (ok: TypeRef, err: TypeRef): TypeRef => ({ kind: 'result', ok, err });
    const thisThat = service(
      'ThisThat',
      [
        fn(
          'DoThat',
          [named('DoThatParam')],
          result(
            { kind: 'tuple', items: [p('ActorId'), named('NonZeroU32'), named('ManyVariantsReply')] },
            { kind: 'tuple', items: [p('String')] },
          ),
        ),
        fn(
          'DoThis',
          [
            p('u32'),
            p('String'),
            { kind: 'tuple', items: [{ kind: 'option', some: named('H160') }, named('NonZeroU8')] },
            named('TupleStruct'),
          ],
          { kind: 'tuple', items: [p('String'), p('u32')] },
        ),
        fn('Noop', [], unit),
        fn('That', [], result(p('String'), p('String')), 'query'),
        fn('This', [], p('u32'), 'query'),
      ],
      [],
      [],
      types,
    );
    expect(computeInterfaceId(thisThat, none)).toBe('0x381e13fdd02d675f');
  });

  it('folds in the written id of a @partial base, not a hash of its subset (Sails post_process: the computed map holds it)', () => {
    const base: ServiceDef = { ...service('Base', [fn('Ping', [], p('u8'))]), interfaceId: '0x1122334455667788', partial: true };
    const derived = service('Derived', [fn('Own', [], p('u8'))], [], ['Base']);
    const expected = keccak(
      keccak('command', 'Own', 'res', keccak('u8')),
      Uint8Array.from([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]),
    );
    const hex = `0x${Array.from(expected.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    expect(computeInterfaceId(derived, (n) => (n === 'Base' ? base : undefined))).toBe(hex);
  });

  it('hashes `throws` apart from a Result return', () => {
    const a = service('S', [fn('F', [], p('u32'), 'command', p('String'))]);
    const b = service('S', [fn('F', [], { kind: 'result', ok: p('u32'), err: p('String') })]);
    expect(computeInterfaceId(a, none)).not.toBe(computeInterfaceId(b, none));
  });

  it('resolves service types over the outer (program) table', () => {
    const s = service('S', [fn('Get', [], named('Point'), 'query')]);
    const point: TypeDef = { kind: 'struct', name: 'Point', fields: [{ name: 'x', type: p('u32') }] };
    const viaProgram = computeInterfaceId(s, none, new Map([['Point', point]]));
    const viaService = computeInterfaceId({ ...s, types: [point] }, none);
    expect(viaProgram).toBe(viaService);
    expect(() => computeInterfaceId(s, none)).toThrow(CompilerError);
  });

  it('reports recursive types, unknown bases and extends cycles', () => {
    const list: TypeDef = {
      kind: 'enum',
      name: 'List',
      variants: [
        { name: 'Nil', fields: [] },
        { name: 'Cons', fields: [{ type: named('List') }] },
      ],
    };
    const s = service('S', [fn('Get', [], named('List'), 'query')], [], [], [list]);
    expect(() => computeInterfaceId(s, none)).toThrow(expect.objectContaining({ code: 'HASH_RECURSIVE_TYPE' }));
    expect(() => computeInterfaceId(service('A', [], [], ['B']), none)).toThrow(expect.objectContaining({ code: 'HASH_UNKNOWN_SERVICE' }));
    const a = service('A', [], [], ['B']);
    const b = service('B', [], [], ['A']);
    const lookup = (n: string): ServiceDef | undefined => (n === 'A' ? a : n === 'B' ? b : undefined);
    expect(() => computeInterfaceId(a, lookup)).toThrow(expect.objectContaining({ code: 'HASH_EXTENDS_CYCLE' }));
  });
});

describe('typeHash', () => {
  it('follows the reflect-hash rules for built-in shapes', () => {
    const table = new Map();
    const u8 = keccak('u8');
    expect(typeHash(p('u8'), table)).toEqual(u8);
    expect(typeHash(p('u256'), table)).toEqual(keccak('U256'));
    expect(typeHash(unit, table)).toEqual(keccak('()'));
    expect(typeHash({ kind: 'vec', item: p('u8') }, table)).toEqual(keccak('[', u8, ']'));
    expect(typeHash({ kind: 'array', item: p('u8'), length: 32 }, table)).toEqual(keccak(u8, '32'));
    expect(typeHash({ kind: 'option', some: p('u8') }, table)).toEqual(keccak('Option', u8));
    expect(typeHash({ kind: 'tuple', items: [p('u8'), p('u8')] }, table)).toEqual(keccak(u8, u8));
    expect(typeHash({ kind: 'map', key: p('u8'), value: p('u8') }, table)).toEqual(keccak('[', keccak(u8, u8), ']'));
  });

  it('hashes a generic instantiation as the struct with its parameters substituted', () => {
    const container: TypeDef = {
      kind: 'struct',
      name: 'Container',
      params: ['T'],
      fields: [{ name: 'data', type: { kind: 'param', name: 'T' } }],
    };
    const table = new Map([['Container', container]]);
    expect(typeHash(named('Container', [p('u32')]), table)).toEqual(structHash('Container', [{ type: p('u32') }], table));
    expect(typeHash(named('Container', [p('u32')]), table)).not.toEqual(typeHash(named('Container', [p('String')]), table));
  });
});
