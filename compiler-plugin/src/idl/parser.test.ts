import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IdlParseError } from '../errors.js';
import type { ServiceDef } from '../manifest/types.js';
import { parseIdl, serviceRoutes } from './parser.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

const svc = (services: readonly ServiceDef[], name: string): ServiceDef => {
  const s = services.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no service ${name}`);
  return s;
};

describe('parseIdl: the Sails demo program', () => {
  const m = parseIdl(fixture('demo.idl'), 'demo.idl');

  it('verifies every interface id the Sails generator wrote', () => {
    expect(m.services.map((s) => [s.name, s.interfaceId])).toEqual([
      ['PingPong', '0x6d0eb40dde4038f7'],
      ['Counter', '0x579d6daba41b7d82'],
      ['MammalService', '0xf181833573ac05bf'],
      ['WalkerService', '0x06b6750e36f0fda7'],
      ['Dog', '0x061b5337bdb0e35b'],
      ['References', '0xdac2abd57442a5fa'],
      ['ValueFee', '0x41c1080b4e1e8dc5'],
      ['Chaos', '0xf0c8c80dfabf72d5'],
      ['Chain', '0x01fcbe183e2199b0'],
    ]);
  });

  it('reads the program: constructors by index, services by position from 1', () => {
    expect(m.program?.name).toBe('DemoClient');
    expect(m.program?.constructors.map((c) => [c.name, c.method, c.entryId])).toEqual([
      ['Default', 'default', 0],
      ['New', 'new', 1],
    ]);
    expect(m.program?.services.slice(0, 3)).toEqual([
      { name: 'PingPong', service: 'PingPong', route: 1 },
      { name: 'Counter', service: 'Counter', route: 2 },
      { name: 'Dog', service: 'Dog', route: 3 },
    ]);
    expect(serviceRoutes(m).get('Counter')).toBe(2);
  });

  it('reads functions, queries, docs, events and extends', () => {
    const refs = svc(m.services, 'References');
    expect(refs.functions.map((f) => [f.name, f.method, f.kind, f.entryId])).toEqual([
      ['Add', 'add', 'command', 0],
      ['AddByte', 'addByte', 'command', 1],
      ['Baked', 'baked', 'query', 2],
      ['GuessNum', 'guessNum', 'command', 3],
      ['Incr', 'incr', 'command', 4],
      ['LastByte', 'lastByte', 'query', 5],
      ['Message', 'message', 'query', 6],
      ['SetNum', 'setNum', 'command', 7],
    ]);
    expect(refs.types).toEqual([{ kind: 'struct', name: 'ReferenceCount', fields: [{ type: { kind: 'primitive', name: 'u32' } }] }]);
    const counter = svc(m.services, 'Counter');
    expect(counter.functions[0]?.docs).toEqual(['Add a value to the counter']);
    expect(counter.events.map((e) => [e.name, e.entryId])).toEqual([
      ['Added', 0],
      ['Subtracted', 1],
    ]);
    expect(svc(m.services, 'Dog').extends).toEqual(['MammalService', 'WalkerService']);
    const walk = svc(m.services, 'WalkerService').functions[1];
    expect(walk?.returns).toEqual({ kind: 'tuple', items: [] });
  });
});

describe('parseIdl: grammar coverage', () => {
  const m = parseIdl(fixture('coverage.idl'), 'coverage.idl');
  const main = svc(m.services, 'Main');

  it('reads a program written before its services, routes with names, ctor throws', () => {
    expect(m.program?.services).toEqual([
      { name: 'Impl', service: 'Main', route: 1 },
      { name: 'Other', service: 'Other', route: 2 },
    ]);
    expect(m.program?.constructors[1]?.throws).toEqual({ kind: 'primitive', name: 'String' });
    expect(m.program?.constructors[0]?.params[0]?.type).toEqual({ kind: 'primitive', name: 'ActorId' });
  });

  it('reads throws, @entry_id, aliases, generics and the lowercase primitive aliases', () => {
    const [doWork, getValue, pinned, nothing] = main.functions;
    expect(doWork?.throws).toEqual({ kind: 'primitive', name: 'String' });
    expect(getValue?.returns).toEqual({ kind: 'primitive', name: 'u128' });
    expect(pinned?.entryId).toBe(7);
    expect(pinned?.params[0]?.type).toEqual({ kind: 'named', name: 'Container', args: [{ kind: 'primitive', name: 'i16' }] });
    expect(pinned?.returns).toEqual({
      kind: 'tuple',
      items: [
        { kind: 'primitive', name: 'u8' },
        { kind: 'option', some: { kind: 'primitive', name: 'String' } },
      ],
    });
    expect(nothing?.entryId).toBe(2);
    const shape = main.types.find((t) => t.name === 'Shape');
    expect(shape).toMatchObject({ kind: 'enum', params: ['T'] });
    const all = main.types.find((t) => t.name === 'All');
    expect(all?.kind === 'struct' && all.fields.map((f) => f.type)).toContainEqual({
      kind: 'tuple',
      items: [
        { kind: 'primitive', name: 'ActorId' },
        { kind: 'primitive', name: 'CodeId' },
        { kind: 'primitive', name: 'MessageId' },
        { kind: 'primitive', name: 'H256' },
        { kind: 'primitive', name: 'u256' },
      ],
    });
    expect(main.types.find((t) => t.name === 'Point')).toMatchObject({ fields: [{ name: 'x', docs: ['x coordinate'] }, { name: 'y' }] });
  });

  it('computes ids when the IDL omits them', () => {
    expect(main.interfaceId).toMatch(/^0x[0-9a-f]{16}$/);
    expect(main.extends).toEqual(['Other']);
  });

  it('gives services-only files routes from 1 in file order', () => {
    const only = parseIdl('service A { functions { F(); } }\nservice B { functions { G(); } }\n');
    expect(only.program).toBeUndefined();
    expect([...serviceRoutes(only)]).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
  });
});

describe('parseIdl: errors', () => {
  const cases: [string, string, string, number, number][] = [
    ['missing brace', 'service S {\n    functions {\n        F(;\n    }\n}\n', 'IDL_SYNTAX', 3, 11],
    ['stray token at top level', '!@sails: 2.0.0\nstruct X;\n', 'IDL_SYNTAX', 2, 1],
    ['unknown type', 'service S {\n    functions {\n        F(a: Missing);\n    }\n}\n', 'IDL_UNKNOWN_TYPE', 3, 14],
    ['duplicate function', 'service S {\n    functions {\n        F();\n        F();\n    }\n}\n', 'IDL_DUPLICATE', 4, 9],
    ['duplicate type', 'service S {\n    types {\n        struct A;\n        enum A { X }\n    }\n}\n', 'IDL_DUPLICATE', 4, 14],
    ['bad generic arity', 'service S {\n    functions {\n        F() -> Option<u8, u8>;\n    }\n}\n', 'IDL_GENERIC_ARITY', 3, 16],
    ['wrong interface id', 'service Counter@0x0000000000000001 {\n    functions {\n        F();\n    }\n}\n', 'IDL_ID_MISMATCH', 1, 9],
    ['unknown base', 'service S {\n    extends { Base }\n}\n', 'IDL_UNKNOWN_SERVICE', 2, 15],
    ['unterminated array', 'service S {\n    functions {\n        F(a: [u8; ]);\n    }\n}\n', 'IDL_SYNTAX', 3, 19],
    ['mixed fields', 'service S {\n    types {\n        struct P { x: u32, u32 }\n    }\n}\n', 'IDL_MIXED_FIELDS', 3, 16],
    [
      'program type used in a service',
      'program P {\n    types {\n        struct T;\n    }\n}\nservice S {\n    functions {\n        F(a: T);\n    }\n}\n',
      'IDL_UNKNOWN_TYPE',
      8,
      14,
    ],
    ['bad character', 'service S {\n    functions {\n        F() -> u32 $;\n    }\n}\n', 'IDL_SYNTAX', 3, 20],
    // Sails' `InterfaceId::from_str` takes exactly 16 hex digits.
    [
      'short interface id',
      '@partial\nservice S@0x1234 {\n    functions {\n        @entry_id: 0\n        F();\n    }\n}\n',
      'IDL_SYNTAX',
      2,
      10,
    ],
    ['long interface id', 'service S@0x00112233445566778 {\n}\n', 'IDL_SYNTAX', 1, 10],
    // The Sails grammar: `EventsBlock` holds at least one variant; only `//` line comments; an annotation's `:`
    // follows its name directly (`LocalAnn` is compound-atomic).
    ['empty events block', 'service S {\n    events {\n    }\n}\n', 'IDL_SYNTAX', 3, 5],
    ['unit type with a space', 'service S {\n    functions {\n        F(a: ( ));\n    }\n}\n', 'IDL_SYNTAX', 3, 16],
    ['empty extends block', 'service S {\n    extends {}\n}\n', 'IDL_SYNTAX', 2, 14],
    ['block comment', 'service S {\n    /* no */\n}\n', 'IDL_SYNTAX', 2, 5],
    [
      'space before an annotation colon',
      'service S {\n    functions {\n        @entry_id : 3\n        F();\n    }\n}\n',
      'IDL_SYNTAX',
      3,
      19,
    ],
  ];

  it.each(cases)('%s', (_what, text, code, line, column) => {
    let caught: unknown;
    try {
      parseIdl(text, 'bad.idl');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(IdlParseError);
    const err = caught as IdlParseError;
    expect({ code: err.code, file: err.file, line: err.line, column: err.column }).toEqual({ code, file: 'bad.idl', line, column });
    expect(err.message).toMatch(/^bad\.idl:\d+:\d+: /);
  });

  it('reads Unicode white space as Sails does (its WHITESPACE is WHITE_SPACE | NEWLINE)', () => {
    const m = parseIdl('service\u00a0S {\u2003functions {\u3000F();\u2028}\n}\n', 'ws.idl');
    expect(m.services[0]?.functions.map((f) => f.name)).toEqual(['F']);
  });

  it('says what it expected', () => {
    expect(() => parseIdl('service S {\n    functions {\n        F(;\n')).toThrow("expected a parameter name or ')', found ';'");
  });

  it('keeps a declared id without checking it when verifyIds is false', () => {
    const m = parseIdl('service Counter@0x0000000000000001 {\n    functions {\n        F();\n    }\n}\n', '<idl>', { verifyIds: false });
    expect(m.services[0]?.interfaceId).toBe('0x0000000000000001');
  });
});

describe('an IDL that declares nothing', () => {
  it.each([
    ['empty', ''],
    ['white space only', '  \n\t\r\n  \n'],
    ['comments and the header only', '// a program that was never written\n!@sails: 1.0.0\n'],
  ])('is refused with IDL_EMPTY naming the file (%s), not read as an empty client', (_what, text) => {
    expect(() => parseIdl(text, 'nothing.idl')).toThrow(
      expect.objectContaining({
        code: 'IDL_EMPTY',
        file: 'nothing.idl',
        message: expect.stringMatching(/^nothing\.idl:1:1: .*declares no program and no service/),
      }),
    );
  });
});
