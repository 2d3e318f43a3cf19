import { describe, expect, it } from 'vitest';
import { extractFromSource } from './index.js';

// The `nested` list the runtime range-checks at commit: state fields with integers deeper than a field or a
// top-level collection's elements, each with the shape of where they sit.
const nestedOf = (fields: string[], types: string[] = []): unknown => {
  const source = [
    "import { Actor, actor, type ActorId, type u8, type u16, type u32, type u64, type u128 } from '@sprocket/sdk';",
    ...types,
    '@actor()',
    'export class Holder extends Actor {',
    ...fields,
    '  ping(): void {}',
    '}',
  ].join('\n');
  const result = extractFromSource('holder.ts', source);
  expect(result.diagnostics).toEqual([]);
  return result.manifests[0]?.actor?.nested;
};

describe('state shapes: objects', () => {
  it('lists the integer members of a type literal, an alias, an interface and a class, a nullable one included', () => {
    expect(
      nestedOf(
        [
          '  a: { fee: u16; cap: u128; name: string } = { fee: 0, cap: 0n, name: "" };',
          '  b: Config = { fee: 0, cap: 0n };',
          '  c: Account | null = null;',
          '  d: Order = new Order();',
          '  e?: { x?: u8 | null };',
        ],
        [
          'type Config = { fee: u16; cap: u128 };',
          'interface Account { balance: u128; nonce: u64; memo: string }',
          'class Order { price: u32 = 0; static count: u8 = 0; label = "" }',
        ],
      ),
    ).toEqual([
      { name: 'a', declared: '{ fee: u16; cap: u128; name: string }', shape: { kind: 'object', fields: { fee: 'u16', cap: 'u128' } } },
      { name: 'b', declared: 'Config', shape: { kind: 'object', fields: { fee: 'u16', cap: 'u128' } } },
      { name: 'c', declared: 'Account | null', shape: { kind: 'object', fields: { balance: 'u128', nonce: 'u64' }, nullable: true } },
      { name: 'd', declared: 'Order', shape: { kind: 'object', fields: { price: 'u32' } } },
      { name: 'e', declared: '{ x?: u8 | null }', shape: { kind: 'object', fields: { x: 'u8 | null' } } },
    ]);
  });
});

describe('state shapes: what a type extends', () => {
  it('lists the integer members an interface or class extends, a member declared again below winning', () => {
    expect(
      nestedOf(
        ['  a: Member | null = null;', '  b = new Map<ActorId, Vip>();', '  c: Order = new Order();', '  d: Plain = { memo: 0 };'],
        [
          'interface Account { balance: u128; memo: u8 }',
          'interface Stamped { at: u32 }',
          'interface Member extends Account, Stamped { nonce: u64 }',
          'interface Vip extends Member { memo: string; level: u8 }',
          'class Base { price: u32 = 0 }',
          'class Order extends Base { qty: u16 = 0 }',
          'interface Box<T> { v: T }',
          'interface Plain extends Box<u8> { memo: u8 }',
        ],
      ),
    ).toEqual([
      {
        name: 'a',
        declared: 'Member | null',
        shape: { kind: 'object', fields: { balance: 'u128', memo: 'u8', at: 'u32', nonce: 'u64' }, nullable: true },
      },
      {
        name: 'b',
        declared: 'Map<ActorId, Vip>',
        shape: { kind: 'map', value: { kind: 'object', fields: { balance: 'u128', at: 'u32', nonce: 'u64', level: 'u8' } } },
      },
      { name: 'c', declared: 'Order', shape: { kind: 'object', fields: { price: 'u32', qty: 'u16' } } },
      // A generic base is read with its type arguments.
      { name: 'd', declared: 'Plain', shape: { kind: 'object', fields: { v: 'u8', memo: 'u8' } } },
    ]);
  });
});

