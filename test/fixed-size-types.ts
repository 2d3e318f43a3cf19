// biome-ignore-all lint/suspicious/noExplicitAny: a type's values are handed to @polkadot/types as they are
// Random fixed-size SCALE types for test/codegen-fixed-size.test.ts: each with its independent size, byte layout,
// @polkadot/types oracle type, and arbitraries of good and bad values.
import { type FieldDef, type TypeDef, type TypeRef, toHex } from '@sprocket/sdk';
import fc from 'fast-check';

/** A bad value put somewhere inside a value, with the path the error must name. */
export interface Bad {
  readonly value: unknown;
  readonly path: string;
  readonly code: string;
}

/** One random type of the manifest: what the generator sees, what the oracle sees, and values. */
export interface Ty {
  readonly ref: TypeRef;
  /** The encoded size computed here (undefined: variable-size). */
  readonly size: number | undefined;
  /** The @polkadot/types type name. */
  readonly pd: string;
  /** Named types it needs, for the manifest and for the polkadot registry. */
  readonly defs: readonly TypeDef[];
  readonly pdDefs: Record<string, unknown>;
  readonly value: fc.Arbitrary<unknown>;
  readonly toPd: (v: any) => unknown;
  /** A value of the type with one bad leaf, and the path of that leaf when the value sits at `path`. */
  readonly bad: (path: string) => fc.Arbitrary<Bad>;
  /** Byte offsets (relative to the value) of the 64-bit words written, per primitive name. */
  readonly words: readonly (readonly [string, number])[];
}

/** The type in IDL-like text (how fast-check prints a counterexample). */
function typeText(ref: TypeRef): string {
  switch (ref.kind) {
    case 'primitive':
      return ref.name;
    case 'array':
      return `[${typeText(ref.item)}; ${ref.length}]`;
    case 'tuple':
      return `(${ref.items.map(typeText).join(', ')})`;
    case 'vec':
      return `[${typeText(ref.item)}]`;
    case 'option':
      return `Option<${typeText(ref.some)}>`;
    case 'named':
      return ref.args === undefined ? ref.name : `${ref.name}<${ref.args.map(typeText).join(', ')}>`;
    default:
      return ref.kind;
  }
}

/** Makes fast-check print a type as its text and the fields of its named types. */
function printable(t: Ty): Ty {
  return Object.assign(t, {
    [fc.toStringMethod]: () => `${typeText(t.ref)}${t.defs.length === 0 ? '' : ` where ${JSON.stringify(t.defs)}`}`,
  });
}

const prim = (name: string): TypeRef => ({ kind: 'primitive', name }) as TypeRef;
export const same = (v: unknown): unknown => v;

/** Boundary values first, then the whole range. */
function ints(min: number, max: number): fc.Arbitrary<number> {
  const edges = [min, max, 0, 1, -1, max - 1, min + 1].filter((x) => x >= min && x <= max);
  return fc.oneof(fc.constantFrom(...edges), fc.integer({ min, max }));
}

function bigs(min: bigint, max: bigint): fc.Arbitrary<bigint> {
  const candidates = [
    min,
    max,
    0n,
    1n,
    -1n,
    max - 1n,
    min + 1n,
    2n ** 32n,
    2n ** 53n,
    2n ** 63n - 1n,
    2n ** 63n,
    2n ** 64n - 1n,
    2n ** 64n,
  ];
  const edges = [...candidates, -(2n ** 63n), -(2n ** 64n), 2n ** 128n - 1n].filter((x) => x >= min && x <= max);
  return fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min, max }));
}

function leaf(
  name: string,
  pd: string,
  size: number,
  value: fc.Arbitrary<unknown>,
  bad: fc.Arbitrary<[unknown, string]>,
  toPd: (v: any) => unknown = same,
): Ty {
  const wordSize = /64|128|256/.test(name) ? 8 : 0;
  const words: [string, number][] = [];
  if (wordSize > 0) for (let at = 0; at < size; at += 8) words.push([name, at]);
  return printable({
    ref: prim(name),
    size,
    pd,
    defs: [],
    pdDefs: {},
    value,
    toPd,
    bad: (path) => bad.map(([v, code]) => ({ value: v, path, code })),
    words,
  });
}

