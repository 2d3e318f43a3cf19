// biome-ignore-all lint/suspicious/noExplicitAny: the modules under test are generated and evaluated by the test itself
// Generated encoders of fixed-size messages (`$F.begin(SIZE, header)` … `w.take()`) write exactly the bytes of the
// general path (`$W` … `w.finish()`) and of @polkadot/types, into a buffer of exactly their size. Random actors are
// built whose constructor, functions, replies, `throws` types and events take random fixed-size types: every fixed
// primitive, `[T; N]` (incl. N = 0, `[u8; N]` and `[u64; N]`), tuples, structs (named fields, tuple structs, no
// fields) and generic structs instantiated with fixed types, nested, so that 64- and 128-bit values land on 8-byte
// aligned and unaligned offsets (the test checks both happened); some parameter lists also get one variable-size
// type (String, [u8], Option, an enum), which must keep them on the shared writer.
// Each module is emitted with emitGenerated, compiled with esbuild (as the bundler does) and evaluated twice: as
// emitted, and with its fixed-size encoders rewritten to the general path (what the generator emitted before).
// @polkadot/types has no `char` nor `NonZero*`: the oracle encodes their wire form, the u32 code point and the
// plain unsigned integer.
import { TypeRegistry } from '@polkadot/types';
import * as sdk from '@sprocket/sdk';
import { type FieldDef, isScaleError, ScaleReader, ScaleWriter, type TypeDef, type TypeRef, toHex } from '@sprocket/sdk';
import { transformSync } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitGenerated } from '../compiler-plugin/src/emit/generated.js';
import type { Manifest } from '../compiler-plugin/src/manifest/types.js';
import { runs } from './bad-input/budget.js';

// ---- random fixed-size types, each with an independent size, layout, oracle type and value arbitraries

/** A bad value put somewhere inside a value, with the path the error must name. */
interface Bad {
  readonly value: unknown;
  readonly path: string;
  readonly code: string;
}

/** One random type of the manifest: what the generator sees, what the oracle sees, and values. */
interface Ty {
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
const same = (v: unknown): unknown => v;

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
const hex = (n: number): fc.Arbitrary<string> => fc.uint8Array({ minLength: n, maxLength: n }).map(toHex);
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
function sequence(ts: readonly Ty[]): { size: number | undefined; words: [string, number][] } {
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

function fixedArray(t: Ty, n: number): Ty {
  const isU8 = t.ref.kind === 'primitive' && t.ref.name === 'u8';
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
    bad: () => fc.constant({ value: null, path: name, code: V }),
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
      // A named type's fields are named from the type, wherever the value sits.
      bad: () => inner.bad(name),
    });
  }
  const value = fc.tuple(...ts.map((t) => t.value)).map((vs) => Object.fromEntries(vs.map((v, i) => [`f${i}`, v])));
  return printable({
    ...base,
    pdDefs: Object.assign({}, ...ts.map((t) => t.pdDefs), { [name]: Object.fromEntries(ts.map((t, i) => [`f${i}`, t.pd])) }),
    value,
    toPd: (v: Record<string, unknown>) => Object.fromEntries(ts.map((t, i) => [`f${i}`, t.toPd(v[`f${i}`])])),
    bad: () =>
      fc
        .integer({ min: 0, max: ts.length - 1 })
        .chain((i) =>
          fc
            .tuple(value, (ts[i] as Ty).bad(`${name}.f${i}`))
            .map(([v, b]) => ({ value: { ...v, [`f${i}`]: b.value }, path: b.path, code: b.code })),
        ),
  });
}

const param = (name: string): TypeRef => ({ kind: 'param', name });

/** The generic structs every manifest declares; their fields use the parameters directly and inside arrays and tuples. */
const GENERIC: readonly TypeDef[] = [
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
    bad: () =>
      fc.integer({ min: 0, max: parts.length - 1 }).chain((i) => {
        const [key, t] = parts[i] as readonly [string, Ty];
        return fc.tuple(value, t.bad(`${name}.${key}`)).map(([v, x]) => ({ value: { ...v, [key]: x.value }, path: x.path, code: x.code }));
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
      ['items', fixedArray(t, 2)],
      ['tag', tuple([U8, t])],
    ],
  );

/** A random fixed-size type, nested up to `depth` levels. */
function fixedType(depth: number): fc.Arbitrary<Ty> {
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
const VARIABLE: readonly Ty[] = (
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
      bad: () => fc.constant({ value: 'Hold', path: 'Side', code: V }),
      words: [],
    },
  ] as Ty[]
).map(printable);

