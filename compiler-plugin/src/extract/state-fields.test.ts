import { describe, expect, it } from 'vitest';
import { extractFromSource } from './index.js';

// The `state` list the runtime range-checks at commit: integer fields (directly or through aliases) and the integer
// elements of top-level collection fields.
const stateOf = (fields: string[], types: string[] = []): unknown => {
  const source = [
    "import { Actor, actor, type ActorId, type u8, type u32 as U32, type u64, type u128, type i16 } from '@sprocket/sdk';",
    ...types,
    '@actor()',
    'export class Holder extends Actor {',
    ...fields,
    '  ping(): void {}',
    '}',
  ].join('\n');
  const result = extractFromSource('holder.ts', source);
  expect(result.diagnostics).toEqual([]);
  return result.manifests[0]?.actor?.state;
};

describe('state fields: collections of integers', () => {
  it('lists the values and integer keys of a Map, naming the type as declared', () => {
    expect(
      stateOf([
        '  balances = new Map<ActorId, u128>();',
        '  private owed: Map<ActorId, u128> = new Map();',
        '  byId: ReadonlyMap<u64, i16> = new Map();',
        '  names: Map<u8, string> = new Map();',
        '  labels: Map<string, string> = new Map();',
      ]),
    ).toEqual([
      { name: 'balances', type: 'u128', element: 'map-value', declared: 'Map<ActorId, u128>' },
      { name: 'owed', type: 'u128', element: 'map-value', declared: 'Map<ActorId, u128>' },
      { name: 'byId', type: 'u64', element: 'map-key', declared: 'ReadonlyMap<u64, i16>' },
      { name: 'byId', type: 'i16', element: 'map-value', declared: 'ReadonlyMap<u64, i16>' },
      { name: 'names', type: 'u8', element: 'map-key', declared: 'Map<u8, string>' },
    ]);
  });

  it('lists array, Set and record items, nullable items included', () => {
    expect(
      stateOf([
        '  a: u8[] = [];',
        '  b: Array<u64> = [];',
        '  c: readonly u8[] = [];',
        '  d: ReadonlyArray<u8> = [];',
        '  e: Set<u8> = new Set();',
        '  f: (u8 | null)[] = [];',
        '  g: Record<string, u64> = {};',
        '  h: { [k: string]: u8 } = {};',
        '  i: u8[] | null = null;',
      ]),
    ).toEqual([
      { name: 'a', type: 'u8', element: 'array-item', declared: 'u8[]' },
      { name: 'b', type: 'u64', element: 'array-item', declared: 'Array<u64>' },
      { name: 'c', type: 'u8', element: 'array-item', declared: 'readonly u8[]' },
      { name: 'd', type: 'u8', element: 'array-item', declared: 'ReadonlyArray<u8>' },
      { name: 'e', type: 'u8', element: 'set-item', declared: 'Set<u8>' },
      { name: 'f', type: 'u8 | null', element: 'array-item', declared: '(u8 | null)[]' },
      { name: 'g', type: 'u64', element: 'record-value', declared: 'Record<string, u64>' },
      { name: 'h', type: 'u8', element: 'record-value', declared: '{ [k: string]: u8 }' },
      { name: 'i', type: 'u8', element: 'array-item', declared: 'u8[] | null' },
    ]);
  });

  it('leaves out nested collections, objects, tuples and non-integer items', () => {
    expect(
      stateOf([
        '  a: Map<ActorId, u8[]> = new Map();',
        '  b: u8[][] = [];',
        '  c: { x: u8 } = { x: 0 };',
        '  d: [u8, u8] = [0, 0];',
        '  e: string[] = [];',
        '  f: Set<ActorId> = new Set();',
        '  g: (u8 | string)[] = [];',
        '  h = new Map();',
        '  i = new Set<string>();',
        '  j = [] as u8[];',
      ]),
    ).toBeUndefined();
  });

  it('leaves out elements that may be undefined (the list cannot say so), keeping an optional collection field', () => {
    expect(
      stateOf(
        [
          '  a: (u8 | undefined)[] = [];',
          '  b: Map<string, u32 | undefined> = new Map();',
          '  c = new Map<u64 | undefined, string>();',
          '  d: { [k: string]: u8 | undefined } = {};',
          '  e: Set<Maybe> = new Set();',
          '  f?: u8[];',
        ],
        ['type Maybe = u8 | null | undefined;'],
      ),
    ).toEqual([{ name: 'f', type: 'u8', element: 'array-item', declared: 'u8[]' }]);
  });
});