const R = 'SCALE_RANGE';
const V = 'SCALE_BAD_VALUE';
const L = 'SCALE_BAD_LENGTH';
export const hex = (n: number): fc.Arbitrary<string> => fc.uint8Array({ minLength: n, maxLength: n }).map(toHex);
const SCALAR = fc.oneof(
  fc.constantFrom(0, 0x61, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x10ffff),
  fc.integer({ min: 0, max: 0x10ffff - 0x800 }).map((cp) => (cp >= 0xd800 ? cp + 0x800 : cp)),
);

function smallInt(name: string, size: number, min: number, max: number): Ty {
  return leaf(name, name, size, ints(min, max), fc.constantFrom<[unknown, string]>([max + 1, R], [min - 1, R], [0.5, R], [`${max}`, V]));
}

function bigInt(name: string, size: number, min: bigint, max: bigint): Ty {
  return leaf(name, name, size, bigs(min, max), fc.constantFrom<[unknown, string]>([max + 1n, R], [min - 1n, R], [1, V]));
}

function nonZero(bits: 8 | 16 | 32 | 64 | 128 | 256): Ty {
  const name = `NonZeroU${bits}`;
  const size = bits / 8;
  if (bits <= 32) {
    const max = 2 ** bits - 1;
    return leaf(name, `u${bits}`, size, ints(1, max), fc.constantFrom<[unknown, string]>([0, R], [max + 1, R]));
  }
  const max = 2n ** BigInt(bits) - 1n;
  return leaf(name, `u${bits}`, size, bigs(1n, max), fc.constantFrom<[unknown, string]>([0n, R], [max + 1n, R], [-1n, R]));
}

const badId: fc.Arbitrary<[unknown, string]> = fc.constantFrom<[unknown, string]>(
  [`0x${'zz'.repeat(32)}`, V],
  [`0x${'00'.repeat(31)}`, L],
  [7, V],
);

/** Every primitive with a fixed encoded size. */
const LEAVES: readonly Ty[] = [
  leaf('bool', 'bool', 1, fc.boolean(), fc.constantFrom<[unknown, string]>([1, V], ['true', V])),
  smallInt('u8', 1, 0, 0xff),
  smallInt('u16', 2, 0, 0xffff),
  smallInt('u32', 4, 0, 0xffffffff),
  smallInt('i8', 1, -0x80, 0x7f),
  smallInt('i16', 2, -0x8000, 0x7fff),
  smallInt('i32', 4, -0x80000000, 0x7fffffff),
  bigInt('u64', 8, 0n, 2n ** 64n - 1n),
  bigInt('u128', 16, 0n, 2n ** 128n - 1n),
  bigInt('u256', 32, 0n, 2n ** 256n - 1n),
  bigInt('i64', 8, -(2n ** 63n), 2n ** 63n - 1n),
  bigInt('i128', 16, -(2n ** 127n), 2n ** 127n - 1n),
  ...(['ActorId', 'CodeId', 'MessageId', 'H256'] as const).map((name) => leaf(name, 'H256', 32, hex(32), badId)),
  leaf('H160', 'H160', 20, hex(20), fc.constantFrom<[unknown, string]>([`0x${'ab'.repeat(19)}`, V], [`0x${'g0'.repeat(20)}`, V])),
  leaf(
    'char',
    'u32',
    4,
    SCALAR.map((cp) => String.fromCodePoint(cp)),
    fc.constantFrom<[unknown, string]>(['ab', V], ['', V], ['\ud800', V], [65, V]),
    (c: string) => c.codePointAt(0),
  ),
  ...([8, 16, 32, 64, 128, 256] as const).map(nonZero),
];

let fresh = 0;