// ---- random actors

interface Message {
  readonly name: string;
  readonly params: readonly Ty[];
  readonly reply: Ty;
  readonly throws: Ty | undefined;
}

interface EventCase {
  readonly name: string;
  /** 'named': `{ f0, f1 }`; 'one': the single unnamed field itself; 'many': an array of unnamed fields. */
  readonly form: 'named' | 'one' | 'many';
  readonly fields: readonly Ty[];
}

interface ActorCase {
  readonly interfaceId: string;
  readonly ctor: readonly Ty[];
  readonly functions: readonly Message[];
  readonly events: readonly EventCase[];
}

/** A parameter list of fixed-size types, sometimes with one variable-size type put in at a random place. */
const params = (max: number): fc.Arbitrary<Ty[]> =>
  fc
    .tuple(fc.array(fixedType(2), { maxLength: max }), fc.option(fc.tuple(fc.constantFrom(...VARIABLE), fc.nat()), { freq: 4 }))
    .map(([ts, variable]) => {
      if (variable === null) return ts;
      const at = variable[1] % (ts.length + 1);
      return [...ts.slice(0, at), variable[0], ...ts.slice(at)];
    });

const actorCase: fc.Arbitrary<ActorCase> = fc.record({
  interfaceId: hex(8),
  ctor: params(4),
  functions: fc
    .array(fc.record({ params: params(6), reply: fixedType(2), throws: fc.option(fixedType(1), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 5,
    })
    .map((fs) => fs.map((f, i) => ({ ...f, name: `F${i}` }))),
  events: fc
    .array(
      fc.oneof(
        fc.record({ form: fc.constant('named' as const), fields: fc.array(fixedType(2), { minLength: 1, maxLength: 4 }) }),
        fc.record({ form: fc.constant('one' as const), fields: fixedType(2).map((t) => [t]) }),
        fc.record({ form: fc.constant('many' as const), fields: fc.array(fixedType(2), { minLength: 2, maxLength: 4 }) }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((es) => es.map((e, i) => ({ ...e, name: `E${i}` }))),
});

const eventFields = (e: EventCase): FieldDef[] =>
  e.fields.map((t, i) => (e.form === 'named' ? { name: `f${i}`, type: t.ref } : { type: t.ref }));

function manifestOf(a: ActorCase): Manifest {
  const all: Ty[] = [
    ...a.ctor,
    ...a.functions.flatMap((f) => [...f.params, f.reply, ...(f.throws === undefined ? [] : [f.throws])]),
    ...a.events.flatMap((e) => e.fields),
  ];
  const types = new Map<string, TypeDef>(GENERIC.map((d) => [d.name, d]));
  for (const d of all.flatMap((t) => t.defs)) types.set(d.name, d);
  return {
    version: 1,
    source: 'test/fixed.ts',
    program: {
      name: 'Fixed',
      constructors: [{ name: 'New', method: 'new', params: a.ctor.map((t, i) => ({ name: `c${i}`, type: t.ref })), entryId: 0 }],
      services: [{ name: 'Fixed', service: 'Fixed', route: 1 }],
      types: [],
    },
    services: [
      {
        name: 'Fixed',
        interfaceId: a.interfaceId,
        extends: [],
        types: [...types.values()],
        functions: a.functions.map((f, i) => ({
          name: f.name,
          method: f.name.toLowerCase(),
          kind: 'command',
          params: f.params.map((t, j) => ({ name: `p${j}`, type: t.ref })),
          returns: f.reply.ref,
          ...(f.throws === undefined ? {} : { throws: f.throws.ref }),
          entryId: i,
          payable: false,
        })),
        events: a.events.map((e, i) => ({ name: e.name, fields: eventFields(e), entryId: i })),
      },
    ],
    actor: { className: 'Fixed', exclusive: false },
  };
}

// ---- the module, as emitted and rewritten to the general path

const BEGIN = /const w = \$F\.begin\((\d+), (\$h\d+)\);/g;

/** What the generated modules' writers report: how many messages `take` handed out, and which did not fill their buffer. */
const takes = { count: 0, inexact: [] as string[] };

/** The sdk's writer, counting the messages taken and noting any whose size `begin` was told wrong. */
class ProbeWriter extends ScaleWriter {
  override take(): Uint8Array {
    takes.count++;
    if (this.length !== this.buf.length) takes.inexact.push(`wrote ${this.length} bytes into a buffer of ${this.buf.length}`);
    return super.take();
  }
}

/** The sdk as the generated modules see it. */
const SDK = { ...sdk, ScaleWriter: ProbeWriter };

/** Evaluates generated code compiled to CommonJS (its one import, @sprocket/sdk, is this process's sdk). */
function evaluate(js: string): any {
  const module = { exports: {} as Record<string, unknown> };
  const run = new Function('require', 'module', 'exports', js) as (r: (id: string) => unknown, m: object, e: object) => void;
  run(
    (id) => {
      if (id !== '@sprocket/sdk') throw new Error(`the generated module imports ${id}`);
      return SDK;
    },
    module,
    module.exports,
  );
  return module.exports.FixedDefinition;
}

/** The module as emitted, and the same module with every fixed-size encoder on the shared writer. */
function load(text: string): { fast: any; general: any } {
  const js = transformSync(text, { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
  let general = js.replace(BEGIN, 'const w = $W; w.reset(); w.raw($2);').replaceAll('return w.take();', 'return w.finish();');
  // The shared writer is declared only when some message needs it.
  if (!/\bconst \$W = /.test(general)) general = `const $W = new (require('@sprocket/sdk').ScaleWriter)(256);\n${general}`;
  expect(general).not.toContain('$F.begin(');
  return { fast: evaluate(js), general: evaluate(general) };
}

/** The body of each message encoder, by `Function.method` (e.g. `F0.encodeCall`, `E1.encode`, `New.encodeCall`). */
function encoderBodies(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of text.split(/\n(?=const \$[fvc]\d+: Generated)/)) {
    const name = /^const \$[fvc]\d+: Generated\w+ = \{\n {2}name: '(\w+)'/.exec(block)?.[1];
    if (name === undefined) continue;
    for (const m of block.matchAll(
      /\n {2}(encodeCall|encodeReply|encodeError|encode)\(\w+: [^)]*\): Uint8Array \{\n([\s\S]*?)\n {2}\},/g,
    )) {
      out.set(`${name}.${m[1]}`, m[2] as string);
    }
  }
  return out;
}

/** The 16-byte Sails header: `GM`, version 1, length 16, interface id, entry id (u16 LE), route, 0. */
function header(interfaceId: string, entryId: number, route: number): Uint8Array {
  const id = Array.from({ length: 8 }, (_, i) => Number.parseInt(interfaceId.slice(2 + 2 * i, 4 + 2 * i), 16));
  return Uint8Array.from([0x47, 0x4d, 0x01, 0x10, ...id, entryId & 0xff, entryId >> 8, route, 0]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** header ‖ the @polkadot/types encodings of the values. */
function oracle(registry: TypeRegistry, head: Uint8Array, ts: readonly Ty[], values: readonly unknown[]): string {
  return toHex(concat([head, ...ts.map((t, i) => registry.createType(t.pd, t.toPd(values[i])).toU8a())]));
}

/** The error an encoder throws, as `CODE message` (or `accepted`). */
function refusal(encode: () => unknown): string {
  try {
    encode();
  } catch (e) {
    if (isScaleError(e)) return `${e.code} ${e.message}`;
    throw e;
  }
  return 'accepted';
}

/** Which 64-bit stores the runs made, at aligned and unaligned message offsets. */
const seen = new Set<string>();
/** How many messages of the runs were fixed-size (`begin`) and how many variable-size (the shared writer). */
const paths = { begin: 0, shared: 0 };

/** Checks one message: the encoder took the path its types call for, and the bytes match the general path and the oracle. */
function checkMessage(
  what: string,
  body: string | undefined,
  ts: readonly Ty[],
  encode: () => Uint8Array,
  general: Uint8Array,
  expected: string,
): Uint8Array {
  const layout = sequence(ts);
  takes.inexact.length = 0;
  paths[layout.size === undefined ? 'shared' : 'begin']++;
  if (layout.size === undefined) {
    expect(body, what).toContain('const w = $W;');
    expect(body, what).toContain('return w.finish();');
    expect(body, what).not.toContain('$F');
  } else {
    expect(body, what).toContain(`const w = $F.begin(${16 + layout.size}, $h`);
    expect(body, what).toContain('return w.take();');
    expect(body, what).not.toContain('$W');
    for (const [name, at] of layout.words) seen.add(`${name}@${(16 + at) % 8 === 0 ? 'aligned' : 'unaligned'}`);
  }
  const before = takes.count;
  const bytes = encode();
  // A fixed-size message is taken once, from a buffer `begin` made exactly as large as what was written.
  expect(takes.count - before, what).toBe(layout.size === undefined ? 0 : 1);
  expect(takes.inexact, what).toEqual([]);
  expect(toHex(bytes), what).toBe(expected);
  expect(toHex(general), what).toBe(expected);
  // Exactly the message: its own buffer, nothing around it.
  expect(bytes.byteOffset, what).toBe(0);
  expect(bytes.buffer.byteLength, what).toBe(bytes.length);
  if (layout.size !== undefined) expect(bytes.length, what).toBe(16 + layout.size);
  return bytes;
}

const valuesOf = (ts: readonly Ty[]): fc.Arbitrary<unknown[]> => fc.tuple(...ts.map((t) => t.value));

/** An actor and values for every message of it. */
const actorWithValues = actorCase.chain((a) =>
  fc.record({
    actor: fc.constant(a),
    ctor: valuesOf(a.ctor),
    functions: fc.tuple(...a.functions.map((f) => fc.tuple(valuesOf(f.params), f.reply.value, f.throws?.value ?? fc.constant(undefined)))),
    events: fc.tuple(...a.events.map((e) => valuesOf(e.fields))),
  }),
);

function registryOf(a: ActorCase): TypeRegistry {
  const registry = new TypeRegistry();
  const all = [
    ...a.ctor,
    ...a.functions.flatMap((f) => [...f.params, f.reply, ...(f.throws === undefined ? [] : [f.throws])]),
    ...a.events.flatMap((e) => e.fields),
  ];
  registry.register(Object.assign({}, ...all.map((t) => t.pdDefs)));
  return registry;
}

const eventValue = (e: EventCase, vs: readonly unknown[]): unknown =>
  e.form === 'one' ? vs[0] : e.form === 'many' ? vs : Object.fromEntries(vs.map((v, i) => [`f${i}`, v]));

/** An event value with one bad field, and the path its error names (`Svc.Event.field`, `Svc.Event`, `Svc.Event[i]`). */
function eventBad(e: EventCase): fc.Arbitrary<Bad> {
  const path = (i: number): string =>
    e.form === 'named' ? `Fixed.${e.name}.f${i}` : e.form === 'one' ? `Fixed.${e.name}` : `Fixed.${e.name}[${i}]`;
  return fc.integer({ min: 0, max: e.fields.length - 1 }).chain((i) =>
    fc.tuple(valuesOf(e.fields), (e.fields[i] as Ty).bad(path(i))).map(([vs, b]) => ({
      value: eventValue(
        e,
        vs.map((v, k) => (k === i ? b.value : v)),
      ),
      path: b.path,
      code: b.code,
    })),
  );
}

describe('generated encoders of fixed-size messages', () => {
  it('write the bytes of the general path and of @polkadot/types into a buffer of exactly their size, and decode back', () => {
    fc.assert(
      fc.property(actorWithValues, ({ actor, ctor, functions, events }) => {
        const text = emitGenerated(manifestOf(actor));
        const bodies = encoderBodies(text);
        const { fast, general } = load(text);
        const registry = registryOf(actor);
        const svc = (d: any) => d.services[0];
        const taken: [Uint8Array, string][] = [];

        // The constructor: interface id 0, route 0.
        const c = fast.constructors[0];
        const cBytes = checkMessage(
          'New',
          bodies.get('New.encodeCall'),
          actor.ctor,
          () => c.encodeCall(ctor),
          general.constructors[0].encodeCall(ctor),
          oracle(registry, header('0x0000000000000000', 0, 0), actor.ctor, ctor),
        );
        expect(c.decodeArgs(new ScaleReader(cBytes).reset(cBytes, 16))).toEqual(ctor);
        taken.push([cBytes, toHex(cBytes)]);

        actor.functions.forEach((f, i) => {
          const [args, reply, error] = functions[i] as [unknown[], unknown, unknown];
          const fn = svc(fast).functions.find((x: any) => x.name === f.name);
          const gfn = svc(general).functions.find((x: any) => x.name === f.name);
          const head = header(actor.interfaceId, i, 1);
          const call = checkMessage(
            `${f.name}(args)`,
            bodies.get(`${f.name}.encodeCall`),
            f.params,
            () => fn.encodeCall(args),
            gfn.encodeCall(args),
            oracle(registry, head, f.params, args),
          );
          expect(fn.decodeArgs(new ScaleReader(call).reset(call, 16))).toEqual(args);
          const rep = checkMessage(
            `${f.name} reply`,
            bodies.get(`${f.name}.encodeReply`),
            [f.reply],
            () => fn.encodeReply(reply),
            gfn.encodeReply(reply),
            oracle(registry, head, [f.reply], [reply]),
          );
          expect(fn.decodeReply(rep)).toEqual(reply);
          taken.push([call, toHex(call)], [rep, toHex(rep)]);
          if (f.throws !== undefined) {
            const err = checkMessage(
              `${f.name} error`,
              bodies.get(`${f.name}.encodeError`),
              [f.throws],
              () => fn.encodeError(error),
              gfn.encodeError(error),
              oracle(registry, head, [f.throws], [error]),
            );
            expect(fn.decodeError(err)).toEqual(error);
            taken.push([err, toHex(err)]);
          }
        });

        actor.events.forEach((e, i) => {
          const vs = events[i] as unknown[];
          const v = eventValue(e, vs);
          const ev = svc(fast).events.find((x: any) => x.name === e.name);
          const gev = svc(general).events.find((x: any) => x.name === e.name);
          const bytes = checkMessage(
            e.name,
            bodies.get(`${e.name}.encode`),
            e.fields,
            () => ev.encode(v),
            gev.encode(v),
            oracle(registry, header(actor.interfaceId, i, 1), e.fields, vs),
          );
          expect(ev.decodeFields(new ScaleReader(bytes).reset(bytes, 16))).toEqual(v);
          taken.push([bytes, toHex(bytes)]);
        });

        // Every message handed out is still intact after all the later ones (the writer let go of each buffer).
        for (const [bytes, hexAtTheTime] of taken) expect(toHex(bytes)).toBe(hexAtTheTime);
        // Distinct buffers.
        expect(new Set(taken.map(([b]) => b.buffer)).size).toBe(taken.length);
      }),
      { numRuns: runs(150) },
    );
    // Both paths ran, and the fixed-size messages stored 64-bit words both on and off 8-byte boundaries.
    expect(paths.shared).toBeGreaterThan(20);
    expect(paths.begin).toBeGreaterThan(paths.shared);
    for (const name of ['u64', 'i64', 'u128', 'i128', 'u256', 'NonZeroU64', 'NonZeroU128']) {
      expect(seen).toContain(`${name}@aligned`);
      expect(seen).toContain(`${name}@unaligned`);
    }
  });

  it('refuse a bad value with the same error and path as the general path, and then encode the next message right', () => {
    const withBad = actorCase
      .filter((a) => a.functions.some((f) => f.params.length > 0))
      .chain((a) => {
        const f = a.functions.find((x) => x.params.length > 0) as Message;
        return fc.record({
          actor: fc.constant(a),
          args: valuesOf(f.params),
          at: fc
            .integer({ min: 0, max: f.params.length - 1 })
            .chain((j) => fc.tuple(fc.constant(j), (f.params[j] as Ty).bad(`Fixed.${f.name}.p${j}`))),
          reply: f.reply.bad(`Fixed.${f.name}.reply`),
          event: eventBad(a.events[0] as EventCase),
        });
      });
    fc.assert(
      fc.property(withBad, ({ actor, args, at: [j, bad], reply, event }) => {
        const text = emitGenerated(manifestOf(actor));
        const { fast, general } = load(text);
        const f = actor.functions.find((x) => x.params.length > 0) as Message;
        const fn = fast.services[0].functions.find((x: any) => x.name === f.name);
        const gfn = general.services[0].functions.find((x: any) => x.name === f.name);
        const badArgs = args.map((v, k) => (k === j ? bad.value : v));
        const refused = refusal(() => fn.encodeCall(badArgs));
        expect(refused).toBe(refusal(() => gfn.encodeCall(badArgs)));
        expect(refused).toMatch(new RegExp(`^${bad.code} ${bad.path.replace(/[.[\]]/g, '\\$&')}: `));
        const refusedReply = refusal(() => fn.encodeReply(reply.value));
        expect(refusedReply).toBe(refusal(() => gfn.encodeReply(reply.value)));
        expect(refusedReply).toMatch(new RegExp(`^${reply.code} ${reply.path.replace(/[.[\]]/g, '\\$&')}: `));
        const ev = fast.services[0].events[0];
        const refusedEvent = refusal(() => ev.encode(event.value));
        expect(refusedEvent).toBe(refusal(() => general.services[0].events[0].encode(event.value)));
        expect(refusedEvent).toMatch(new RegExp(`^${event.code} ${event.path.replace(/[.[\]]/g, '\\$&')}: `));
        // A message refused half-written leaves nothing behind: the next one is whole and right.
        const registry = registryOf(actor);
        const i = actor.functions.indexOf(f);
        expect(toHex(fn.encodeCall(args))).toBe(oracle(registry, header(actor.interfaceId, i, 1), f.params, args));
      }),
      { numRuns: runs(100) },
    );
  });
});
