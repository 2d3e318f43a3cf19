// biome-ignore-all lint/suspicious/noExplicitAny: test helpers convert values of arbitrary generated types.
/** fast-check arbitraries of random SCALE types paired with their sprocket codec and @polkadot/types definition. */
import fc from 'fast-check';
import {
  actorId,
  array,
  bool,
  bytes,
  type Codec,
  compact,
  enumTagged,
  enumUnit,
  fixedBytes,
  h256,
  i8,
  i16,
  i32,
  i64,
  i128,
  map,
  option,
  result,
  str,
  struct,
  toHex,
  tuple,
  u8,
  u16,
  u32,
  u64,
  u128,
  u256,
  vec,
} from '../sdk/src/scale/index.js';

/** A random type: its codec, the polkadot type string, polkadot type definitions to register, a value arbitrary and a converter to polkadot input. */
export interface TypeCase {
  readonly codec: Codec<any>;
  readonly pd: string;
  readonly defs: Record<string, unknown>;
  readonly value: fc.Arbitrary<unknown>;
  readonly toPd: (v: any) => unknown;
}

let counter = 0;
const fresh = (prefix: string) => `${prefix}${counter++}`;
const id = (v: unknown) => v;
const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toHex);

const prim = (codec: Codec<any>, pd: string, value: fc.Arbitrary<unknown>, toPd: (v: any) => unknown = id): TypeCase => ({
  codec,
  pd,
  defs: {},
  value,
  toPd,
});

const bigRange = (min: bigint, max: bigint) =>
  fc.oneof(fc.bigInt({ min, max }), fc.constantFrom(min, max, 0n > min ? 0n : min, 2n ** 53n > max ? max : 2n ** 53n));

/** Key types usable in maps. */
export const keyTypes: TypeCase[] = [
  prim(u8, 'u8', fc.integer({ min: 0, max: 255 })),
  prim(u32, 'u32', fc.integer({ min: 0, max: 2 ** 32 - 1 })),
  prim(i32, 'i32', fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  prim(u64, 'u64', bigRange(0n, 2n ** 64n - 1n)),
  prim(str, 'Text', fc.string({ unit: 'grapheme', maxLength: 6 })),
];

/** All primitive types. */
export const primitives: TypeCase[] = [
  prim(bool, 'bool', fc.boolean()),
  ...keyTypes,
  prim(u16, 'u16', fc.integer({ min: 0, max: 65535 })),
  prim(i8, 'i8', fc.integer({ min: -128, max: 127 })),
  prim(i16, 'i16', fc.integer({ min: -32768, max: 32767 })),
  prim(u128, 'u128', bigRange(0n, 2n ** 128n - 1n)),
  prim(u256, 'u256', bigRange(0n, 2n ** 256n - 1n)),
  prim(i64, 'i64', bigRange(-(2n ** 63n), 2n ** 63n - 1n)),
  prim(i128, 'i128', bigRange(-(2n ** 127n), 2n ** 127n - 1n)),
  prim(str, 'Text', fc.string({ unit: 'grapheme', maxLength: 80 })),
  prim(actorId, 'H256', hex32),
  prim(h256, 'H256', hex32),
  // A plain array, not hex: @polkadot/types reads the hex string '0x' inside an Option as None.
  prim(bytes, 'Bytes', fc.uint8Array({ maxLength: 70 }), (v: Uint8Array) => Array.from(v)),
  prim(fixedBytes(4), '[u8;4]', fc.uint8Array({ minLength: 4, maxLength: 4 }), (v: Uint8Array) => toHex(v)),
  prim(
    compact('u32'),
    'Compact<u32>',
    fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(0, 63, 64, 16383, 16384, 2 ** 30 - 1, 2 ** 30, 2 ** 32 - 1)),
  ),
  prim(compact('u64'), 'Compact<u64>', bigRange(0n, 2n ** 64n - 1n)),
  prim(compact('u128'), 'Compact<u128>', bigRange(0n, 2n ** 128n - 1n)),
];

const merge = (...cs: TypeCase[]): Record<string, unknown> => Object.assign({}, ...cs.map((c) => c.defs));

