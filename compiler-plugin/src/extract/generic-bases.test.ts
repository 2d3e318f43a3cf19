import { describe, expect, it } from 'vitest';
import { extractFromSource } from './index.js';

// Handlers and events inherited from a generic base class take the types the subclasses give its type parameters,
// through every level of the extends chain.
const source = [
  "import { Actor, actor, type u8, type u16, type u32 } from '@sprocket/sdk';",
  'interface StoreEvents<T> { Put: T }',
  'abstract class Store<T> extends Actor<StoreEvents<T>> {',
  '  put(x: T): void { this.emit("Put", x); }',
  '  all(): T[] { return []; }',
  '  last() { return this.all().pop() ?? null; }',
  '}',
  '@actor() export class Nums extends Store<u32> {}',
  'abstract class Lists<U> extends Store<U[]> { one(u: U): U { return u; } }',
  '@actor() export class Shorts extends Lists<u16> {}',
  'abstract class Named<T = string> extends Store<T> {}',
  '@actor() export class Names extends Named {}',
].join('\n');

const brief = (f: { name: string; params: readonly { type: unknown }[]; returns: unknown }) => [
  f.name,
  f.params.map((p) => p.type),
  f.returns,
];
const u16 = { kind: 'primitive', name: 'u16' };
const vec = (item: unknown) => ({ kind: 'vec', item });

describe('extract: handlers and events of a generic base class', () => {
  const result = extractFromSource('store.ts', source);
  const byName = new Map(result.manifests.map((m) => [m.program?.name, m.services[0]]));

  it('substitutes the type argument of the actor for the parameter, in handlers, inferred returns and events', () => {
    expect(result.diagnostics).toEqual([]);
    const u32 = { kind: 'primitive', name: 'u32' };
    expect(byName.get('Nums')?.functions.map(brief)).toEqual([
      ['All', [], vec(u32)],
      ['Last', [], { kind: 'option', some: u32 }],
      ['Put', [u32], { kind: 'tuple', items: [] }],
    ]);
    expect(byName.get('Nums')?.events).toEqual([{ name: 'Put', fields: [{ type: u32 }], entryId: 0 }]);
  });

  it('resolves a parameter bound to another parameter through two levels, and a default', () => {
    expect(byName.get('Shorts')?.functions.map(brief)).toEqual([
      ['All', [], vec(vec(u16))],
      ['Last', [], { kind: 'option', some: vec(u16) }],
      ['One', [u16], u16],
      ['Put', [vec(u16)], { kind: 'tuple', items: [] }],
    ]);
    expect(byName.get('Shorts')?.events?.[0]?.fields).toEqual([{ type: vec(u16) }]);
    expect(byName.get('Names')?.functions.find((f) => f.name === 'Put')?.params[0]?.type).toEqual({ kind: 'primitive', name: 'String' });
  });

  it('says where a parameter is left unbound or bound to what has no wire form, once, with a fix', () => {
    const bad = extractFromSource(
      'bad.ts',
      [
        "import { Actor, actor, type u8 } from '@sprocket/sdk';",
        'abstract class Store<T> extends Actor { put(x: T): void {} all(): T[] { return []; } }',
        'abstract class Lists<U> extends Store<U[]> {}',
        '@actor() export class Bytes extends Lists<u8> {}',
        '@actor() export class Floats extends Store<number> {}',
        '@actor() export class Open<T> extends Store<T> {}',
        'abstract class Gen extends Actor { pick<X>(x: X): void {} }',
      ].join('\n'),
    );
    expect(bad.diagnostics.map((d) => [d.code, d.location.line, d.message, d.fix])).toEqual([
      [
        'SPK1032',
        3,
        expect.stringContaining('Bytes: Lists extends Store<U[]> (T): `U[]` with U = u8 is bytes'),
        expect.stringContaining('bind U to another type'),
      ],
      ['SPK1001', 5, expect.stringContaining('Floats: Floats extends Store<number> (T)'), expect.any(String)],
      [
        'SPK1019',
        6,
        expect.stringContaining('type parameter `T` of the actor class Open'),
        expect.stringContaining('class Nums extends Open<u32>'),
      ],
      ['SPK1019', 7, 'Gen.pick: a generic handler has no wire form', expect.any(String)],
    ]);
    expect(bad.manifests).toEqual([]);
  });

  it('drops every actor that extends a faulty base class, not only the first one reported', () => {
    const bad = extractFromSource(
      'twice.ts',
      [
        "import { Actor, actor } from '@sprocket/sdk';",
        'abstract class Base extends Actor { scale(n: number): void {} }',
        '@actor() export class One extends Base {}',
        '@actor() export class Two extends Base {}',
      ].join('\n'),
    );
    expect(bad.diagnostics.map((d) => [d.code, d.location.line])).toEqual([['SPK1001', 2]]);
    expect(bad.manifests).toEqual([]);
  });
});
