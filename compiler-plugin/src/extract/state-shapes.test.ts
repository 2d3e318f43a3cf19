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

  it('does not open types that refer to themselves, optional or rest tuple items, or elements that may be undefined', () => {
    expect(
      nestedOf(
        [
          '  b: Tree = { v: 0, kids: [] };',
          '  c: [u8?] = [];',
          '  d: [string, ...u8[]] = [""];',
          '  e: ({ x: u8 } | undefined)[] = [];',
          '  f: Node<u16> = { v: 0, kids: [] };',
        ],
        ['interface Tree { v: u8; kids: Tree[] }', 'interface Node<T> { v: T; kids: Node<T>[] }'],
      ),
    ).toEqual([
      { name: 'b', declared: 'Tree', shape: { kind: 'object', fields: { v: 'u8' } } },
      { name: 'f', declared: 'Node<u16>', shape: { kind: 'object', fields: { v: 'u16' } } },
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
