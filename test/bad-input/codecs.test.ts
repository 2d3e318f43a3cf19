// Bad-input catalogue, codecs (sdk): each class fails with its exact code, and the input is left as it was.
import { describe, expect, it } from 'vitest';
import { codec as c, codecFromType, decode, encode, fromHex, ScaleReader, type TypeDef, toHex } from '../../sdk/src/index.js';

/** Runs `f`, expects a Sprocket error with `code`, and returns it. */
function fails(f: () => unknown, code: string): Error & { code: string } {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an error').toBeInstanceOf(Error);
  expect((caught as { code?: string }).code).toBe(code);
  return caught as Error & { code: string };
}

/** Decodes `hex` with `codec`, expects `code`, and checks that the input bytes were not changed. */
function decodeFails(codec: Parameters<typeof decode>[0], hex: string, code: string): Error & { code: string } {
  const bytes = fromHex(hex);
  const e = fails(() => decode(codec, bytes), code);
  expect(toHex(bytes)).toBe(hex);
  return e;
}

describe('bad input: codecs', () => {
  it('zero-size amplification: [[()]] from 274 bytes is refused, not 2^28 items', () => {
    const vv = c.vec(c.vec(c.tuple()));
    // 68 inner vectors, each claiming 2^20 unit items in four bytes.
    const hex = `0x1101${'02004000'.repeat(68)}`;
    const e = decodeFails(vv, hex, 'SCALE_LENGTH_OVERFLOW');
    expect(e.message).toMatch(/zero-size items exceed/);
  });

  it('zero-size amplification through the reflective codec (Vec<Vec<Empty>>)', () => {
    const types = new Map<string, TypeDef>([['Empty', { kind: 'struct', name: 'Empty', fields: [] }]]);
    const codec = codecFromType({ kind: 'vec', item: { kind: 'vec', item: { kind: 'named', name: 'Empty' } } }, types);
    decodeFails(codec, `0x1101${'02004000'.repeat(68)}`, 'SCALE_LENGTH_OVERFLOW');
  });

  it('zero-size fixed arrays are charged too: [[(); 65536]; 65536] in zero bytes', () => {
    decodeFails(c.array(c.array(c.tuple(), 65536), 65536), '0x', 'SCALE_LENGTH_OVERFLOW');
  });

  it('a fair number of zero-size items still decodes', () => {
    expect(decode(c.vec(c.tuple()), fromHex('0x0110'))).toHaveLength(1024);
  });

  it('fixed arrays check the input size before decoding items', () => {
    decodeFails(c.array(c.u64, 1 << 20), '0x00', 'SCALE_SHORT_INPUT');
  });

  it('a lone surrogate is refused on encode, from JSON and on decode (never turned into U+FFFD)', () => {
    fails(() => encode(c.str, '\ud800'), 'SCALE_BAD_UTF8');
    fails(() => encode(c.str, `${'é'.repeat(70)}\udfff`), 'SCALE_BAD_UTF8');
    fails(() => c.str.fromJson('a\udc00b', 's'), 'SCALE_BAD_UTF8');
    decodeFails(c.str, '0x0ceda080', 'SCALE_BAD_UTF8');
    expect(decode(c.str, encode(c.str, 'ok \u{1F600}'))).toBe('ok \u{1F600}');
  });

  it('duplicate map keys in JSON are refused (one set lookup per entry)', () => {
    const m = c.map(c.str, c.u32);
    const e = fails(
      () =>
        m.fromJson(
          [
            ['a', 1],
            ['b', 2],
            ['a', 3],
          ],
          'm',
        ),
      'SCALE_BAD_JSON',
    );
    expect(e.message).toBe('m[2].key: duplicate map key "a"');
    const big = Array.from({ length: 40_000 }, (_, i) => [i, i]);
    expect(c.map(c.u32, c.u32).fromJson(big, 'm').size).toBe(40_000);
    const composite = c.map(c.tuple(c.u8, c.str), c.bool);
    fails(
      () =>
        composite.fromJson(
          [
            [[1, 'x'], true],
            [[1, 'x'], false],
          ],
          'm',
        ),
      'SCALE_BAD_JSON',
    );
  });

  it('a field named __proto__ round-trips through JSON and SCALE', () => {
    const s = c.struct('P', [['__proto__', c.u32]] as const);
    const json = JSON.parse('{"__proto__": 5}') as unknown;
    const v = s.fromJson(json, 'p');
    expect(Object.hasOwn(v as object, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(JSON.stringify(s.toJson(decode(s, encode(s, v))))).toBe('{"__proto__":5}');
  });

  it('unsafe JSON numbers are refused, not silently rounded', () => {
    const e = fails(() => c.u64.fromJson(2 ** 64, 'x'), 'SCALE_BAD_JSON');
    expect(e.message).toMatch(/decimal string/);
    expect(c.u64.fromJson('18446744073709551615', 'x')).toBe(18446744073709551615n);
  });

  it('a 100k-digit number is not echoed whole', () => {
    const e = fails(() => c.u128.fromJson('9'.repeat(100_000), 'x'), 'SCALE_RANGE');
    expect(e.message.length).toBeLessThan(200);
  });

  it('control characters in an echoed value are escaped', () => {
    const e = fails(() => c.u32.fromJson('\u001b[31mred', 'x'), 'SCALE_BAD_JSON');
    expect(e.message.includes('\u001b')).toBe(false);
    const f = fails(() => c.struct('S', [['a', c.u8]] as const).fromJson({ a: 1, '\u001b]0;x\u0007': 2 }, 's'), 'SCALE_BAD_JSON');
    expect([...f.message].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
  });

  it('a reader spends its zero-size budget across the whole decode', () => {
    const r = new ScaleReader(new Uint8Array(4));
    r.zeroSized(60_000);
    fails(() => r.zeroSized(10_000), 'SCALE_LENGTH_OVERFLOW');
  });
});

describe('bad input: recursive types', () => {
  const types = new Map<string, TypeDef>([
    ['Node', { kind: 'struct', name: 'Node', fields: [{ name: 'next', type: { kind: 'option', some: { kind: 'named', name: 'Node' } } }] }],
  ]);
  const node = codecFromType({ kind: 'named', name: 'Node' }, types);

  it('a deeply nested recursive value is SCALE_TOO_DEEP, not a stack overflow', () => {
    decodeFails(node, `0x${'01'.repeat(100_000)}00`, 'SCALE_TOO_DEEP');
    let json: unknown = { next: null };
    for (let i = 0; i < 100_000; i++) json = { next: json };
    fails(() => node.fromJson(json, 'n'), 'SCALE_TOO_DEEP');
  });

  it('recursive values within the limit round-trip, and a recursive vec item counts its own bytes', () => {
    const hex = `0x${'01'.repeat(100)}00`;
    expect(toHex(encode(node, decode(node, fromHex(hex))))).toBe(hex);
    const tree = new Map<string, TypeDef>([
      ['Tree', { kind: 'struct', name: 'Tree', fields: [{ name: 'kids', type: { kind: 'vec', item: { kind: 'named', name: 'Tree' } } }] }],
    ]);
    const t = codecFromType({ kind: 'vec', item: { kind: 'named', name: 'Tree' } }, tree);
    // 100,000 leaves are 100,000 bytes of input, not zero-size items.
    const leaves = new Uint8Array(100_004);
    leaves.set([0x82, 0x1a, 0x06, 0x00]);
    expect(decode(t, leaves)).toHaveLength(100_000);
  });
});