describe('state fields: type aliases', () => {
  it('lists a field typed through an alias as its integer type, a nullable one included', () => {
    expect(
      stateOf(
        ['  best: Score = null;', '  total: Amount = 0n;', '  maybe?: Amount;', '  deep: Deeper = 0n;', '  renamed: U32 = 0;'],
        ['type Score = u8 | null;', 'type Amount = u128;', 'type Deep = Amount;', 'type Deeper = Deep | undefined;'],
      ),
    ).toEqual([
      { name: 'best', type: 'u8 | null' },
      { name: 'total', type: 'u128' },
      { name: 'maybe', type: 'u128' },
      { name: 'deep', type: 'u128' },
      { name: 'renamed', type: 'u32' },
    ]);
  });

  it('reads collections and their elements through aliases', () => {
    expect(
      stateOf(
        ['  ledger: Ledger = new Map();', '  scores: Amount[] = [];', '  built = new Set<Amount>();'],
        ['type Amount = u128;', 'type Ledger = Map<ActorId, Amount>;'],
      ),
    ).toEqual([
      { name: 'ledger', type: 'u128', element: 'map-value', declared: 'Ledger' },
      { name: 'scores', type: 'u128', element: 'array-item', declared: 'Amount[]' },
      { name: 'built', type: 'u128', element: 'set-item', declared: 'Set<Amount>' },
    ]);
  });

  it('does not open generic aliases or loop on a cycle', () => {
    expect(
      stateOf(
        ['  a: Maybe<u8> = null;', "  b: Id = 'x';", '  c: Loop1 = 0;'],
        ['type Maybe<T> = T | null;', 'type Id = string;', 'type Loop1 = Loop2;', 'type Loop2 = Loop1;'],
      ),
    ).toBeUndefined();
  });
});

describe('state fields: integers', () => {
  it('lists a nullable integer field with its null, so the runtime lets null pass and checks the number', () => {
    expect(stateOf(['  best: u8 | null = null;', '  total: (null | u64) = null;', '  low: i16 | null | undefined = null;'])).toEqual([
      { name: 'best', type: 'u8 | null' },
      { name: 'total', type: 'u64 | null' },
      { name: 'low', type: 'i16 | null' },
    ]);
  });

  it('lists an optional integer field, or one that may be undefined, as the plain integer (an unset field is skipped)', () => {
    expect(stateOf(['  count?: u8;', '  last: u64 | undefined = undefined;', '  plain: u8 = 0;'])).toEqual([
      { name: 'count', type: 'u8' },
      { name: 'last', type: 'u64' },
      { name: 'plain', type: 'u8' },
    ]);
  });

  it('leaves out unions of other types and objects, which it has no single range for', () => {
    expect(stateOf(["  label: u8 | 'none' = 0;", '  pair: { a: u8 } = { a: 0 };', '  nothing: null = null;'])).toBeUndefined();
  });
});

describe('state fields: base classes', () => {
  it('lists the fields of the classes between the actor and Actor, a redeclared one as the subclass declares it', () => {
    const source = [
      "import { Actor, actor, type u8, type u16, type u64 } from '@sprocket/sdk';",
      'abstract class Counted extends Actor {',
      '  count: u64 = 0n;',
      '  level: u8 = 0;',
      '  static made: u8 = 0;',
      '}',
      'abstract class Scored<T> extends Counted {',
      '  scores: u16[] = [];',
      '  extra: T | null = null;',
      '}',
      '@actor()',
      'export class Game extends Scored<u8> {',
      '  level: u16 = 0;',
      '  ping(): void {}',
      '}',
    ].join('\n');
    const result = extractFromSource('game.ts', source);
    expect(result.diagnostics).toEqual([]);
    expect(result.manifests[0]?.actor?.state).toEqual([
      { name: 'level', type: 'u16' },
      { name: 'scores', type: 'u16', element: 'array-item', declared: 'u16[]' },
      { name: 'count', type: 'u64' },
    ]);
  });
});
