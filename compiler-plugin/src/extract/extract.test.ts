import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, ServiceDef } from '../manifest/types.js';
import { EXTRACT_CODES, Extractor, extractFromFiles, extractFromSource } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const fixtures = join(here, '__fixtures__');
const rel = (p: string): string => `compiler-plugin/src/extract/__fixtures__/${p}`;

// One extractor for all fixture files, as `sprocket gen` uses one project for a whole run.
const extractor = new Extractor({ rootDir: repo });

function only(file: string): Manifest {
  const result = extractor.extract([join(fixtures, file)]);
  expect(result.diagnostics).toEqual([]);
  expect(result.manifests).toHaveLength(1);
  return result.manifests[0]!;
}

function service(m: Manifest): ServiceDef {
  return m.services[0]!;
}

describe('extract: Counter (DESIGN.md section 1)', () => {
  const result = extractor.extract([join(fixtures, 'ok/counter.ts')]);
  const counter = result.manifests.find((m) => m.actor?.className === 'Counter')!;

  it('extracts both actors of the file without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.manifests.map((m) => m.actor?.className)).toEqual(['Counter', 'Relay']);
    expect(counter.source).toBe(rel('ok/counter.ts'));
  });

  it('has functions Add/Sub/Value with entry ids 0/1/2 and their kinds', () => {
    const fns = service(counter).functions;
    expect(fns.map((f) => [f.name, f.method, f.kind, f.entryId, f.payable])).toEqual([
      ['Add', 'add', 'command', 0, false],
      ['Sub', 'sub', 'command', 1, false],
      ['Value', 'value', 'query', 2, false],
    ]);
    expect(fns[0]!.params).toEqual([{ name: 'value', type: { kind: 'primitive', name: 'u32' } }]);
    expect(fns[0]!.returns).toEqual({ kind: 'primitive', name: 'u32' });
    expect(fns[0]!.location).toEqual({ file: rel('ok/counter.ts'), line: 11, column: 3 });
  });

  it('has events Added(u32) and Subtracted(u32)', () => {
    expect(service(counter).events).toEqual([
      { name: 'Added', fields: [{ type: { kind: 'primitive', name: 'u32' } }], entryId: 0 },
      { name: 'Subtracted', fields: [{ type: { kind: 'primitive', name: 'u32' } }], entryId: 1 },
    ]);
  });

  it('has the constructor New(start: Option<u32>) and one service on route 1', () => {
    expect(counter.program?.constructors.map((c) => ({ name: c.name, method: c.method, params: c.params, entryId: c.entryId }))).toEqual([
      {
        name: 'New',
        method: 'new',
        params: [{ name: 'start', type: { kind: 'option', some: { kind: 'primitive', name: 'u32' } } }],
        entryId: 0,
      },
    ]);
    expect(counter.program?.services).toEqual([{ name: 'Counter', service: 'Counter', route: 1 }]);
    expect(counter.actor).toEqual({ className: 'Counter', exclusive: false, state: [{ name: 'count', type: 'u32' }], fields: ['count'] });
  });

  it('has the interface id of the Sails demo Counter', () => {
    expect(service(counter).interfaceId).toBe('0x579d6daba41b7d82');
  });

  it('unwraps Promise<T> and gives an actor without @init no constructors', () => {
    const relay = result.manifests.find((m) => m.actor?.className === 'Relay')!;
    expect(relay.program?.constructors).toEqual([]);
    const addTo = service(relay).functions[0]!;
    expect(addTo.name).toBe('AddTo');
    expect(addTo.params.map((p) => p.type)).toEqual([
      { kind: 'primitive', name: 'ActorId' },
      { kind: 'primitive', name: 'u32' },
    ]);
    expect(addTo.returns).toEqual({ kind: 'primitive', name: 'u32' });
    expect(service(relay).events).toEqual([]);
  });
});

