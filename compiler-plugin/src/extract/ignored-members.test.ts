import { describe, expect, it } from 'vitest';
import { EXTRACT_CODES, extractFromSource } from './index.js';

const tally = (...body: string[]): string =>
  [
    "import { Actor, actor, init, query, type u32 } from '@sprocket/sdk';",
    '@actor()',
    'export class Tally extends Actor {',
    '  private count: u32 = 0;',
    ...body,
    '  @query() value(): u32 { return this.count; }',
    '}',
  ].join('\n');

const found = (source: string) => {
  const result = extractFromSource('tally.ts', source);
  return { result, rows: result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.location.column]) };
};

describe('SPK1033: an accessor of an actor is not a route', () => {
  it('warns about a public getter and setter where they are written, naming the method to write instead', () => {
    const { result, rows } = found(tally('  get total(): u32 { return this.count; }', '  set total(value: u32) { this.count = value; }'));
    expect(rows).toEqual([
      ['SPK1033', 'warning', 5, 7],
      ['SPK1033', 'warning', 6, 7],
    ]);
    const [getter, setter] = result.diagnostics;
    expect(getter!.message).toBe(
      'Tally.total: a get accessor is not a message handler, so no route reads it (only public methods are routes)',
    );
    expect(getter!.fix).toBe(
      'to expose it, replace it with a method: `@query() total(): u32 { … }` (route Total); to keep it a helper, make it private',
    );
    expect(setter!.message).toBe(
      'Tally.total: a set accessor is not a message handler, so no route writes it (only public methods are routes)',
    );
    expect(setter!.fix).toBe(
      'to expose it, replace it with a method: `setTotal(value: u32): void { … }` (route SetTotal); to keep it a helper, make it private',
    );
    // A warning: the actor is still extracted, with its routes only.
    expect(result.manifests[0]?.services[0]?.functions.map((f) => f.name)).toEqual(['Value']);
  });

  it('leaves helpers alone: private, protected, #private, _-prefixed and static accessors', () => {
    const { rows } = found(
      tally(
        '  private get a(): u32 { return this.count; }',
        '  protected get b(): u32 { return this.count; }',
        '  get #c(): u32 { return this.count; }',
        '  get _d(): u32 { return this.count; }',
        '  static get e(): u32 { return 1; }',
        '  add(x: u32): u32 { this.count += x + this.a + this.b + this.#c + this._d; return this.count; }',
      ),
    );
    expect(rows).toEqual([]);
  });

  it('leaves a decorated accessor to SPK1012 (one diagnostic, an error)', () => {
    const { rows } = found(tally('  @query() get total(): u32 { return this.count; }'));
    expect(rows).toEqual([['SPK1012', 'error', 5, 3]]);
  });

  it('does not look at classes that are not actors', () => {
    const { rows } = found(tally().concat('\nexport class Plain { get total(): number { return 1; } }'));
    expect(rows).toEqual([]);
  });
});

describe('SPK1034: a parameter default never applies', () => {
  it('warns at the default value of a handler and a constructor parameter, with the Option form to write', () => {
    const { result, rows } = found(
      tally(
        '  @init() create(start: u32 = 5): void { this.count = start; }',
        '  add(value: u32, times: u32 = 1): u32 { this.count += value * times; return this.count; }',
        '  bump(by: u32 | null = 2): u32 { this.count += by ?? 2; return this.count; }',
      ),
    );
    expect(rows).toEqual([
      ['SPK1034', 'warning', 5, 31],
      ['SPK1034', 'warning', 6, 32],
      ['SPK1034', 'warning', 7, 25],
    ]);
    const [ctor, add, bump] = result.diagnostics;
    expect(add!.message).toBe(
      'Tally.add(times): the default value `1` never applies: every call carries all arguments on the wire, so a caller always passes `times`',
    );
    expect(add!.fix).toBe(
      'remove the default; to let callers leave the value out, take `times: u32 | null` (Option on the wire), have them pass null, and use `times ?? 1` in the body',
    );
    expect(ctor!.message).toContain('Tally.create(start): the default value `5` never applies');
    expect(bump!.fix).toContain('take `by: u32 | null` (Option on the wire)');
    // The handlers keep every parameter on the wire.
    const add2 = result.manifests[0]?.services[0]?.functions.find((f) => f.method === 'add');
    expect(add2?.params.map((p) => p.name)).toEqual(['value', 'times']);
  });

  it('does not warn about defaults in helpers, which are no routes', () => {
    const { rows } = found(tally('  private step(by: u32 = 1): u32 { return by; }', '  add(): u32 { return this.step(); }'));
    expect(rows).toEqual([]);
  });

  it('has stable codes', () => {
    expect(Object.keys(EXTRACT_CODES)).toEqual(expect.arrayContaining(['SPK1033', 'SPK1034']));
  });
});