/** Replaces item `i` of a list value by a bad one. */
function badAt(items: fc.Arbitrary<unknown[]>, n: number, bad: (i: number) => fc.Arbitrary<Bad>): fc.Arbitrary<Bad> {
  return fc
    .integer({ min: 0, max: n - 1 })
    .chain((i) =>
      fc.tuple(items, bad(i)).map(([vs, b]) => ({ value: vs.map((v, j) => (j === i ? b.value : v)), path: b.path, code: b.code })),
    );
}

function shift(words: readonly (readonly [string, number])[], by: number): [string, number][] {
  return words.map(([n, at]) => [n, at + by]);
}

/** Concatenated layouts of a list of types. */
export function sequence(ts: readonly Ty[]): { size: number | undefined; words: [string, number][] } {
  let size: number | undefined = 0;
  const words: [string, number][] = [];
  for (const t of ts) {
    if (size !== undefined) words.push(...shift(t.words, size));
    size = size === undefined || t.size === undefined ? undefined : size + t.size;
  }
  return { size, words };
}

const U8 = LEAVES[1] as Ty;
const U64 = LEAVES[7] as Ty;

/** `[T; n]`; `viaParam`: a generic type's `[T; n]`, whose u8 items are a `u8[]` rather than a byte string. */
function fixedArray(t: Ty, n: number, viaParam = false): Ty {
  const isU8 = !viaParam && t.ref.kind === 'primitive' && t.ref.name === 'u8';
  const isU64 = t.ref.kind === 'primitive' && t.ref.name === 'u64';
  const items = fc.array(t.value, { minLength: n, maxLength: n });
  const words: [string, number][] = [];
  for (let i = 0; i < n; i++) words.push(...shift(t.words, i * (t.size as number)));
  return printable({
    ref: { kind: 'array', item: t.ref, length: n },
    size: n * (t.size as number),
    pd: `[${t.pd};${n}]`,
    defs: t.defs,
    pdDefs: t.pdDefs,
    value: isU8 ? fc.uint8Array({ minLength: n, maxLength: n }) : items,
    toPd: isU8 ? (v: Uint8Array) => toHex(v) : (v: unknown[]) => v.map(t.toPd),
    bad: (path) => {
      // A wrong length is refused at the array; a bad item at the item: `[u64; N]` is written in one batch that
      // names the index, other arrays name their items `path[]`.
      const short = { value: isU8 ? new Uint8Array(n + 1) : [...Array(n + 1)].map(() => 0), path, code: L };
      if (n === 0 || isU8) return fc.constant(short);
      return fc.oneof(
        fc.constant(short),
        badAt(items, n, (i) => t.bad(isU64 ? `${path}[${i}]` : `${path}[]`)),
      );
    },
    words,
  });
}

function tuple(ts: readonly Ty[]): Ty {
  const items = fc.tuple(...ts.map((t) => t.value));
  const { size, words } = sequence(ts);
  return printable({
    ref: { kind: 'tuple', items: ts.map((t) => t.ref) },
    size,
    pd: `(${ts.map((t) => t.pd).join(',')})`,
    defs: ts.flatMap((t) => t.defs),
    pdDefs: Object.assign({}, ...ts.map((t) => t.pdDefs)),
    value: items,
    toPd: (v: unknown[]) => v.map((x, i) => (ts[i] as Ty).toPd(x)),
    bad: (path) => badAt(items, ts.length, (i) => (ts[i] as Ty).bad(`${path}[${i}]`)),
    words,
  });
}

/** A struct without fields: `{}`, nothing on the wire. */
function emptyStruct(): Ty {
  const name = `S${fresh++}`;
  return printable({
    ref: { kind: 'named', name },
    size: 0,
    pd: name,
    defs: [{ kind: 'struct', name, fields: [] }],
    pdDefs: { [name]: {} },
    value: fc.constant({}),
    toPd: same,
    bad: (path) => fc.constant({ value: null, path, code: V }),
    words: [],
  });
}