describe('extract: token', () => {
  const token = only('ok/token.ts');
  const svc = service(token);

  it('maps Map<ActorId, u128>, a struct argument, Result and a string-literal enum', () => {
    const byName = new Map(svc.functions.map((f) => [f.name, f]));
    expect(byName.get('Balances')!.returns).toEqual({
      kind: 'map',
      key: { kind: 'primitive', name: 'ActorId' },
      value: { kind: 'primitive', name: 'u128' },
    });
    expect(byName.get('Transfer')!.params).toEqual([{ name: 'args', type: { kind: 'named', name: 'TransferArgs' } }]);
    expect(byName.get('Transfer')!.returns).toEqual({
      kind: 'result',
      ok: { kind: 'primitive', name: 'bool' },
      err: { kind: 'named', name: 'TokenError' },
    });
    expect(byName.get('Mint')!.returns).toEqual({ kind: 'tuple', items: [] });
    expect(svc.functions.map((f) => f.name)).toEqual(['BalanceOf', 'Balances', 'Mint', 'Transfer']);
    expect(svc.types).toEqual([
      {
        kind: 'struct',
        name: 'TransferArgs',
        fields: [
          { name: 'to', type: { kind: 'primitive', name: 'ActorId' } },
          { name: 'amount', type: { kind: 'primitive', name: 'u128' } },
        ],
      },
      {
        kind: 'enum',
        name: 'TokenError',
        variants: [
          { name: 'InsufficientBalance', fields: [] },
          { name: 'Unauthorized', fields: [] },
        ],
      },
    ]);
  });

  it('gives object event payloads named fields', () => {
    expect(svc.events.map((e) => [e.name, e.fields.map((f) => f.name)])).toEqual([
      ['Transferred', ['from', 'to', 'amount']],
      ['Minted', ['to', 'amount']],
    ]);
  });
});