describe('state shapes: collections', () => {
  it('lists Maps of structs, tuples and arrays, arrays of structs and nested arrays, annotated or constructed', () => {
    expect(
      nestedOf(
        [
          '  accounts = new Map<ActorId, Account>();',
          '  pairs: Map<ActorId, [u128, balance: u64, string]> = new Map();',
          '  held: Map<u32, u64[]> = new Map();',
          '  orders: readonly Account[] = [];',
          '  grid: u8[][] = [];',
          '  tags: Record<string, Set<u16>> = {};',
          '  pair: [u8, string] = [0, ""];',
        ],
        ['interface Account { balance: u128 }'],
      ),
    ).toEqual([
      {
        name: 'accounts',
        declared: 'Map<ActorId, Account>',
        shape: { kind: 'map', value: { kind: 'object', fields: { balance: 'u128' } } },
      },
      {
        name: 'pairs',
        declared: 'Map<ActorId, [u128, balance: u64, string]>',
        shape: { kind: 'map', value: { kind: 'tuple', items: ['u128', 'u64', null] } },
      },
      { name: 'held', declared: 'Map<u32, u64[]>', shape: { kind: 'map', key: 'u32', value: { kind: 'array', item: 'u64' } } },
      { name: 'orders', declared: 'readonly Account[]', shape: { kind: 'array', item: { kind: 'object', fields: { balance: 'u128' } } } },
      { name: 'grid', declared: 'u8[][]', shape: { kind: 'array', item: { kind: 'array', item: 'u8' } } },
      { name: 'tags', declared: 'Record<string, Set<u16>>', shape: { kind: 'record', item: { kind: 'set', item: 'u16' } } },
      { name: 'pair', declared: '[u8, string]', shape: { kind: 'tuple', items: ['u8', null] } },
    ]);
  });

  it('leaves top-level collections of integers to the `state` list, and lists nothing without integers', () => {
    expect(
      nestedOf([
        '  a = new Map<ActorId, u128>();',
        '  b: u8[] = [];',
        '  c: { name: string } = { name: "" };',
        '  d: Map<ActorId, string[]> = new Map();',
        '  e: [string, string] = ["", ""];',
      ]),
    ).toBeUndefined();
  });

  it('lists elements and tuple items that may be undefined, and leaves rest tuple items out', () => {
    expect(
      nestedOf(
        [
          '  a: (u32 | undefined)[] = [];',
          '  b = new Map<ActorId, u128 | undefined>();',
          '  c: [u8, u16?] = [0];',
          '  d: [string, ...u8[]] = [""];',
          '  e: ({ x: u8 } | undefined)[] = [];',
          '  f: Map<ActorId, [a: u8, b?: u64 | null]> = new Map();',
          '  g: { fee?: u16; cap: u8 | undefined } = { cap: 0 };',
          '  h: Set<Box<u8 | null> | undefined> = new Set();',
        ],
        ['interface Box<T> { v: T }'],
      ),
    ).toEqual([
      { name: 'a', declared: '(u32 | undefined)[]', shape: { kind: 'array', item: 'u32 | undefined' } },
      { name: 'b', declared: 'Map<ActorId, u128 | undefined>', shape: { kind: 'map', value: 'u128 | undefined' } },
      { name: 'c', declared: '[u8, u16?]', shape: { kind: 'tuple', items: ['u8', 'u16 | undefined'] } },
      {
        name: 'e',
        declared: '({ x: u8 } | undefined)[]',
        shape: { kind: 'array', item: { kind: 'object', fields: { x: 'u8' }, optional: true } },
      },
      {
        name: 'f',
        declared: 'Map<ActorId, [a: u8, b?: u64 | null]>',
        shape: { kind: 'map', value: { kind: 'tuple', items: ['u8', 'u64 | null | undefined'] } },
      },
      // A member left unset is skipped anyway: `?` and `| undefined` add nothing there.
      { name: 'g', declared: '{ fee?: u16; cap: u8 | undefined }', shape: { kind: 'object', fields: { fee: 'u16', cap: 'u8' } } },
      {
        name: 'h',
        declared: 'Set<Box<u8 | null> | undefined>',
        shape: { kind: 'set', item: { kind: 'object', fields: { v: 'u8 | null' }, optional: true } },
      },
    ]);
  });
});

