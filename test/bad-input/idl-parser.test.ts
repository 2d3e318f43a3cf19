// Bad-input catalogue, IDL parser: each class is a located IdlParseError with its exact code, never a raw
// RangeError, a hang or a crash.
import { describe, expect, it } from 'vitest';
import { emitGenerated } from '../../compiler-plugin/src/emit/generated.js';
import { IdlParseError } from '../../compiler-plugin/src/errors.js';
import { parseIdl } from '../../compiler-plugin/src/idl/parser.js';
import { codecFromType, decode, encode, type TypeDef } from '../../sdk/src/index.js';

/** Parses `text`, expects an IdlParseError with `code` (and `line`, when given), and returns it. */
function refused(text: string, code: string, line?: number): IdlParseError {
  let caught: unknown;
  try {
    parseIdl(text, 'bad.idl');
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(IdlParseError);
  const e = caught as IdlParseError;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/^bad\.idl:\d+:\d+: /);
  if (line !== undefined) expect(e.line).toBe(line);
  return e;
}

const svc = (fn: string, types = '') => `service S {\n  functions {\n    ${fn}\n  }\n  types {\n${types}\n  }\n}\n`;
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

describe('bad input: IDL parser', () => {
  it('a fixed array of 2^32-1 zero-size items is a located error, not a fatal V8 error', () => {
    refused(svc('F(a: [(); 4294967295]) -> u8;'), 'IDL_INVALID', 3);
    refused(svc('F(a: [u8; 99999999999999999999999]) -> u8;'), 'IDL_INVALID', 3);
  });

  it('nesting 5,000 deep is IDL_TOO_DEEP', () => {
    refused(svc(`F(a: ${'['.repeat(5000)}u8${']'.repeat(5000)}) -> u8;`), 'IDL_TOO_DEEP', 3);
    refused(svc(`F(a: ${'Option<'.repeat(5000)}u8${'>'.repeat(5000)}) -> u8;`), 'IDL_TOO_DEEP', 3);
    refused(svc(`F(a: ${'('.repeat(5000)}u8${',)'.repeat(5000)}) -> u8;`), 'IDL_TOO_DEEP', 3);
  });

  it('alias chains of 5,000 (declared in either order) are IDL_TOO_DEEP', () => {
    refused(svc('F(a: A4999) -> u8;', `alias A0 = u8;\n${lines(4999, (i) => `alias A${i + 1} = A${i};`)}`), 'IDL_TOO_DEEP');
    refused(svc('F(a: A4999) -> u8;', `${lines(4999, (i) => `alias A${4999 - i} = A${4998 - i};`)}\nalias A0 = u8;`), 'IDL_TOO_DEEP');
  });

  it('chains and cycles of 10,000 named types are IDL_TOO_DEEP', () => {
    refused(svc('F(a: S9999) -> u8;', `struct S0 { x: u8 }\n${lines(9999, (i) => `struct S${i + 1} { x: S${i} }`)}`), 'IDL_TOO_DEEP');
    refused(
      svc(
        'F(a: u8) -> u8;',
        lines(10_000, (i) => `struct S${i} { x: Option<S${(i + 1) % 10_000}> }`),
      ),
      'IDL_TOO_DEEP',
    );
  });

  it('struct chains of two fields parse in linear time (memoised hashes)', () => {
    const m = parseIdl(svc('F(a: S40) -> u8;', `struct S0 { x: u8 }\n${lines(40, (i) => `struct S${i + 1} { a: S${i}, b: S${i} }`)}`));
    expect(m.services[0]?.interfaceId).toMatch(/^0x[0-9a-f]{16}$/);
  });

  it('generic aliases doubling at each level are IDL_TOO_LARGE, not an exponential expansion', () => {
    refused(
      svc('F(a: A40<u8>) -> u8;', `alias A0<T> = T;\n${lines(40, (i) => `alias A${i + 1}<T> = (A${i}<T>, A${i}<T>);`)}`),
      'IDL_TOO_LARGE',
    );
    // A few levels are fine.
    const ok = parseIdl(svc('F(a: A3<u8>) -> u8;', `alias A0<T> = T;\n${lines(3, (i) => `alias A${i + 1}<T> = (A${i}<T>, A${i}<T>);`)}`));
    expect(ok.services[0]?.functions[0]?.params[0]?.type.kind).toBe('tuple');
  });

  it('generic structs doubling their arguments at each level: the interface id is linear, the generator refuses (EMIT_TOO_LARGE)', () => {
    const text = svc(
      'F(a: G30<u8>) -> u8;',
      `struct G0<T> { x: T }\n${lines(30, (i) => `struct G${i + 1}<T> { a: G${i}<T>, b: G${i}<(T, T)> }`)}`,
    );
    const m = parseIdl(text);
    expect(m.services[0]?.interfaceId).toMatch(/^0x[0-9a-f]{16}$/);
    expect(() => emitGenerated({ ...m, source: 'g.idl' }, { idl: text, command: 'sprocket client', source: 'g.idl' })).toThrow(
      expect.objectContaining({ code: 'EMIT_TOO_LARGE' }),
    );
  });

  it('an enum over 256 variants is refused where it is declared', () => {
    refused(svc('F(a: E) -> u8;', `enum E {\n${lines(257, (i) => `V${i},`)}\n}`), 'IDL_INVALID', 263);
    expect(parseIdl(svc('F(a: E) -> u8;', `enum E {\n${lines(256, (i) => `V${i},`)}\n}`)).services).toHaveLength(1);
  });

  it('a user type named like a primitive or a built-in is refused', () => {
    refused(svc('F(a: u8) -> u8;', 'struct u8 { x: u32 }'), 'IDL_INVALID', 6);
    refused(svc('F(a: u8) -> u8;', 'enum Option { A }'), 'IDL_INVALID', 6);
    refused(svc('F(a: u8) -> u8;', 'alias String = u32;'), 'IDL_INVALID', 6);
  });

  it('a field named __proto__ works end to end', () => {
    const m = parseIdl(svc('F(a: P) -> u8;', 'struct P { __proto__: u32 }'));
    const types = new Map<string, TypeDef>(m.services[0]?.types.map((d) => [d.name, d]) ?? []);
    const codec = codecFromType({ kind: 'named', name: 'P' }, types);
    const v = codec.fromJson(JSON.parse('{"__proto__": 7}'), 'p');
    expect(JSON.stringify(codec.toJson(decode(codec, encode(codec, v))))).toBe('{"__proto__":7}');
  });

  it('duplicate @entry_id values are refused at the second entry', () => {
    refused('service S {\n  functions {\n    @entry_id: 1\n    A() -> u8;\n    @entry_id: 1\n    B() -> u8;\n  }\n}\n', 'IDL_DUPLICATE', 6);
    refused('service S {\n  events {\n    @entry_id: 1\n    A,\n    B,\n  }\n}\n', 'IDL_DUPLICATE', 5);
  });

  it('control characters are escaped in the message', () => {
    const e = refused('service S { \u001b[31m }', 'IDL_SYNTAX', 1);
    expect(e.message.includes('\u001b')).toBe(false);
    expect(e.message).toContain('U+001B');
  });
});