describe('extract: every wire type (kitchen sink)', () => {
  const sink = only('ok/kitchen-sink.ts');
  const svc = service(sink);
  const fn = (name: string) => svc.functions.find((f) => f.name === name)!;
  const type = (name: string) => svc.types.find((t) => t.name === name)!;

  it('matches the manifest snapshot', async () => {
    await expect(`${JSON.stringify(sink, null, 2)}\n`).toMatchFileSnapshot('__snapshots__/kitchen-sink.manifest.json');
  });

  it('reads @actor and @handler options', () => {
    expect(sink.program?.name).toBe('Sink');
    expect(sink.actor).toEqual({
      className: 'KitchenSink',
      exclusive: true,
      fields: ['store'],
      nested: [
        {
          name: 'store',
          declared: 'Map<string, Point>',
          shape: { kind: 'map', value: { kind: 'object', fields: { x: 'u32', y: 'u32' } } },
        },
      ],
    });
    expect(fn('Ints').payable).toBe(true);
    expect(sink.program?.constructors.map((c) => [c.name, c.entryId])).toEqual([
      ['Create', 0],
      ['WithSeed', 1],
    ]);
    expect(fn('StorePoint').method).toBe('store_point');
  });

  it('skips private, protected, #private, _-prefixed, static members, accessors and the constructor', () => {
    expect(svc.functions.map((f) => f.method).sort()).toEqual(
      [
        'blobs',
        'collections',
        'enums',
        'generics',
        'ids',
        'inferredBool',
        'inferredString',
        'inferredVoid',
        'inline',
        'ints',
        'options',
        'order',
        'peek',
        'store_point',
      ].sort(),
    );
  });

  it('maps ids, bytes, Compact, FixedBytes, FixedArray, tuples, Map and Option', () => {
    expect(fn('Blobs').params.map((p) => p.type)).toEqual([
      { kind: 'vec', item: { kind: 'primitive', name: 'u8' } },
      { kind: 'vec', item: { kind: 'primitive', name: 'u8' } },
      { kind: 'array', item: { kind: 'primitive', name: 'u16' }, length: 4 },
      { kind: 'compact', inner: { kind: 'primitive', name: 'u64' } },
    ]);
    expect(sink.program!.constructors[1]!.params[0]!.type).toEqual({ kind: 'array', item: { kind: 'primitive', name: 'u8' }, length: 32 });
    expect(fn('Collections').params[2]!.type).toEqual({
      kind: 'tuple',
      items: [
        { kind: 'primitive', name: 'u8' },
        { kind: 'primitive', name: 'String' },
        { kind: 'tuple', items: [{ kind: 'primitive', name: 'bool' }] },
      ],
    });
    expect(fn('Ids').returns).toEqual({ kind: 'vec', item: { kind: 'primitive', name: 'ActorId' } });
    expect(fn('Options').params[2]!.type).toEqual({ kind: 'vec', item: { kind: 'option', some: { kind: 'primitive', name: 'String' } } });
    expect(fn('Ints').params.map((p) => (p.type.kind === 'primitive' ? p.type.name : '?'))).toEqual([
      'u8',
      'u16',
      'u32',
      'u64',
      'u128',
      'u256',
      'i8',
      'i16',
      'i32',
      'i64',
      'i128',
    ]);
  });

  it('maps string-literal unions and tagged unions to enums', () => {
    expect(type('Side')).toEqual({
      kind: 'enum',
      name: 'Side',
      variants: [
        { name: 'Buy', fields: [] },
        { name: 'Sell', fields: [] },
      ],
    });
    expect(type('Shape')).toEqual({
      kind: 'enum',
      name: 'Shape',
      variants: [
        { name: 'Circle', fields: [{ type: { kind: 'primitive', name: 'u32' } }] },
        {
          name: 'Rect',
          fields: [
            { name: 'width', type: { kind: 'primitive', name: 'u16' } },
            { name: 'height', type: { kind: 'primitive', name: 'u16' } },
          ],
        },
        { name: 'Empty', fields: [] },
      ],
    });
    expect(type('Motion').kind).toBe('enum');
  });

  it('keeps generic declarations generic and instantiates them with concrete arguments', () => {
    expect(type('Pair')).toEqual({
      kind: 'struct',
      name: 'Pair',
      params: ['A', 'B'],
      fields: [
        { name: 'first', type: { kind: 'param', name: 'A' } },
        { name: 'second', type: { kind: 'param', name: 'B' } },
      ],
    });
    expect(fn('Generics').params[1]!.type).toEqual({
      kind: 'named',
      name: 'Pair',
      args: [
        { kind: 'primitive', name: 'u128' },
        { kind: 'primitive', name: 'u8' },
      ],
    });
    expect(fn('Enums').returns).toEqual({ kind: 'named', name: 'Wrapped', args: [{ kind: 'primitive', name: 'u64' }] });
  });

  it('names inline types deterministically', () => {
    expect(fn('Inline').params.map((p) => p.type)).toEqual([
      { kind: 'named', name: 'InlineArgs' },
      { kind: 'named', name: 'InlineMode' },
    ]);
    expect(fn('Inline').returns).toEqual({ kind: 'named', name: 'InlineReply' });
    expect(fn('Order').returns).toEqual({
      kind: 'result',
      ok: { kind: 'named', name: 'Order' },
      err: { kind: 'named', name: 'OrderReplyErr' },
    });
  });

  it('maps inferred boolean, string and void returns', () => {
    expect(fn('InferredBool').returns).toEqual({ kind: 'primitive', name: 'bool' });
    expect(fn('InferredString').returns).toEqual({ kind: 'primitive', name: 'String' });
    expect(fn('InferredVoid').returns).toEqual({ kind: 'tuple', items: [] });
    expect(fn('Peek').returns).toEqual({ kind: 'option', some: { kind: 'named', name: 'Point' } });
  });

  it('maps event payloads: object → named fields, a written-out tuple → unnamed fields, single type → one field, void/null → none', () => {
    expect(svc.events.map((e) => [e.name, e.fields.map((f) => f.name ?? '_')])).toEqual([
      ['Stored', ['key', 'at']],
      ['Moved', ['x', 'y']],
      ['Reset', []],
      ['Cleared', []],
      ['Amount', ['_']],
      ['Flags', ['_', '_']],
    ]);
    expect(svc.events[0]!.docs).toEqual(['Something was stored.']);
  });

  it('collects named types in first-use order', () => {
    expect(svc.types.map((t) => t.name)).toEqual([
      'Point',
      'Segment',
      'Side',
      'Shape',
      'Motion',
      'Wrapped',
      'Pair',
      'InlineArgs',
      'InlineArgsB',
      'InlineMode',
      'InlineReply',
      'Order',
      'OrderReplyErr',
    ]);
  });

  it('is deterministic', () => {
    const again = new Extractor({ rootDir: repo }).extract([join(fixtures, 'ok/kitchen-sink.ts')]);
    expect(JSON.stringify(again.manifests[0])).toBe(JSON.stringify(sink));
  });
});

