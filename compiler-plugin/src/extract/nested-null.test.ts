import { describe, expect, it } from 'vitest';
import { EXTRACT_CODES, extractFromSource } from './index.js';

const actor = (types: string[], ...handlers: string[]): string =>
  [
    "import { Actor, actor, type u8 } from '@sprocket/sdk';",
    'export interface W<T> { x: T | null }',
    'export interface V<U> { w: W<U> }',
    'export interface Box<T> { v: T }',
    'export type Maybe<T> = T | null;',
    'export type MaybeU8 = u8 | null;',
    "export type Pick<T> = { kind: 'one'; value: T | null } | { kind: 'two'; value: u8 };",
    ...types,
    '@actor()',
    'export class Nest extends Actor {',
    ...handlers,
    '}',
  ].join('\n');

const found = (source: string) => {
  const result = extractFromSource('nest.ts', source);
  return { result, rows: result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.location.column]) };
};

describe('SPK1036: `| null` on a type that already includes null', () => {
  it('refuses a generic `T | null` field given a nullable type argument, whose TypeScript type and codec disagree', () => {
    // Before, W<u8 | null> was W<Option<u8>> on the wire, x an Option<Option<u8>> decoded as `{ some: u8 | null } | null`,
    // while the handler's own type says `x: u8 | null`.
    const { result, rows } = found(actor([], '  set(w: W<u8 | null>): void {}', '  get(): W<u8 | null> { return { x: null }; }'));
    expect(rows).toEqual([
      ['SPK1036', 'error', 10, 10],
      ['SPK1036', 'error', 11, 10],
    ]);
    const [set] = result.diagnostics;
    expect(set!.message).toBe(
      'Nest.set(w): W.x is `T | null` and T is `u8 | null` here: TypeScript collapses the two `| null` into one, ' +
        'while the wire nests Option<Option<…>>, so the values would not have the type the code declares',
    );
    expect(set!.fix).toBe(
      'pass a type argument without null, or wrap it in an object, `{ some: u8 | null }` (an Option of a struct), so that TypeScript keeps both levels',
    );
    expect(result.manifests).toEqual([]);
  });

  it('follows the type parameter through the generic declarations that pass it on', () => {
    const { result, rows } = found(actor([], '  set(v: V<u8 | null>): void {}'));
    expect(rows).toEqual([['SPK1036', 'error', 10, 10]]);
    expect(result.diagnostics[0]!.message).toContain('Nest.set(v): W.x is `T | null` and U is `u8 | null` here');
  });

  it('refuses a generic tagged union whose variant is `T | null`, given a nullable type argument', () => {
    const { rows } = found(actor([], '  set(p: Pick<u8 | null>): void {}'));
    expect(rows).toEqual([['SPK1036', 'error', 10, 10]]);
  });

  it('refuses the spellings that collapse in TypeScript: an alias of an alias, an alias and null, parentheses', () => {
    const { result, rows } = found(
      actor(
        [],
        '  a(m: Maybe<Maybe<u8>>): void {}',
        '  b(m: MaybeU8 | null): void {}',
        '  c(m: (u8 | null) | null): void {}',
        '  d(m: Maybe<u8 | null>): void {}',
      ),
    );
    expect(rows).toEqual([
      ['SPK1036', 'error', 10, 8],
      ['SPK1036', 'error', 11, 8],
      ['SPK1036', 'error', 12, 8],
      ['SPK1036', 'error', 13, 8],
    ]);
    const [a, , c] = result.diagnostics;
    expect(a!.message).toBe(
      'Nest.a(m): `T | null` (in Maybe) adds null to a type that already includes null: ' +
        'TypeScript collapses the two `| null` into one, so it cannot say Option<Option<…>>',
    );
    expect(a!.fix).toBe(
      'drop one `| null` for a single Option; to keep both levels, wrap the inner option in an object: `{ some: T | null } | null` (an Option of a struct)',
    );
    expect(c!.message).toContain('Nest.c(m): `(u8 | null) | null` adds null to a type that already includes null');
  });

  it('keeps the forms whose TypeScript type is the wire type', () => {
    const { result, rows } = found(
      actor(
        [],
        '  a(w: W<u8>): void {}',
        '  b(b: Box<u8 | null>): void {}',
        '  c(m: Maybe<u8>, n: MaybeU8, o: u8 | null | null): void {}',
        '  d(w: W<{ some: u8 | null }>): void {}',
        '  e(p: Pick<u8>): void {}',
      ),
    );
    expect(rows).toEqual([]);
    const fns = result.manifests[0]!.services[0]!.functions;
    const param = (method: string, i = 0) => fns.find((f) => f.method === method)!.params[i]!.type;
    const optU8 = { kind: 'option', some: { kind: 'primitive', name: 'u8' } };
    expect(param('a')).toEqual({ kind: 'named', name: 'W', args: [{ kind: 'primitive', name: 'u8' }] });
    expect(param('b')).toEqual({ kind: 'named', name: 'Box', args: [optU8] });
    expect([param('c', 0), param('c', 1), param('c', 2)]).toEqual([optU8, optU8, optU8]);
    expect(param('d')).toMatchObject({ kind: 'named', name: 'W', args: [{ kind: 'named' }] });
  });

  it('has a stable code', () => {
    expect(Object.keys(EXTRACT_CODES)).toContain('SPK1036');
  });
});