/** A struct with named fields (`{ f0, f1 }`) or a tuple struct (`[a, b]`). */
function struct(ts: readonly Ty[], named: boolean): Ty {
  const name = `S${fresh++}`;
  const fields: FieldDef[] = ts.map((t, i) => (named ? { name: `f${i}`, type: t.ref } : { type: t.ref }));
  const def: TypeDef = { kind: 'struct', name, fields };
  const { size, words } = sequence(ts);
  const base = {
    ref: { kind: 'named', name } as TypeRef,
    size,
    pd: name,
    defs: [...ts.flatMap((t) => t.defs), def],
    words,
  };
  if (!named) {
    const inner = tuple(ts);
    // @polkadot/types reads a one-item tuple `(T)` as T itself.
    const one = ts.length === 1 ? (ts[0] as Ty) : undefined;
    return printable({
      ...base,
      pdDefs: { ...inner.pdDefs, [name]: one === undefined ? inner.pd : one.pd },
      value: inner.value,
      toPd: one === undefined ? inner.toPd : (v: unknown[]) => one.toPd(v[0]),
      // A named type's failure is placed where the value sits.
      bad: (path) => inner.bad(path),
    });
  }
  const value = fc.tuple(...ts.map((t) => t.value)).map((vs) => Object.fromEntries(vs.map((v, i) => [`f${i}`, v])));
  return printable({
    ...base,
    pdDefs: Object.assign({}, ...ts.map((t) => t.pdDefs), { [name]: Object.fromEntries(ts.map((t, i) => [`f${i}`, t.pd])) }),
    value,
    toPd: (v: Record<string, unknown>) => Object.fromEntries(ts.map((t, i) => [`f${i}`, t.toPd(v[`f${i}`])])),
    bad: (path) =>
      fc
        .integer({ min: 0, max: ts.length - 1 })
        .chain((i) =>
          fc
            .tuple(value, (ts[i] as Ty).bad(`${path}.f${i}`))
            .map(([v, b]) => ({ value: { ...v, [`f${i}`]: b.value }, path: b.path, code: b.code })),
        ),
  });
}

const param = (name: string): TypeRef => ({ kind: 'param', name });

/** The generic structs every manifest declares; their fields use the parameters directly and inside arrays and tuples. */
export const GENERIC: readonly TypeDef[] = [
  {
    kind: 'struct',
    name: 'Pair',
    params: ['A', 'B'],
    fields: [
      { name: 'a', type: param('A') },
      { name: 'mid', type: prim('u16') },
      { name: 'b', type: param('B') },
    ],
  },
  {
    kind: 'struct',
    name: 'Wrap',
    params: ['T'],
    fields: [
      { name: 'items', type: { kind: 'array', item: param('T'), length: 2 } },
      { name: 'tag', type: { kind: 'tuple', items: [prim('u8'), param('T')] } },
    ],
  },
  {
    kind: 'struct',
    name: 'Nest',
    params: ['T'],
    fields: [
      { name: 'inner', type: { kind: 'named', name: 'Pair', args: [param('T'), prim('u8')] } },
      { name: 'w', type: { kind: 'named', name: 'Wrap', args: [param('T')] } },
    ],
  },
];

/** An instantiation of a generic struct: `parts` are its fields with the arguments put in. */
function instance(name: string, args: readonly Ty[], parts: readonly (readonly [string, Ty])[]): Ty {
  const pd = `${name}${fresh++}`;
  const { size, words } = sequence(parts.map(([, t]) => t));
  const value = fc.record(Object.fromEntries(parts.map(([k, t]) => [k, t.value])));
  return printable({
    ref: { kind: 'named', name, args: args.map((t) => t.ref) },
    size,
    pd,
    defs: parts.flatMap(([, t]) => t.defs),
    pdDefs: Object.assign({}, ...parts.map(([, t]) => t.pdDefs), { [pd]: Object.fromEntries(parts.map(([k, t]) => [k, t.pd])) }),
    value,
    toPd: (v: Record<string, unknown>) => Object.fromEntries(parts.map(([k, t]) => [k, t.toPd(v[k])])),
    bad: (path) =>
      fc.integer({ min: 0, max: parts.length - 1 }).chain((i) => {
        const [key, t] = parts[i] as readonly [string, Ty];
        return fc.tuple(value, t.bad(`${path}.${key}`)).map(([v, x]) => ({ value: { ...v, [key]: x.value }, path: x.path, code: x.code }));
      }),
    words,
  });
}