describe('extract: generics through aliases and events', () => {
  const store = only('ok/generic-events.ts');
  const svc = service(store);

  it('expands transparent generic aliases and makes inline types of generic declarations generic', () => {
    expect(svc.functions[0]!.params[0]!.type).toEqual({
      kind: 'named',
      name: 'Entry',
      args: [
        { kind: 'primitive', name: 'String' },
        { kind: 'vec', item: { kind: 'primitive', name: 'u32' } },
      ],
    });
    expect(svc.functions[0]!.returns).toEqual({
      kind: 'vec',
      item: {
        kind: 'named',
        name: 'Entry',
        args: [
          { kind: 'primitive', name: 'u32' },
          { kind: 'primitive', name: 'u32' },
        ],
      },
    });
    expect(svc.types.find((t) => t.name === 'BoxInner')).toEqual({
      kind: 'struct',
      name: 'BoxInner',
      params: ['T'],
      fields: [
        { name: 'item', type: { kind: 'param', name: 'T' } },
        { name: 'count', type: { kind: 'primitive', name: 'u32' } },
      ],
    });
    expect(svc.events.map((e) => [e.name, e.fields])).toEqual([
      [
        'Put',
        [
          { name: 'key', type: { kind: 'primitive', name: 'String' } },
          { name: 'value', type: { kind: 'primitive', name: 'u32' } },
        ],
      ],
      ['Boxes', [{ type: { kind: 'vec', item: { kind: 'named', name: 'Box', args: [{ kind: 'primitive', name: 'String' }] } } }]],
    ]);
  });
});

// One compile-fail fixture per diagnostic: [file, code, line, column].
const FAILURES: readonly [string, string, number, number][] = [
  ['number.ts', 'SPK1001', 5, 14],
  ['bigint.ts', 'SPK1002', 5, 20],
  ['any.ts', 'SPK1003', 6, 14],
  ['unknown.ts', 'SPK1004', 5, 14],
  ['object.ts', 'SPK1005', 5, 14],
  ['function.ts', 'SPK1006', 5, 17],
  ['date.ts', 'SPK1007', 4, 7],
  ['class-instance.ts', 'SPK1008', 12, 15],
  ['optional.ts', 'SPK1009', 4, 3],
  ['inferred-number.ts', 'SPK1010', 7, 12],
  ['duplicate-route.ts', 'SPK1011', 7, 3],
  ['decorator-not-method.ts', 'SPK1012', 5, 3],
  ['not-actor.ts', 'SPK1013', 4, 14],
  ['events.ts', 'SPK1014', 4, 3],
  ['union.ts', 'SPK1015', 5, 14],
  ['recursive.ts', 'SPK1016', 5, 13],
  ['init-query.ts', 'SPK1017', 5, 11],
  ['decorator-options.ts', 'SPK1018', 7, 21],
  ['unsupported.ts', 'SPK1019', 5, 13],
  ['missing-annotation.ts', 'SPK1020', 6, 7],
  ['rest-param.ts', 'SPK1021', 5, 7],
  ['overload.ts', 'SPK1022', 5, 3],
  ['invalid-name.ts', 'SPK1024', 5, 3],
  // A parameter name is written into the IDL, whose `Param` is an ASCII identifier (`$value` does not parse in Sails).
  ['invalid-param-name.ts', 'SPK1024', 5, 7],
  // A route taken from a quoted or non-ASCII method name reaches the IDL, which would not parse back.
  ['invalid-method-name.ts', 'SPK1024', 5, 3],
  ['type-args.ts', 'SPK1025', 5, 25],
  ['unit-tagged.ts', 'SPK1026', 3, 13],
  ['throws-no-result.ts', 'SPK1027', 6, 3],
  ['init-throws-no-result.ts', 'SPK1027', 7, 3],
  ['unawaited.ts', 'SPK1028', 9, 15],
  ['u8-array.ts', 'SPK1032', 5, 13],
  ['nested-null.ts', 'SPK1036', 7, 13],
  ['client-field.ts', 'SPK1038', 8, 11],
];

