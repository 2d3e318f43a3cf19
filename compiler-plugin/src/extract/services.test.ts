import { describe, expect, it } from 'vitest';
import { emitGenerated } from '../emit/generated.js';
import { parseIdl } from '../idl/parser.js';
import { extractFromSource } from './index.js';

/** An actor with the given `@actor` options and class body. */
const source = (options: string, body: string, extra = ''): string =>
  [
    "import { Actor, actor, handler, query, type i32, type u32 } from '@sprocket/sdk';",
    extra,
    'interface Events { Added: u32; Subtracted: u32; Walked: { from: [i32, i32]; to: [i32, i32] }; Barked: void }',
    `@actor(${options}) export class Zoo extends Actor<Events> {`,
    body,
    '}',
  ].join('\n');

const zoo = source(
  "{ name: 'Zoo', services: ['Counter', 'Dog'], extends: { Dog: ['MammalService', 'WalkerService'] }, events: { Dog: ['Barked'], WalkerService: ['Walked'] } }",
  [
    "  @handler({ service: 'Counter' }) add(value: u32): u32 { this.emit('Added', value); return value; }",
    "  @handler({ service: 'Counter' }) sub(value: u32): u32 { return value; }",
    "  @query() @handler({ service: 'Counter' }) value(): u32 { return 0; }",
    "  @handler({ service: 'MammalService', route: 'MakeSound' }) mammalSound(): string { return ''; }",
    "  @query() @handler({ service: 'MammalService' }) avgWeight(): u32 { return 42; }",
    "  @query() @handler({ service: 'WalkerService' }) position(): [i32, i32] { return [0, 0]; }",
    "  @handler({ service: 'WalkerService' }) walk(dx: i32, dy: i32): void { this.emit('Walked', { from: [0, 0], to: [dx, dy] }); }",
    "  @handler({ service: 'Dog', route: 'MakeSound' }) dogSound(): string { this.emit('Barked'); return 'Woof'; }",
  ].join('\n'),
);