describe('state shapes: types that refer to themselves', () => {
  it('refers back to the container of a type that comes again below itself', () => {
    expect(
      nestedOf(
        [
          '  a: TreeNode = { value: 0, children: [] };',
          '  b: List | null = null;',
          '  c = new Map<ActorId, Member>();',
          '  d: Node<u16> = { v: 0, kids: [] };',
          '  e: Pair = [0, null];',
          '  f: Outer = { inner: { back: null, n: 0 } };',
        ],
        [
          'interface TreeNode { value: u32; children: TreeNode[] }',
          'type List = { head: u64; next: List | null };',
          'interface Member { balance: u128; referrer: Member | null; friends: Map<ActorId, Member> }',
          'interface Node<T> { v: T; kids: Node<T>[] }',
          'type Pair = [u8, Pair | null];',
          'interface Outer { inner: Inner }',
          'interface Inner { back: Outer | null; n: u8 }',
        ],
      ),
    ).toEqual([
      {
        name: 'a',
        declared: 'TreeNode',
        shape: { kind: 'object', fields: { value: 'u32', children: { kind: 'array', item: { kind: 'ref', up: 2 } } } },
      },
      {
        name: 'b',
        declared: 'List | null',
        shape: { kind: 'object', fields: { head: 'u64', next: { kind: 'ref', up: 1, nullable: true } }, nullable: true },
      },
      {
        name: 'c',
        declared: 'Map<ActorId, Member>',
        shape: {
          kind: 'map',
          value: {
            kind: 'object',
            fields: {
              balance: 'u128',
              referrer: { kind: 'ref', up: 1, nullable: true },
              friends: { kind: 'map', value: { kind: 'ref', up: 2 } },
            },
          },
        },
      },
      {
        name: 'd',
        declared: 'Node<u16>',
        shape: { kind: 'object', fields: { v: 'u16', kids: { kind: 'array', item: { kind: 'ref', up: 2 } } } },
      },
      { name: 'e', declared: 'Pair', shape: { kind: 'tuple', items: ['u8', { kind: 'ref', up: 1, nullable: true }] } },
      {
        name: 'f',
        declared: 'Outer',
        shape: { kind: 'object', fields: { inner: { kind: 'object', fields: { back: { kind: 'ref', up: 2, nullable: true }, n: 'u8' } } } },
      },
    ]);
  });

  it('reads a recursion through a generic type, and leaves out what leads to no integer', () => {
    expect(
      nestedOf(
        [
          '  a: Tree = { v: 0, kids: { v: [] } };',
          '  b: Named = { name: "", kids: [] };',
          '  c: Nest<u8> = { v: 0, inner: null };',
          '  d: Top = { v: 0, b: { a: null, bs: [] } };',
          '  e: Ring = { next: null, v: 0 };',
        ],
        [
          'interface Box<T> { v: T }',
          'interface Tree { v: u8; kids: Box<Tree[]> }',
          'interface Named { name: string; kids: Named[] }',
          // Polymorphic recursion has no finite shape: the inner Nest is not opened.
          'interface Nest<T> { v: T; inner: Nest<T[]> | null }',
          'interface Top { v: u8; b: Mid }',
          'interface Mid { a: Top | null; bs: Mid[] }',
          'interface Base { v: u8 }',
          'interface Ring extends Base { next: Ring | null }',
        ],
      ),
    ).toEqual([
      {
        name: 'a',
        declared: 'Tree',
        shape: {
          kind: 'object',
          fields: { v: 'u8', kids: { kind: 'object', fields: { v: { kind: 'array', item: { kind: 'ref', up: 3 } } } } },
        },
      },
      { name: 'c', declared: 'Nest<u8>', shape: { kind: 'object', fields: { v: 'u8' } } },
      {
        name: 'd',
        declared: 'Top',
        // Mid has no integer of its own, but leads back to Top's.
        shape: {
          kind: 'object',
          fields: {
            v: 'u8',
            b: {
              kind: 'object',
              fields: { a: { kind: 'ref', up: 2, nullable: true }, bs: { kind: 'array', item: { kind: 'ref', up: 2 } } },
            },
          },
        },
      },
      { name: 'e', declared: 'Ring', shape: { kind: 'object', fields: { v: 'u8', next: { kind: 'ref', up: 1, nullable: true } } } },
    ]);
  });
});

describe('state shapes: generic types', () => {
  it('puts the type arguments in for the parameters of generic aliases, interfaces and classes', () => {
    expect(
      nestedOf(
        [
          '  a: Box<u8> = { v: 0 };',
          '  b: Ledger<Account> = new Map();',
          '  c: Pair<u128> = [0n, 0n];',
          '  d: Box<Box<u16 | null>> | null = null;',
          '  e: Maybe<u32> = { v: null };',
          '  f: Ledger<u128> = new Map();',
          '  g: Keyed<u32, Box<u8>> = new Map();',
          '  h: Box<string> = { v: "" };',
        ],
        [
          'interface Box<T> { v: T }',
          'interface Account { balance: u128 }',
          'type Ledger<T> = Map<ActorId, T>;',
          'type Pair<A, B = u64> = [A, B];',
          'class Maybe<T> { v: T | null = null }',
          'type Keyed<K, V> = Map<K, V>;',
        ],
      ),
    ).toEqual([
      { name: 'a', declared: 'Box<u8>', shape: { kind: 'object', fields: { v: 'u8' } } },
      {
        name: 'b',
        declared: 'Ledger<Account>',
        shape: { kind: 'map', value: { kind: 'object', fields: { balance: 'u128' } } },
      },
      { name: 'c', declared: 'Pair<u128>', shape: { kind: 'tuple', items: ['u128', 'u64'] } },
      {
        name: 'd',
        declared: 'Box<Box<u16 | null>> | null',
        shape: { kind: 'object', fields: { v: { kind: 'object', fields: { v: 'u16 | null' } } }, nullable: true },
      },
      { name: 'e', declared: 'Maybe<u32>', shape: { kind: 'object', fields: { v: 'u32 | null' } } },
      // A top-level collection the element listing cannot read through its alias is listed here.
      { name: 'f', declared: 'Ledger<u128>', shape: { kind: 'map', value: 'u128' } },
      {
        name: 'g',
        declared: 'Keyed<u32, Box<u8>>',
        shape: { kind: 'map', key: 'u32', value: { kind: 'object', fields: { v: 'u8' } } },
      },
    ]);
  });
});
