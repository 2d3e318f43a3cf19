import { readFileSync } from 'node:fs';
import type { FieldDef, PrimitiveName, TypeDef, TypeRef } from '@sprocket/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConstructorDef, EventDef, FunctionDef, Manifest, ServiceDef } from '../manifest/types.js';
import { emitIdl, renderType } from './emitter.js';
import { defaultEventEntryIds } from './entry-ids.js';
import { computeInterfaceId } from './interface-id.js';
import { parseIdl } from './parser.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const prim = (name: PrimitiveName): TypeRef => ({ kind: 'primitive', name });
const unit: TypeRef = { kind: 'tuple', items: [] };

/** Fills in interface ids the way the parser does, so that hand-built manifests compare equal after a round trip. */
function withIds(m: Omit<Manifest, 'services'> & { services: ServiceDef[] }): Manifest {
  const table = new Map((m.program?.types ?? []).map((t) => [t.name, t] as const));
  const byName = new Map(m.services.map((s) => [s.name, s] as const));
  return { ...m, services: m.services.map((s) => ({ ...s, interfaceId: computeInterfaceId(s, (n) => byName.get(n), table) })) };
}

const fn = (name: string, entryId: number, extra: Partial<FunctionDef> = {}): FunctionDef => ({
  name,
  method: name.charAt(0).toLowerCase() + name.slice(1),
  kind: 'command',
  params: [],
  returns: unit,
  entryId,
  payable: false,
  ...extra,
});

describe('emitIdl', () => {
  it('renders types in IDL v2 syntax', () => {
    expect(renderType({ kind: 'map', key: prim('String'), value: prim('u64') })).toBe('[(String, u64)]');
    expect(renderType({ kind: 'array', item: prim('u8'), length: 32 })).toBe('[u8; 32]');
    expect(renderType({ kind: 'named', name: 'Pair', args: [prim('u8'), { kind: 'vec', item: prim('u8') }] })).toBe('Pair<u8, [u8]>');
    expect(renderType({ kind: 'result', ok: unit, err: prim('String') })).toBe('Result<(), String>');
  });

  it('is a fixed point on the fixtures: emit(parse(emit(parse(x)))) === emit(parse(x))', () => {
    for (const name of ['demo.idl', 'coverage.idl']) {
      const once = emitIdl(parseIdl(fixture(name), name));
      expect(emitIdl(parseIdl(once, name))).toBe(once);
    }
  });

  it('round-trips a multi-service program with structs, enums, generics, extends, throws, docs and @entry_id', () => {
    const types: TypeDef[] = [
      {
        kind: 'struct',
        name: 'Point',
        docs: ['A point'],
        fields: [
          { name: 'x', type: prim('i32'), docs: ['abscissa'] },
          { name: 'y', type: prim('i32') },
        ],
      },
      { kind: 'struct', name: 'Id', fields: [{ type: { kind: 'array', item: prim('u8'), length: 32 } }] },
      { kind: 'struct', name: 'Marker', fields: [] },
      {
        kind: 'enum',
        name: 'Tree',
        params: ['T'],
        variants: [
          { name: 'Leaf', fields: [{ type: { kind: 'param', name: 'T' } }], docs: ['a leaf'] },
          {
            name: 'Pair',
            fields: [
              { name: 'left', type: { kind: 'param', name: 'T' } },
              { name: 'right', type: { kind: 'option', some: { kind: 'param', name: 'T' } } },
            ],
          },
          { name: 'Empty', fields: [] },
        ],
      },
      { kind: 'struct', name: 'Doc', fields: [{ type: prim('u8'), docs: ['documented positional field'] }, { type: prim('bool') }] },
    ];
    const base: ServiceDef = {
      name: 'Ownable',
      interfaceId: '',
      extends: [],
      functions: [fn('Owner', 0, { kind: 'query', returns: prim('ActorId') })],
      events: [
        {
          name: 'OwnerChanged',
          fields: [
            { name: 'from', type: prim('ActorId') },
            { name: 'to', type: prim('ActorId') },
          ],
          entryId: 0,
        },
      ],
      types: [],
    };
    const token: ServiceDef = {
      name: 'Token',
      interfaceId: '',
      extends: ['Ownable'],
      docs: ['A token', '', 'with a blank doc line'],
      functions: [
        fn('Approve', 0, {
          params: [
            { name: 'spender', type: prim('ActorId') },
            { name: 'value', type: prim('u256') },
          ],
          returns: prim('bool'),
          docs: ['Approves'],
        }),
        fn('BalanceOf', 1, { kind: 'query', params: [{ name: 'who', type: prim('ActorId') }], returns: prim('u128') }),
        fn('Mint', 3, {
          payable: true,
          params: [{ name: 'to', type: { kind: 'named', name: 'Tree', args: [{ kind: 'named', name: 'Point' }] } }],
          throws: prim('String'),
        }),
        fn('Transfer', 4, {
          params: [{ name: 'to', type: { kind: 'named', name: 'Id' } }],
          returns: { kind: 'result', ok: unit, err: prim('String') },
        }),
        fn('Legacy', 9, { params: [{ name: 'data', type: { kind: 'vec', item: { kind: 'tuple', items: [prim('u8'), prim('H256')] } } }] }),
      ],
      events: [
        { name: 'Minted', fields: [{ type: prim('u128') }], entryId: 0, docs: ['minted'] },
        { name: 'Paused', fields: [], entryId: 1 },
        {
          name: 'Moved',
          fields: [
            { name: 'from', type: { kind: 'named', name: 'Point' } },
            { name: 'marker', type: { kind: 'named', name: 'Marker' } },
          ],
          entryId: 2,
        },
      ],
      types,
    };
    const m = withIds({
      version: 1,
      source: 'token.idl',
      services: [base, token],
      program: {
        name: 'TokenProgram',
        docs: ['The program'],
        constructors: [
          {
            name: 'New',
            method: 'new',
            params: [
              { name: 'name', type: prim('String') },
              { name: 'cfg', type: { kind: 'named', name: 'Config' } },
            ],
            entryId: 0,
            docs: ['Creates it'],
          },
          { name: 'Restore', method: 'restore', params: [], entryId: 1, throws: prim('String') },
        ],
        services: [
          { name: 'Ownable', service: 'Ownable', route: 1 },
          { name: 'Vft', service: 'Token', route: 2 },
        ],
        types: [
          {
            kind: 'struct',
            name: 'Config',
            fields: [
              { name: 'decimals', type: prim('u8') },
              { name: 'fees', type: { kind: 'option', some: { kind: 'compact', inner: prim('u128') } } },
            ],
          },
        ],
      },
    });
    const text = emitIdl(m);
    expect(text).toContain('        @payable\n        Mint(to: Tree<Point>) throws String;\n');
    expect(text).toContain('        @entry_id: 9\n        Legacy(data: [(u8, H256)]);\n');
    expect(text).toContain('        Token@');
    expect(text).toMatch(/Token@0x[0-9a-f]{16}: Vft,/);
    expect(parseIdl(text, 'token.idl')).toEqual(m);
  });
});