const pair = (a: Ty, b: Ty): Ty =>
  instance(
    'Pair',
    [a, b],
    [
      ['a', a],
      ['mid', LEAVES[2] as Ty],
      ['b', b],
    ],
  );

const nest = (t: Ty): Ty =>
  instance(
    'Nest',
    [t],
    [
      ['inner', pair(t, U8)],
      ['w', wrap(t)],
    ],
  );

const wrap = (t: Ty): Ty =>
  instance(
    'Wrap',
    [t],
    [
      ['items', fixedArray(t, 2, true)],
      ['tag', tuple([U8, t])],
    ],
  );

/** A random fixed-size type, nested up to `depth` levels. */
export function fixedType(depth: number): fc.Arbitrary<Ty> {
  const leaves = fc.constantFrom(...LEAVES);
  if (depth === 0) return leaves;
  const inner = fixedType(depth - 1);
  const list = fc.array(inner, { minLength: 1, maxLength: 4 });
  return fc.oneof(
    { weight: 4, arbitrary: leaves },
    { weight: 1, arbitrary: fc.tuple(inner, fc.integer({ min: 0, max: 4 })).map(([t, n]) => fixedArray(t, n)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => fixedArray(U8, n)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 5 }).map((n) => fixedArray(U64, n)) },
    { weight: 1, arbitrary: fc.array(inner, { minLength: 2, maxLength: 4 }).map(tuple) },
    { weight: 1, arbitrary: fc.tuple(list, fc.boolean()).map(([ts, named]) => struct(ts, named)) },
    { weight: 1, arbitrary: fc.tuple(inner, inner).map(([a, b]) => pair(a, b)) },
    { weight: 1, arbitrary: inner.map(wrap) },
    { weight: 1, arbitrary: inner.map(nest) },
    { weight: 1, arbitrary: fc.constant(null).map(emptyStruct) },
  );
}

/** Types whose size depends on the value: one of them in a message sends it through the shared writer. */
export const VARIABLE: readonly Ty[] = (
  [
    {
      ref: prim('String'),
      size: undefined,
      pd: 'Text',
      defs: [],
      pdDefs: {},
      value: fc.string({ maxLength: 40 }),
      toPd: same,
      bad: (path) => fc.constant({ value: 5, path, code: V }),
      words: [],
    },
    {
      ref: { kind: 'vec', item: prim('u8') },
      size: undefined,
      pd: 'Bytes',
      defs: [],
      pdDefs: {},
      value: fc.uint8Array({ maxLength: 70 }),
      toPd: (v: Uint8Array) => Array.from(v),
      bad: (path) => fc.constant({ value: [1, 2], path, code: V }),
      words: [],
    },
    {
      ref: { kind: 'option', some: prim('u64') },
      size: undefined,
      pd: 'Option<u64>',
      defs: [],
      pdDefs: {},
      value: fc.option(bigs(0n, 2n ** 64n - 1n), { nil: null }),
      toPd: same,
      bad: (path) => fc.constant({ value: -1n, path, code: R }),
      words: [],
    },
    {
      ref: { kind: 'named', name: 'Side' },
      size: undefined,
      pd: 'Side',
      defs: [
        {
          kind: 'enum',
          name: 'Side',
          variants: [
            { name: 'Buy', fields: [] },
            { name: 'Sell', fields: [] },
          ],
        },
      ],
      pdDefs: { Side: { _enum: ['Buy', 'Sell'] } },
      value: fc.constantFrom('Buy', 'Sell'),
      toPd: same,
      bad: (path) => fc.constant({ value: 'Hold', path, code: V }),
      words: [],
    },
  ] as Ty[]
).map(printable);
