import { describe, expect, it } from 'vitest';
import { extractFromSource } from './index.js';

// An actor that extends a user base class: the base's public methods are reached through the prototype at run time
// like the actor's own, so they are routes, and events the base leaves generic are the ones the actor binds.
const source = [
  "import { Actor, actor, handler, query, type u8, type u32 } from '@sprocket/sdk';",
  'export interface BaseEvents { Pinged: u32 }',
  'export abstract class Base<E extends BaseEvents = BaseEvents> extends Actor<E> {',
  '  count: u32 = 0;',
  '  ping(n: u32): u32 { return n; }',
  '  @query() getCount(): u32 { return this.count; }',
  '  bump(by: u8): void {}',
  '  abstract reset(): void;',
  '  private helper(n: number): void {}',
  '  static make(n: number): void {}',
  '  _hidden(n: number): void {}',
  '}',
  'export abstract class Mid<E extends BaseEvents> extends Base<E> {',
  '  bump(by: u32): void {}',
  '}',
  'interface ChildEvents extends BaseEvents { Reset: void }',
  '@actor()',
  'export class Child extends Mid<ChildEvents> {',
  '  reset(): void {}',
  '  @handler({ route: "Twice" }) twice(n: u32): u32 { return n * 2; }',
  '}',
  '@actor()',
  'export class Plain extends Base {',
  '  reset(): void {}',
  '}',
].join('\n');

describe('extract: handlers and events inherited from a base class', () => {
  const result = extractFromSource('child.ts', source);
  const byName = new Map(result.manifests.map((m) => [m.program?.name, m.services[0]]));

  it('lists the public methods of every base class, an override as the nearest class declares it', () => {
    expect(result.diagnostics).toEqual([]);
    const child = byName.get('Child');
    expect(child?.functions.map((f) => [f.name, f.method, f.kind, f.params.map((p) => p.type)])).toEqual([
      ['Bump', 'bump', 'command', [{ kind: 'primitive', name: 'u32' }]],
      ['GetCount', 'getCount', 'query', []],
      ['Ping', 'ping', 'command', [{ kind: 'primitive', name: 'u32' }]],
      ['Reset', 'reset', 'command', []],
      ['Twice', 'twice', 'command', [{ kind: 'primitive', name: 'u32' }]],
    ]);
  });

  it('reads events a base passes on as a type parameter from the type argument the actor gives, else the default', () => {
    expect(byName.get('Child')?.events.map((e) => e.name)).toEqual(['Pinged', 'Reset']);
    expect(byName.get('Plain')?.events.map((e) => e.name)).toEqual(['Pinged']);
    expect(byName.get('Plain')?.functions.map((f) => f.name)).toEqual(['Bump', 'GetCount', 'Ping', 'Reset']);
  });

  it('reports a mistake in an inherited handler at the base class, where it is written', () => {
    const bad = extractFromSource(
      'bad.ts',
      [
        "import { Actor, actor } from '@sprocket/sdk';",
        'abstract class Base extends Actor {',
        '  scale(n: number): void {}',
        '}',
        '@actor()',
        'export class Child extends Base {}',
      ].join('\n'),
    );
    expect(bad.diagnostics.map((d) => [d.code, d.location.line, d.message])).toEqual([
      ['SPK1001', 3, expect.stringContaining('Child.scale(n)')],
    ]);
  });
});