function composite(inner: fc.Arbitrary<TypeCase>): fc.Arbitrary<TypeCase> {
  const some = fc.array(inner, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    inner.map((t) => ({
      codec: vec(t.codec),
      pd: `Vec<${t.pd}>`,
      defs: t.defs,
      value: fc.array(t.value, { maxLength: 4 }),
      toPd: (v: unknown[]) => v.map(t.toPd),
    })),
    fc.tuple(inner, fc.integer({ min: 1, max: 3 })).map(([t, n]) => ({
      codec: array(t.codec, n),
      pd: `[${t.pd};${n}]`,
      defs: t.defs,
      value: fc.array(t.value, { minLength: n, maxLength: n }),
      toPd: (v: unknown[]) => v.map(t.toPd),
    })),
    fc.array(inner, { minLength: 2, maxLength: 3 }).map((ts) => ({
      codec: tuple(...ts.map((t) => t.codec)),
      pd: `(${ts.map((t) => t.pd).join(',')})`,
      defs: merge(...ts),
      value: fc.tuple(...ts.map((t) => t.value)),
      toPd: (v: unknown[]) => v.map((x, i) => (ts[i] as TypeCase).toPd(x)),
    })),
    inner
      .filter((t) => !t.codec.idl.startsWith('Option<'))
      .map((t) => ({
        codec: option(t.codec),
        pd: `Option<${t.pd}>`,
        defs: t.defs,
        value: fc.option(t.value, { nil: null }),
        toPd: (v: unknown) => (v === null ? null : t.toPd(v)),
      })),
    fc.tuple(inner, inner).map(([a, b]) => ({
      codec: result(a.codec, b.codec),
      pd: `Result<${a.pd},${b.pd}>`,
      defs: merge(a, b),
      value: fc.oneof(
        a.value.map((ok) => ({ ok })),
        b.value.map((err) => ({ err })),
      ),
      toPd: (v: { ok: unknown } | { err: unknown }) => ('ok' in v ? { Ok: a.toPd(v.ok) } : { Err: b.toPd(v.err) }),
    })),
    some.map((ts) => {
      const name = fresh('S');
      const fields = ts.map((t, i) => [`f${i}`, t] as const);
      const def = Object.fromEntries(fields.map(([n, t]) => [n, t.pd]));
      return {
        codec: struct(
          name,
          fields.map(([n, t]) => [n, t.codec] as const),
        ),
        pd: name,
        defs: { ...merge(...ts), [name]: def },
        value: fc.record(Object.fromEntries(fields.map(([n, t]) => [n, t.value]))),
        toPd: (v: Record<string, unknown>) => Object.fromEntries(fields.map(([n, t]) => [n, t.toPd(v[n])])),
      };
    }),
    fc
      .array(fc.constantFrom('unit', 'named', 'one', 'many'), { minLength: 1, maxLength: 4 })
      .chain((forms) => fc.array(inner, { minLength: 4, maxLength: 4 }).map((ts) => enumCase(forms, ts))),
    fc.tuple(fc.constantFrom(...keyTypes), inner).map(([k, v]) => ({
      codec: map(k.codec, v.codec),
      pd: `BTreeMap<${k.pd},${v.pd}>`,
      defs: v.defs,
      value: fc.uniqueArray(fc.tuple(k.value, v.value), { maxLength: 4, selector: (e) => e[0] }).map((es) => new Map(es)),
      toPd: (m: Map<unknown, unknown>) => new Map([...m].map(([a, b]) => [k.toPd(a), v.toPd(b)])),
    })),
  );
}

function enumCase(forms: string[], ts: TypeCase[]): TypeCase {
  const name = fresh('E');
  if (forms.every((f) => f === 'unit')) {
    const variants = forms.map((_, i) => `V${i}`);
    return {
      codec: enumUnit(name, variants),
      pd: name,
      defs: { [name]: { _enum: variants } },
      value: fc.constantFrom(...variants),
      toPd: id,
    };
  }
  const [a, b, c, d] = ts as [TypeCase, TypeCase, TypeCase, TypeCase];
  const specs = forms.map((form, i) => {
    const vname = `V${i}`;
    switch (form) {
      case 'unit':
        return { spec: { name: vname, fields: [] }, pd: 'Null', value: fc.constant({ kind: vname }), toPd: () => ({ [vname]: null }) };
      case 'named':
        return {
          spec: {
            name: vname,
            fields: [
              ['x', a.codec],
              ['y', b.codec],
            ] as const,
          },
          pd: { x: a.pd, y: b.pd },
          value: fc.record({ x: a.value, y: b.value }).map((r) => ({ kind: vname, ...r })),
          toPd: (v: { x: unknown; y: unknown }) => ({ [vname]: { x: a.toPd(v.x), y: b.toPd(v.y) } }),
        };
      case 'one':
        return {
          spec: { name: vname, fields: [c.codec] },
          pd: c.pd,
          value: c.value.map((value) => ({ kind: vname, value })),
          toPd: (v: { value: unknown }) => ({ [vname]: c.toPd(v.value) }),
        };
      default:
        return {
          spec: { name: vname, fields: [c.codec, d.codec] },
          pd: `(${c.pd},${d.pd})`,
          value: fc.tuple(c.value, d.value).map((value) => ({ kind: vname, value })),
          toPd: (v: { value: [unknown, unknown] }) => ({ [vname]: [c.toPd(v.value[0]), d.toPd(v.value[1])] }),
        };
    }
  });
  return {
    codec: enumTagged(
      name,
      specs.map((s) => s.spec),
    ),
    pd: name,
    defs: { ...merge(a, b, c, d), [name]: { _enum: Object.fromEntries(specs.map((s, i) => [`V${i}`, s.pd])) } },
    value: fc.oneof(...specs.map((s) => s.value)),
    toPd: (v: { kind: string }) => {
      const s = specs.find((x) => x.spec.name === v.kind) as (typeof specs)[number];
      return (s.toPd as (x: unknown) => unknown)(v);
    },
  };
}

/** A random type of depth ≤ `depth`. */
export function typeCase(depth = 3): fc.Arbitrary<TypeCase> {
  const leaf = fc.constantFrom(...primitives);
  let arb: fc.Arbitrary<TypeCase> = leaf;
  for (let d = 0; d < depth; d++) {
    const inner = arb;
    arb = fc.oneof({ weight: 2, arbitrary: leaf }, { weight: 3, arbitrary: composite(inner) });
  }
  return arb;
}

/** A random type with a random value of it. */
export function typedValue(depth = 3): fc.Arbitrary<[TypeCase, unknown]> {
  return typeCase(depth).chain((t) => t.value.map((v) => [t, v] as [TypeCase, unknown]));
}