describe('extract: diagnostics', () => {
  it.each(FAILURES)('%s reports %s at %i:%i', (file, code, line, column) => {
    const result = extractor.extract([join(fixtures, 'fail', file)]);
    expect(result.manifests).toEqual([]);
    const first = result.diagnostics[0]!;
    expect(first).toMatchObject({ code, severity: 'error', location: { file: rel(`fail/${file}`), line, column } });
    expect(first.message).toMatch(/Calc/);
    expect(first.fix.length).toBeGreaterThan(5);
    expect(Object.keys(EXTRACT_CODES)).toContain(code);
  });

  it('reports every route taken from a method name that is not an ASCII identifier, and none named by an option', () => {
    const result = extractor.extract([join(fixtures, 'fail/invalid-method-name.ts')]);
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.message])).toEqual([
      ['SPK1024', 5, "Calc.add-one: route 'Add-one' (from the method name) is not an identifier"],
      ['SPK1024', 8, "Calc.ÜberAdd: route 'ÜberAdd' (from the method name) is not an identifier"],
    ]);
  });

  it('reports a forgotten await where it is written: a tested promise and a dropped one, not awaited, returned or sent ones', () => {
    const result = extractor.extract([join(fixtures, 'fail/unawaited.ts')]);
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.location.column])).toEqual([
      ['SPK1028', 9, 15],
      ['SPK1028', 15, 5],
      ['SPK1028', 32, 5],
      ['SPK1028', 36, 5],
    ]);
    expect(result.diagnostics[0]!.message).toContain('Calc.move: r holds the promise of');
    expect(result.diagnostics[0]!.fix).toContain('const r = await');
    expect(result.diagnostics[1]!.message).toContain('Calc.notify');
    expect(result.diagnostics[1]!.message).toContain('its reply is dropped');
    expect(result.diagnostics[1]!.fix).toContain('.send');
    // A sleep or an own async method has no reply and no `.send`: the fix is the await alone.
    for (const [d, call] of [
      [result.diagnostics[2]!, 'this.ctx.sleep'],
      [result.diagnostics[3]!, 'this.later'],
    ] as const) {
      expect(d.message).toContain(`the promise of ${call}(...) is not awaited (the handler goes on without waiting for it)`);
      expect(d.fix).toBe(`write \`await ${call}(...)\` (or return it)`);
    }
  });

  it('covers every code with a fixture', () => {
    const covered = new Set([
      ...FAILURES.map((f) => f[1]),
      'SPK1000',
      'SPK1023',
      'SPK1029',
      'SPK1030',
      'SPK1031',
      'SPK1033',
      'SPK1034',
      'SPK1035',
      'SPK1037',
      'SPK1039',
      'SPK1040',
    ]);
    expect([...covered].sort()).toEqual(Object.keys(EXTRACT_CODES).sort());
  });

  it('refuses every array of u8 (bytes on the wire, a Uint8Array at run time) and names the type to write', () => {
    const result = extractor.extract([join(fixtures, 'fail/u8-array.ts')]);
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.location.column, d.fix.split(' ')[1]])).toEqual([
      ['SPK1032', 5, 13, '`Uint8Array`'],
      ['SPK1032', 6, 16, '`FixedBytes<4>`'],
      ['SPK1032', 7, 14, '`Uint8Array`'],
      ['SPK1032', 8, 34, '`Uint8Array`'],
    ]);
    expect(result.diagnostics[0]!.message).toBe(
      'Calc.sum(data): `u8[]` is bytes on the wire, and its value is a Uint8Array, not an array of numbers',
    );
  });

  it('names the field and the fix for a plain number, and reports every undefined-optional', () => {
    const [number] = extractor.extract([join(fixtures, 'fail/number.ts')]).diagnostics;
    expect(number!.message).toBe('Calc.add(value): plain `number` has no wire form (its width and sign are unknown)');
    expect(number!.fix).toMatch(/u32.*@sprocket\/sdk/);
    const optional = extractor.extract([join(fixtures, 'fail/optional.ts')]).diagnostics;
    expect(optional.map((d) => [d.code, d.location.line, d.location.column])).toEqual([
      ['SPK1009', 4, 3],
      ['SPK1009', 5, 18],
      ['SPK1009', 10, 29],
    ]);
    expect(optional[0]!.message).toContain('Config.limit (used by Calc.configure(config))');
  });

  it('warns about a concrete Actor subclass without @actor(), not about abstract or extended bases, and still extracts the rest', () => {
    const result = extractFromSource(
      'forgot.ts',
      [
        "import { Actor, actor, type u32 } from '@sprocket/sdk';",
        'export class Tally extends Actor {',
        '  add(value: u32): u32 { return value; }',
        '}',
        'export abstract class Base extends Actor {}',
        'class Helper extends Actor {}',
        '@actor() export class Derived extends Helper {}',
        'export class Plain {}',
      ].join('\n'),
    );
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.location.column])).toEqual([
      ['SPK1029', 'warning', 2, 14],
    ]);
    expect(result.diagnostics[0]!.message).toBe(
      'Tally extends Actor but has no @actor(): it is not a contract, so no client or IDL is generated for it',
    );
    expect(result.diagnostics[0]!.fix).toContain('write @actor() above `class Tally`');
    expect(result.manifests.map((m) => m.program?.name)).toEqual(['Derived']);
  });

  it('reports type names and type parameters that the IDL cannot spell (Sails identifiers are ASCII, no `$`)', () => {
    const result = extractor.extract([join(fixtures, 'fail/invalid-type-name.ts')]);
    expect(result.manifests).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.location.column])).toEqual([
      ['SPK1024', 3, 18],
      ['SPK1024', 7, 18],
    ]);
    expect(result.diagnostics[0]!.message).toContain('type $Rec: the type name is not an identifier');
    expect(result.diagnostics[1]!.message).toContain('the type parameter $T is not an identifier');
  });

  it('reports a name collision between two types at the second one', () => {
    const result = extractor.extract([join(fixtures, 'fail/name-collision.ts')]);
    expect(result.manifests).toEqual([]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'SPK1023',
      location: { file: rel('fail/collision-other.ts'), line: 3, column: 18 },
    });
    expect(result.diagnostics[0]!.message).toContain(`${rel('fail/name-collision.ts')}:4:11`);
  });

  it('reports a type name Sails cannot read (it begins with a primitive) and avoids such generated names', () => {
    const result = extractor.extract([join(fixtures, 'fail/primitive-prefix.ts')]);
    expect(result.manifests).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.location.column])).toEqual([['SPK1023', 3, 11]]);
    expect(result.diagnostics[0]!.message).toContain("takes the primitive 'String' and fails at 'Pair'");
    expect(result.diagnostics[0]!.fix).toContain('PairString');
    const ok = extractFromSource(
      'names.ts',
      "import { Actor, actor, type u32 } from '@sprocket/sdk';\n@actor()\nexport class Calc extends Actor {\n  stringLen(value: string): { len: u32 } {\n    return { len: value.length };\n  }\n}\n",
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.manifests[0]?.services[0]?.types.map((t) => t.name)).toEqual(['TStringLenReply']);
  });

  it('lists every declared instance field for the runtime, only when the class extends Actor itself', () => {
    const source = [
      "import { Actor, actor, type ActorId, type u32 } from '@sprocket/sdk';",
      'export abstract class Owned extends Actor {',
      '  owner!: ActorId;',
      '}',
      '@actor()',
      'export class Direct extends Actor {',
      '  static instances = 0;',
      '  count: u32 = 0;',
      '  owner!: ActorId;',
      "  'quoted': string = '';",
      '  bump(): u32 {',
      '    return ++this.count;',
      '  }',
      '}',
      '@actor()',
      'export class Derived extends Owned {',
      '  count: u32 = 0;',
      '  bump(): u32 {',
      '    return ++this.count;',
      '  }',
      '}',
    ].join('\n');
    const result = extractFromSource('fields.ts', source);
    expect(result.diagnostics).toEqual([]);
    const byName = new Map(result.manifests.map((m) => [m.actor?.className, m.actor]));
    expect(byName.get('Direct')?.fields).toEqual(['count', 'owner', 'quoted']);
    // A base class may declare fields the extractor does not read: the runtime keeps its general proxy.
    expect(byName.get('Derived')?.fields).toBeUndefined();
  });

  it('maps a named alias of one string literal to a one-variant enum; an inline literal stays refused', () => {
    const ok = extractFromSource(
      'only.ts',
      "import { Actor, actor, handler, type Result } from '@sprocket/sdk';\nexport type Denied = 'Denied';\n@actor()\nexport class Gate extends Actor {\n  @handler({ throws: true })\n  open(): Result<void, Denied> {\n    return { err: 'Denied' };\n  }\n}\n",
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.manifests[0]?.services[0]?.types).toMatchObject([
      { name: 'Denied', kind: 'enum', variants: [{ name: 'Denied', fields: [] }] },
    ]);
    const inline = extractFromSource(
      'inline.ts',
      "import { Actor, actor, handler, type Result } from '@sprocket/sdk';\n@actor()\nexport class Gate extends Actor {\n  @handler({ throws: true })\n  open(): Result<void, 'Denied'> {\n    return { err: 'Denied' };\n  }\n}\n",
    );
    expect(inline.diagnostics.map((d) => [d.code, d.location.line])).toEqual([['SPK1019', 5]]);
    expect(inline.diagnostics[0]?.fix).toContain("a named alias (`type Only = 'Only'`) for a one-variant enum");
  });

  it('reports an event payload without a wire form, naming the event', () => {
    const [d] = extractor.extract([join(fixtures, 'fail/event-payload.ts')]).diagnostics;
    expect(d).toMatchObject({ code: 'SPK1007', location: { line: 5, column: 18 } });
    expect(d!.message).toContain('Calc event Changed.at');
  });

  it('reports all problems of a file in one run', () => {
    const result = extractor.extract([join(fixtures, 'fail/multi.ts')]);
    expect(result.manifests).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.location.line, d.location.column])).toEqual([
      ['SPK1001', 4, 10],
      ['SPK1009', 5, 3],
      ['SPK1002', 9, 11],
      ['SPK1001', 14, 26],
      ['SPK1011', 18, 3],
      ['SPK1010', 22, 3],
      ['SPK1012', 26, 3],
      ['SPK1013', 30, 14],
      ['SPK1004', 31, 10],
    ]);
  });

  it('reports files that do not exist', () => {
    const result = extractor.extract([join(fixtures, 'fail/nope.ts')]);
    expect(result.diagnostics).toMatchObject([{ code: 'SPK1000', location: { file: rel('fail/nope.ts'), line: 1, column: 1 } }]);
  });
});