// ---- property: parse(emit(m)) deep-equals m for random manifests ----

const TYPE_NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta'];
const PARAM_NAMES = ['T', 'U'];
const FIELD_NAMES = ['a', 'b', 'c', 'value', 'owner', 'items'];
const ROUTES = ['Add', 'add2', 'Burn', 'BalanceOf', 'Mint', 'Transfer', 'Zap', 'approve'];
const EVENT_NAMES = ['Added', 'Removed', 'Paused', 'Moved'];
const SERVICE_NAMES = ['Svc', 'Base', 'Extra'];
const PRIMS: PrimitiveName[] = [
  'bool',
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
  'String',
  'ActorId',
  'CodeId',
  'MessageId',
  'H256',
];

type Gen = fc.GeneratorValue;
const docText = fc.stringMatching(/^[A-Za-z0-9 `.,]{0,20}$/).map((s) => s.trimStart());

function docs(g: Gen): { docs?: string[] } {
  const d = g(fc.array, docText, { maxLength: 2 });
  return d.length > 0 ? { docs: d } : {};
}

function typeRef(g: Gen, declared: readonly TypeDef[], params: readonly string[], depth: number): TypeRef {
  const choice = g(fc.integer, { min: 0, max: depth <= 0 ? 1 : 8 });
  switch (choice) {
    case 0:
      return prim(g(fc.constantFrom, ...PRIMS));
    case 1: {
      if (params.length > 0 && g(fc.boolean)) return { kind: 'param', name: g(fc.constantFrom, ...params) };
      if (declared.length === 0) return prim('u32');
      const d = g(fc.constantFrom, ...declared);
      const n = d.params?.length ?? 0;
      if (n === 0) return { kind: 'named', name: d.name };
      return { kind: 'named', name: d.name, args: Array.from({ length: n }, () => typeRef(g, declared, params, depth - 1)) };
    }
    case 2:
      return { kind: 'vec', item: typeRef(g, declared, params, depth - 1) };
    case 3:
      return { kind: 'array', item: typeRef(g, declared, params, depth - 1), length: g(fc.integer, { min: 0, max: 64 }) };
    case 4:
      return {
        kind: 'tuple',
        items: Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, () => typeRef(g, declared, params, depth - 1)),
      };
    case 5:
      return { kind: 'option', some: typeRef(g, declared, params, depth - 1) };
    case 6:
      return { kind: 'result', ok: typeRef(g, declared, params, depth - 1), err: typeRef(g, declared, params, depth - 1) };
    case 7:
      return { kind: 'compact', inner: prim(g(fc.constantFrom, 'u8', 'u16', 'u32', 'u64', 'u128')) };
    default:
      return prim('String');
  }
}

function fields(g: Gen, declared: readonly TypeDef[], params: readonly string[]): FieldDef[] {
  const named = g(fc.boolean);
  const names = g(fc.shuffledSubarray, FIELD_NAMES, { minLength: 0, maxLength: 3 });
  return names.map((name) => ({ ...(named ? { name } : {}), type: typeRef(g, declared, params, 2), ...docs(g) }));
}

function typeDefs(g: Gen, pool: readonly string[]): TypeDef[] {
  const out: TypeDef[] = [];
  for (const name of pool) {
    const params = g(fc.boolean) ? g(fc.shuffledSubarray, PARAM_NAMES, { minLength: 1, maxLength: 2 }) : [];
    const p = params.length > 0 ? { params } : {};
    if (g(fc.boolean)) {
      out.push({ kind: 'struct', name, ...p, fields: fields(g, out, params), ...docs(g) });
    } else {
      const variantNames = g(fc.shuffledSubarray, ['One', 'Two', 'Three'], { minLength: 0, maxLength: 3 });
      out.push({
        kind: 'enum',
        name,
        ...p,
        variants: variantNames.map((v) => ({ name: v, fields: fields(g, out, params), ...docs(g) })),
        ...docs(g),
      });
    }
  }
  return out;
}

const manifestArb = fc.gen().map((g): Manifest => {
  const serviceNames = g(fc.shuffledSubarray, SERVICE_NAMES, { minLength: 1, maxLength: 3 });
  const services: ServiceDef[] = [];
  for (const name of serviceNames) {
    const types = typeDefs(g, g(fc.shuffledSubarray, TYPE_NAMES, { minLength: 0, maxLength: 3 }));
    const routes = [...g(fc.shuffledSubarray, ROUTES, { minLength: 0, maxLength: 4 })].sort((a, b) =>
      a.toLowerCase() < b.toLowerCase() ? -1 : 1,
    );
    const functions: FunctionDef[] = routes.map((route, i) => {
      const ps = g(fc.shuffledSubarray, FIELD_NAMES, { minLength: 0, maxLength: 3 });
      const thrown = g(fc.boolean) ? { throws: typeRef(g, types, [], 1) } : {};
      return fn(route, i, {
        kind: g(fc.boolean) ? 'query' : 'command',
        params: ps.map((p) => ({ name: p, type: typeRef(g, types, [], 2) })),
        returns: typeRef(g, types, [], 2),
        payable: g(fc.boolean),
        ...thrown,
        ...docs(g),
      });
    });
    // The emitter writes events in entry-id order (lowercase-name order): declare them so for the round trip.
    const eventNames = [...g(fc.shuffledSubarray, EVENT_NAMES, { minLength: 0, maxLength: 3 })].sort((a, b) =>
      a.toLowerCase() < b.toLowerCase() ? -1 : 1,
    );
    const eventIds = defaultEventEntryIds(eventNames);
    const events: EventDef[] = eventNames.map((e, i) => ({ name: e, fields: fields(g, types, []), entryId: eventIds[i] ?? i, ...docs(g) }));
    const ext = g(
      fc.shuffledSubarray,
      services.map((s) => s.name),
      { minLength: 0 },
    );
    services.push({ name, interfaceId: '', extends: ext, functions, events, types, ...docs(g) });
  }
  const base: Omit<Manifest, 'services'> & { services: ServiceDef[] } = { version: 1, source: 'gen.idl', services };
  if (g(fc.boolean)) {
    const ptypes = typeDefs(g, g(fc.shuffledSubarray, ['Config', 'Init'], { minLength: 0, maxLength: 2 }));
    const ctorNames = g(fc.shuffledSubarray, ['New', 'Default', 'FromSeed'], { minLength: 0, maxLength: 3 });
    const constructors: ConstructorDef[] = ctorNames.map((c, i) => ({
      name: c,
      method: c.charAt(0).toLowerCase() + c.slice(1),
      params: g(fc.shuffledSubarray, FIELD_NAMES, { minLength: 0, maxLength: 2 }).map((p) => ({
        name: p,
        type: typeRef(g, ptypes, [], 2),
      })),
      entryId: i,
      ...(g(fc.boolean) ? { throws: prim('String') } : {}),
      ...docs(g),
    }));
    const exports = services.map((s, i) => ({ name: g(fc.boolean) ? s.name : `${s.name}Route`, service: s.name, route: i + 1 }));
    return withIds({ ...base, program: { name: 'Prog', constructors, services: exports, types: ptypes, ...docs(g) } });
  }
  return withIds(base);
});

describe('emitIdl: the implicit constructor', () => {
  it('declares Default() for a program without constructors, as Sails declares its implicit Create()', () => {
    // A TS actor without @init is deployed with the header of entry 0 (DEFAULT_CONSTRUCTOR_NAME); the IDL says so,
    // so that a client generated from it (by Sprocket or by Sails tooling) has a constructor to call.
    const service: ServiceDef = { name: 'Relay', interfaceId: '', extends: [], functions: [fn('Ping', 0)], events: [], types: [] };
    const m = withIds({
      version: 1,
      source: 'relay.ts',
      services: [service],
      program: { name: 'Relay', constructors: [], services: [{ name: 'Relay', service: 'Relay', route: 1 }], types: [] },
    });
    const text = emitIdl(m);
    expect(text).toMatch(/constructors \{\n {8}Default\(\);\n {4}\}/);
    const back = parseIdl(text, 'relay.idl');
    expect(back.program?.constructors).toEqual([{ name: 'Default', method: 'default', params: [], entryId: 0 }]);
    expect(emitIdl(back)).toBe(text);
  });
});

describe('emitIdl: doc lines', () => {
  it('writes each line of a doc on its own `///` line, whatever line break separates them (Sails ends a doc line at \\n, \\r\\n or \\r)', () => {
    // A doc string that still holds a line break (a JSDoc written with lone CRs, a hand-built manifest) would otherwise
    // put the rest of the line outside the comment, where Sails and Sprocket read it as IDL and refuse the file.
    const service: ServiceDef = {
      name: 'Docs',
      interfaceId: '',
      extends: [],
      functions: [fn('Ping', 0, { docs: ['one\rtwo', 'three\r\nfour', 'five\nsix'] })],
      events: [{ name: 'Pinged', fields: [], entryId: 0, docs: ['a\rb'] }],
      types: [{ kind: 'struct', name: 'Doc', fields: [{ name: 'x', type: prim('u8'), docs: ['c\rd'] }], docs: ['e\nf'] }],
    };
    const text = emitIdl(withIds({ version: 1, source: 'docs.ts', services: [service] }));
    expect(text).not.toMatch(/\r/);
    const back = parseIdl(text, 'docs.idl');
    const s = back.services[0];
    expect(s?.functions[0]?.docs).toEqual(['one', 'two', 'three', 'four', 'five', 'six']);
    expect(s?.events[0]?.docs).toEqual(['a', 'b']);
    expect(s?.types[0]?.docs).toEqual(['e', 'f']);
    expect(s?.types[0]?.kind === 'struct' ? s.types[0].fields[0]?.docs : undefined).toEqual(['c', 'd']);
  });
});

describe('emitIdl/parseIdl property', () => {
  it('parse(emit(m)) deep-equals m and emit is a fixed point', () => {
    fc.assert(
      fc.property(manifestArb, (m) => {
        // Sails refuses two services with one interface id (e.g. two empty services).
        fc.pre(new Set(m.services.map((s) => s.interfaceId)).size === m.services.length);
        const text = emitIdl(m);
        const back = parseIdl(text, 'gen.idl');
        // A program without constructors is written with its implicit `Default()` (entry 0), which reads back.
        const implicit = m.program !== undefined && m.program.constructors.length === 0;
        const expected = implicit
          ? { ...m, program: { ...m.program, constructors: [{ name: 'Default', method: 'default', params: [], entryId: 0 }] } }
          : m;
        expect(back).toEqual(expected);
        expect(emitIdl(back)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