describe('extract: computed method names', () => {
  const source = [
    "import { Actor, actor, handler, type u32 } from '@sprocket/sdk';",
    "const SUB = 'sub';",
    "const SECRET = Symbol('secret');",
    'let runtime = "x" as string;',
    'abstract class Base extends Actor { [SECRET](): void {} }',
    '@actor()',
    'export class Calc extends Base {',
    "  ['add'](n: u32): u32 { return n; }",
    '  [`mul`](n: u32): u32 { return n; }',
    '  [SUB](n: u32): u32 { return n; }',
    '  [runtime](): void {}',
    '  private [Symbol.iterator](): void {}',
    "  ['_helper'](): void {}",
    '}',
    'class Helper { [Symbol.iterator]() {} }',
    '@actor()',
    'export class Bad extends Actor { @handler() [SECRET](): void {} }',
  ].join('\n');
  const result = extractFromSource('calc.ts', source);

  it('makes a name TypeScript knows as one string a route, like a plain name', () => {
    const calc = result.manifests.find((m) => m.program?.name === 'Calc');
    expect(calc?.services[0]?.functions.map((f) => [f.name, f.method])).toEqual([
      ['Add', 'add'],
      ['Mul', 'mul'],
      ['Sub', 'sub'],
    ]);
  });

  it('warns at a public method named by a symbol or a run-time string, in the actor or its base, and nowhere else', () => {
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.message])).toEqual([
      ['SPK1039', 'warning', 5, expect.stringContaining('Calc.[SECRET]: a public method named by a symbol')],
      ['SPK1039', 'warning', 11, expect.stringContaining('Calc.[runtime]')],
      ['SPK1012', 'error', 17, expect.stringContaining('Bad.[SECRET]: @handler() is on a method that is named by a symbol')],
    ]);
  });
});

describe('extract: a property holding a function (SPK1040)', () => {
  it('warns at each public one, in the actor or its base, with the method to write, and at no private or static one', () => {
    const result = extractFromSource(
      'fn-props.ts',
      [
        "import { Actor, actor, type u32 } from '@sprocket/sdk';",
        'abstract class Base extends Actor { ping = function (): void {}; }',
        '@actor()',
        'export class Calc extends Base {',
        '  add = (n: u32): u32 => n;',
        '  scale: (n: u32) => u32 = (n) => n;',
        '  private helper = (n: u32): u32 => n;',
        '  static make = (): void => {};',
        '}',
      ].join('\n'),
    );
    expect(result.manifests[0]?.services[0]?.functions).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.fix])).toEqual([
      ['SPK1040', 'warning', 2, expect.stringContaining('`ping()')],
      ['SPK1040', 'warning', 5, 'write it as a method: `add(n: u32): u32 { … }` (route Add); for a helper, a private method'],
      ['SPK1040', 'warning', 6, expect.stringContaining('`scale(n)')],
    ]);
  });
});

describe('extract: an accessor of a base class', () => {
  it('warns at it too (SPK1033): the actor inherits no route from it', () => {
    const result = extractFromSource(
      'base-getter.ts',
      [
        "import { Actor, actor, type u32 } from '@sprocket/sdk';",
        'abstract class Base extends Actor {',
        '  get size(): u32 { return 0; }',
        '}',
        '@actor()',
        'export class Calc extends Base {}',
      ].join('\n'),
    );
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.message])).toEqual([
      ['SPK1033', 'warning', 3, expect.stringContaining('Calc.size: a get accessor is not a message handler')],
    ]);
  });
});

describe('extract: an optional method without a body', () => {
  it('is reported as such, not as an overload', () => {
    const result = extractFromSource(
      'optional-method.ts',
      [
        "import { Actor, actor, type u32 } from '@sprocket/sdk';",
        '@actor()',
        'export class Calc extends Actor {',
        '  add?(n: u32): u32;',
        '}',
      ].join('\n'),
    );
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.message])).toEqual([
      ['SPK1022', 4, 'Calc.add: an optional method without a body is no handler (nothing runs for its route)'],
    ]);
  });
});