describe('extract: services of a program (@actor({ services, extends, events }), @handler({ service }))', () => {
  it('lays handlers and events out into services with the ids of the Sails demo', () => {
    const result = extractFromSource('zoo.ts', zoo);
    expect(result.diagnostics).toEqual([]);
    const m = result.manifests[0];
    expect(m?.program?.services).toEqual([
      { name: 'Counter', service: 'Counter', route: 1 },
      { name: 'Dog', service: 'Dog', route: 2 },
    ]);
    // Each exposed service after its bases, as Sails writes the IDL.
    expect(m?.services.map((s) => [s.name, s.interfaceId, s.extends])).toEqual([
      ['Counter', '0x579d6daba41b7d82', []],
      ['MammalService', '0xf181833573ac05bf', []],
      ['WalkerService', '0x06b6750e36f0fda7', []],
      ['Dog', '0x061b5337bdb0e35b', ['MammalService', 'WalkerService']],
    ]);
    const walker = m?.services.find((s) => s.name === 'WalkerService');
    expect(walker?.functions.map((f) => [f.name, f.entryId, f.method])).toEqual([
      ['Position', 0, 'position'],
      ['Walk', 1, 'walk'],
    ]);
    expect(walker?.events.map((e) => [e.name, e.entryId])).toEqual([['Walked', 0]]);
    expect(m?.services.find((s) => s.name === 'Dog')?.events.map((e) => [e.name, e.entryId])).toEqual([['Barked', 0]]);
    // The IDL parses back to the same ids.
    const parsed = parseIdl(
      emitGenerated(m!)
        .match(/idl: '([^']*)'/)?.[1]
        ?.replace(/\\n/g, '\n') ?? '',
      'zoo.idl',
    );
    expect(parsed.services.map((s) => s.interfaceId)).toEqual(m?.services.map((s) => s.interfaceId));
  });

  it('dispatches the inherited functions on the derived route, the hidden base function too', () => {
    const m = extractFromSource('zoo.ts', zoo).manifests[0]!;
    const text = emitGenerated(m);
    // Dog (route 2) lists its own MakeSound, the bases' functions, and Mammal's MakeSound that its own hides.
    const dog = text.match(/const (\$svc\d+): GeneratedService = \{\n {2}name: 'Dog',\n {2}route: 2,[^}]*functions: \[([^\]]*)\]/);
    expect(dog?.[2]?.split(', ')).toHaveLength(5);
    expect(text).toMatch(/name: 'MakeSound',\n {2}method: 'mammalSound',\n {2}entryId: 1,\n {2}interfaceId: '0xf181833573ac05bf',/);
  });

  it('keeps one service named like the program by default', () => {
    const m = extractFromSource('zoo.ts', source('', "  add(value: u32): u32 { this.emit('Added', value); return value; }")).manifests[0];
    expect(m?.program?.services).toEqual([{ name: 'Zoo', service: 'Zoo', route: 1 }]);
    expect(m?.services.map((s) => [s.name, s.events.map((e) => [e.name, e.entryId])])).toEqual([
      [
        'Zoo',
        [
          ['Added', 0],
          ['Subtracted', 2],
          ['Walked', 3],
          ['Barked', 1],
        ],
      ],
    ]);
  });

  it('maps a named tuple to a tuple struct and `value: [A, B]` to a variant with unnamed fields', () => {
    const extra = [
      'export type Count = [u32];',
      "export type Shape = { kind: 'Dot' } | { kind: 'Line'; value: [i32, i32] } | { kind: 'Box'; value: [i32, i32][] };",
    ].join('\n');
    const m = extractFromSource('zoo.ts', source('', '  f(c: Count, s: Shape): Count { return c; }', extra)).manifests[0];
    const types = m?.services[0]?.types;
    expect(types?.find((t) => t.name === 'Count')).toEqual({
      kind: 'struct',
      name: 'Count',
      fields: [{ type: { kind: 'primitive', name: 'u32' } }],
    });
    const shape = types?.find((t) => t.name === 'Shape');
    const i32 = { kind: 'primitive', name: 'i32' };
    expect(shape?.kind === 'enum' ? shape.variants.map((v) => v.fields.map((f) => f.type)) : undefined).toEqual([
      [],
      [i32, i32],
      [{ kind: 'vec', item: { kind: 'tuple', items: [i32, i32] } }],
    ]);
  });

  it.each([
    ["{ services: ['A', 'A'] }", 'lists a service twice'],
    ["{ services: ['A'], extends: { A: ['B'], B: ['A'] } }", 'cyclic `extends`: A → B → A'],
    ["{ services: ['A'], extends: { C: ['B'] } }", 'service C is neither exposed nor a base of an exposed service'],
    ["{ services: ['A'], events: { Q: ['Added'] } }", 'names the unknown service Q'],
    ["{ services: ['A'], events: { A: ['Gone'] } }", 'names the event Gone, which the events type does not declare'],
    ["{ services: ['A'], extends: { A: 'B' } }", 'must be an object literal of arrays of string literals'],
  ])('refuses the layout %s (SPK1035 or SPK1018)', (options, message) => {
    const result = extractFromSource('zoo.ts', source(options, '  add(value: u32): u32 { return value; }'));
    expect(result.manifests).toEqual([]);
    expect(result.diagnostics.map((d) => d.message).join('\n')).toContain(message);
  });

  it('refuses a handler of a service the program does not have, at the handler', () => {
    const result = extractFromSource(
      'zoo.ts',
      source("{ services: ['A'] }", "  @handler({ service: 'B' }) add(value: u32): u32 { return value; }"),
    );
    expect(result.diagnostics[0]).toMatchObject({ code: 'SPK1035', location: { line: 5 } });
    expect(result.diagnostics[0]?.message).toMatch(/service B is not one of the program's services \(A\)/);
  });

  it('allows one route name in two services, not twice in one', () => {
    const two = source(
      "{ services: ['A', 'B'] }",
      "  @handler({ service: 'A', route: 'Go' }) a(): u32 { return 1; }\n  @handler({ service: 'B', route: 'Go' }) b(): u32 { return 2; }",
    );
    expect(extractFromSource('zoo.ts', two).diagnostics).toEqual([]);
    const clash = two.replace("service: 'B', route", "service: 'A', route");
    expect(extractFromSource('zoo.ts', clash).diagnostics[0]?.code).toBe('SPK1011');
  });

  it('takes explicit entry ids (`@handler({ entryId })`, Sails `#[export(entry_id = N)]`) and refuses two alike', () => {
    const body = '  @handler({ entryId: 7 }) add(value: u32): u32 { return value; }\n  sub(value: u32): u32 { return value; }';
    const m = extractFromSource('zoo.ts', source('', body)).manifests[0]!;
    expect(m.services[0]?.functions.map((f) => [f.name, f.entryId])).toEqual([
      ['Sub', 1],
      ['Add', 7],
    ]);
    expect(emitGenerated(m)).toContain('@entry_id: 7\\n        Add(value: u32) -> u32;');
    const clash = extractFromSource('zoo.ts', source('', body.replace('entryId: 7', 'entryId: 1')));
    expect(clash.diagnostics[0]?.message).toMatch(/entry id 1 of Zoo.Sub is already the entry id of Zoo.Add/);
    const big = extractFromSource('zoo.ts', source('', body.replace('entryId: 7', 'entryId: 70000')));
    expect(big.diagnostics[0]).toMatchObject({ code: 'SPK1018' });
  });

  it('answers a base function with another method on a derived route (`@handler({ overrides })`)', () => {
    const body = [
      "  @query() @handler({ service: 'MammalService' }) avgWeight(): u32 { return 42; }",
      "  @handler({ service: 'Dog', route: 'Bark' }) bark(): u32 { return 1; }",
      "  @query() @handler({ service: 'Dog', overrides: 'MammalService', route: 'AvgWeight' }) dogWeight(): u32 { return 99; }",
    ].join('\n');
    const layout = "{ services: ['Dog'], extends: { Dog: ['MammalService'] } }";
    const m = extractFromSource('zoo.ts', source(layout, body)).manifests[0]!;
    const dog = m.services.find((s) => s.name === 'Dog');
    expect(dog?.functions.map((f) => f.name)).toEqual(['Bark']);
    expect(dog?.overrides).toEqual([{ base: 'MammalService', name: 'AvgWeight', method: 'dogWeight' }]);
    expect(emitGenerated(m)).toMatch(/name: 'AvgWeight',\n {2}method: 'dogWeight',\n {2}entryId: 0,\n {2}interfaceId: '0x/);
    const wrong = (text: string) => extractFromSource('zoo.ts', source(layout, text)).diagnostics.map((d) => d.message);
    expect(wrong(body.replace("overrides: 'MammalService'", "overrides: 'Dog'"))[0]).toMatch(/Dog is not a base service of Dog/);
    expect(wrong(body.replace("route: 'AvgWeight'", "route: 'Weight'"))[0]).toMatch(/MammalService has no function Weight/);
    expect(wrong(body.replace('dogWeight(): u32', 'dogWeight(): string'))[0]).toMatch(
      /the signature differs from MammalService.AvgWeight's/,
    );
  });

  it('reads `Result<T, void>` as the unit error of `-> T throws ()`', () => {
    const body = '  @handler({ throws: true }) even(v: u32): Result<u32, void> { return v % 2 === 0 ? ok(v) : err(undefined); }';
    const text = source('', body).replace('import { Actor,', 'import { err, ok, type Result, Actor,');
    const m = extractFromSource('zoo.ts', text).manifests[0];
    expect(m?.services[0]?.functions[0]).toMatchObject({
      returns: { kind: 'primitive', name: 'u32' },
      throws: { kind: 'tuple', items: [] },
    });
  });

  it('reads an event payload written as a tuple of two items or more as unnamed fields, as `sprocket client` writes it', () => {
    const text = source('', "  go(): void { this.emit('Added', 1); }").replace(
      'interface Events { Added: u32;',
      'interface Events { Moved: [u32, i32]; Single: [u32]; Added: u32;',
    );
    const m = extractFromSource('zoo.ts', text).manifests[0]!;
    const events = m.services[0]?.events ?? [];
    const u32 = { kind: 'primitive', name: 'u32' };
    expect(events.find((e) => e.name === 'Moved')?.fields).toEqual([{ type: u32 }, { type: { kind: 'primitive', name: 'i32' } }]);
    expect(events.find((e) => e.name === 'Single')?.fields).toEqual([{ type: { kind: 'tuple', items: [u32] } }]);
    const idl = emitGenerated(m);
    expect(idl).toContain('Moved(u32, i32),');
    expect(idl).toContain('Single((u32)),');
  });
});