describe('extract: in-memory sources, user projects and watch mode', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sprocket-extract-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('extracts a source text that is not on disk', () => {
    const result = extractFromSource(
      'virtual/ping.ts',
      `import { Actor, actor, type u64 } from '@sprocket/sdk';
@actor() export class Ping extends Actor<{ Pinged: u64 }> { ping(n: u64): u64 { return n; } }`,
      { rootDir: repo },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.manifests[0]!.source).toBe('virtual/ping.ts');
    expect(service(result.manifests[0]!).events[0]!.fields).toEqual([{ type: { kind: 'primitive', name: 'u64' } }]);
  });

  it('reports SPK1000 when @sprocket/sdk cannot be resolved', () => {
    const result = extractFromSource('x.ts', `import { Actor, actor } from '@sprocket/sdk';\n@actor() export class X extends Actor {}`, {
      rootDir: dir,
    });
    expect(result.manifests).toEqual([]);
    expect(result.diagnostics).toMatchObject([{ code: 'SPK1000', location: { file: 'x.ts', line: 1, column: 30 } }]);
  });

  it('works in a project where the sdk ships only dist typings', () => {
    const root = join(dir, 'dist-only');
    const sdk = join(root, 'node_modules/@sprocket/sdk');
    mkdirSync(join(sdk, 'dist'), { recursive: true });
    writeFileSync(
      join(sdk, 'package.json'),
      JSON.stringify({
        name: '@sprocket/sdk',
        type: 'module',
        exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      }),
    );
    writeFileSync(
      join(sdk, 'dist/index.d.ts'),
      `export type u32 = number;\nexport type u128 = bigint;\nexport type ActorId = \`0x\${string}\`;\nexport declare abstract class Actor<E = {}> { protected emit(name: keyof E & string, payload?: unknown): void; }\nexport declare function actor(o?: { name?: string }): <C>(c: C) => C;\nexport declare function query(): MethodDecorator;\n`,
    );
    writeFileSync(
      join(root, 'vault.ts'),
      `import { Actor, actor, query, type ActorId, type u128 } from '@sprocket/sdk';\n@actor() export class Vault extends Actor<{ Put: u128 }> {\n  @query() of(who: ActorId): u128 { return 0n; }\n}\n`,
    );
    const result = extractFromFiles(['vault.ts'], { rootDir: root });
    expect(result.diagnostics).toEqual([]);
    const fn = service(result.manifests[0]!).functions[0]!;
    expect([fn.name, fn.kind, fn.params[0]!.type, fn.returns]).toEqual([
      'Of',
      'query',
      { kind: 'primitive', name: 'ActorId' },
      { kind: 'primitive', name: 'u128' },
    ]);
  });

  it('reports an actor file whose tsconfig does not enable legacy decorators, and nothing once it does', () => {
    const root = join(dir, 'standard-decorators');
    mkdirSync(join(root, 'node_modules/@sprocket'), { recursive: true });
    symlinkSync(join(repo, 'sdk'), join(root, 'node_modules/@sprocket/sdk'), 'dir');
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
    writeFileSync(
      join(root, 'ping.ts'),
      `import { Actor, actor, type u32 } from '@sprocket/sdk';\n@actor() export class Ping extends Actor { ping(n: u32): u32 { return n; } }\n`,
    );
    const off = new Extractor({ rootDir: root }).extract(['ping.ts']);
    expect(off.diagnostics.map((d) => [d.code, d.location.file, d.location.line, d.location.column])).toEqual([
      ['SPK1030', 'ping.ts', 2, 1],
    ]);
    expect(off.diagnostics[0]!.fix).toContain('"experimentalDecorators": true');
    expect(off.manifests).toEqual([]);
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, experimentalDecorators: true } }));
    // A fresh timestamp, so the cached answer for the old file is not reused on a coarse-clock file system.
    utimesSync(join(root, 'tsconfig.json'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(new Extractor({ rootDir: root }).extract(['ping.ts']).diagnostics).toEqual([]);
  });

  it('re-extracts a changed file and the actor files that import it', () => {
    const root = join(dir, 'watch');
    mkdirSync(join(root, 'node_modules/@sprocket'), { recursive: true });
    symlinkSync(join(repo, 'sdk'), join(root, 'node_modules/@sprocket/sdk'), 'dir');
    writeFileSync(join(root, 'types.ts'), `import type { u32 } from '@sprocket/sdk';\nexport interface Args { a: u32 }\n`);
    writeFileSync(
      join(root, 'a.ts'),
      `import { Actor, actor, type u32 } from '@sprocket/sdk';\nimport type { Args } from './types.js';\n@actor() export class A extends Actor { run(args: Args): u32 { return 0; } }\n`,
    );
    writeFileSync(
      join(root, 'b.ts'),
      `import { Actor, actor } from '@sprocket/sdk';\n@actor() export class B extends Actor { go(): void {} }\n`,
    );
    const watch = new Extractor({ rootDir: root });
    expect(watch.extract(['a.ts', 'b.ts']).diagnostics).toEqual([]);

    writeFileSync(join(root, 'types.ts'), `export interface Args { a: number }\n`);
    const changed = watch.update('types.ts');
    expect(changed.files).toEqual(['a.ts']);
    expect(changed.diagnostics).toMatchObject([{ code: 'SPK1001', location: { file: 'types.ts', line: 1, column: 28 } }]);

    writeFileSync(join(root, 'types.ts'), `import type { u64 } from '@sprocket/sdk';\nexport interface Args { a: u64 }\n`);
    const fixed = watch.update('types.ts');
    expect(fixed.diagnostics).toEqual([]);
    const run = service(fixed.manifests[0]!).types[0]!;
    expect(run).toEqual({ kind: 'struct', name: 'Args', fields: [{ name: 'a', type: { kind: 'primitive', name: 'u64' } }] });

    writeFileSync(
      join(root, 'b.ts'),
      `import { Actor, actor, type u32 } from '@sprocket/sdk';\n@actor() export class B extends Actor { go(): u32 { return 1; } }\n`,
    );
    const b = watch.update('b.ts');
    expect(b.files).toEqual(['b.ts']);
    expect(service(b.manifests[0]!).functions[0]!.returns).toEqual({ kind: 'primitive', name: 'u32' });
  });
});

describe('extract: a client kept in a field (SPK1038)', () => {
  it('reports each instance field whose type holds a generated client, in a union, an array or a Map, and no other', () => {
    const result = extractor.extract([join(fixtures, 'fail/client-field.ts')]);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.location.column])).toEqual([
      ['SPK1038', 'error', 8, 11],
      ['SPK1038', 'error', 9, 11],
      ['SPK1038', 'error', 10, 11],
      ['SPK1038', 'error', 11, 3],
    ]);
    const [bank, peers] = result.diagnostics;
    expect(bank?.message).toBe(
      'Calc.bank holds a client of another actor (BankClient): actor state cannot keep a client, which is bound to the context of one message, and the runtime refuses it',
    );
    expect(bank?.fix).toBe(
      'keep the address instead (`bank: ActorId | null`) and write `BankClient.at(this.ctx, this.bank)` where you call it',
    );
    expect(peers?.message).toContain('(VaultClient)');
    expect(peers?.fix).toBe(
      'keep the address instead (`peers: ActorId[]`) and write `VaultClient.at(this.ctx, address)` where you call it',
    );
    expect(result.diagnostics[2]?.fix).toContain('`byName: Map<string, ActorId>`');
  });
});
