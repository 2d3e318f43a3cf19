// Straight-line SCALE codec generation: every named type (per generic instantiation) becomes a pair of
// functions `$eN(w, v)` / `$dN(r)` that call ScaleWriter/ScaleReader methods with constant field paths;
// composite types are inlined. Nothing walks a schema at run time.
import type { FieldDef, PrimitiveName, TypeDef, TypeRef } from '@sprocket/sdk';
import { CompilerError } from '../errors.js';
import { boundedTypeSize, substituteParams } from '../idl/type-hash.js';
import { propAccess, propKey, q } from './names.js';
import { fixedSize, minSize, type ResolveNamed } from './type-sizes.js';

/** Largest type argument (in type nodes) a generic instantiation may take. */
const MAX_ARGUMENT_NODES = 4096;

const WRITER_METHOD: Record<PrimitiveName, string> = {
  bool: 'bool',
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  u128: 'u128',
  u256: 'u256',
  i8: 'i8',
  i16: 'i16',
  i32: 'i32',
  i64: 'i64',
  i128: 'i128',
  String: 'str',
  ActorId: 'id',
  CodeId: 'id',
  MessageId: 'id',
  H256: 'id',
  // Encoded through the sdk's codec objects (`codec.h160`, `codec.char`), not a writer method.
  H160: '',
  char: '',
  NonZeroU8: '',
  NonZeroU16: '',
  NonZeroU32: '',
  NonZeroU64: '',
  NonZeroU128: '',
  NonZeroU256: '',
};

/** Primitives written through an sdk codec object instead of a ScaleWriter/ScaleReader method. */
const CODEC_OBJECT: Partial<Record<PrimitiveName, string>> = {
  H160: 'codec.h160',
  char: 'codec.char',
  NonZeroU8: 'codec.nonZeroU8',
  NonZeroU16: 'codec.nonZeroU16',
  NonZeroU32: 'codec.nonZeroU32',
  NonZeroU64: 'codec.nonZeroU64',
  NonZeroU128: 'codec.nonZeroU128',
  NonZeroU256: 'codec.nonZeroU256',
};

const SMALL_MAX: Record<string, number> = { u8: 0xff, u16: 0xffff, u32: 0xffffffff };
const BIG_MAX: Record<string, bigint> = { u64: (1n << 64n) - 1n, u128: (1n << 128n) - 1n, u256: (1n << 256n) - 1n };

/**
 * The emitted test that bigint `c` is outside `inner`'s range (`mayBeNegative` when `c` comes from a value, not
 * from a decoded compact): a u64 is checked with one BigInt.asUintN(64), which compiles to machine-word operations.
 */
function bigOutOfRange(c: string, inner: string, big: bigint, mayBeNegative: boolean): string {
  if (inner === 'u64') return `BigInt.asUintN(64, ${c}) !== ${c}`;
  return mayBeNegative ? `${c} < 0n || ${c} > ${big}n` : `${c} > ${big}n`;
}

/** Per-function counter of local variable names. */
interface Scope {
  n: number;
}

function local(scope: Scope, prefix: string): string {
  return `${prefix}${scope.n++}`;
}

const isU8 = (t: TypeRef): boolean => t.kind === 'primitive' && t.name === 'u8';
/** `u64` items are written and read in one batch (ScaleWriter.u64s / ScaleReader.u64s). */
const isU64 = (t: TypeRef): boolean => t.kind === 'primitive' && t.name === 'u64';

/** The straight-line codec generator of one generated module. */
export class CodecGen {
  /** Emitted module-level functions, in creation order (deterministic). */
  readonly functions: string[] = [];
  private readonly encNames = new Map<string, string>();
  private readonly decNames = new Map<string, string>();
  private readonly keyCmps = new Map<string, string>();
  /** Module-level key comparators of maps: `[name, TypeRef]`. */
  readonly keyComparators: [string, TypeRef][] = [];
  private fnCount = 0;
  /** Whether generated code needs the `$sortEntries` helper. */
  usesMaps = false;

  /** `resolve`, bound: what the size computations resolve named types with. */
  private readonly resolveNamed: ResolveNamed = (ref) => this.resolve(ref);

  constructor(private readonly types: ReadonlyMap<string, TypeDef>) {}

  /** Resolves a named instantiation to its definition with parameters substituted. */
  resolve(ref: Extract<TypeRef, { kind: 'named' }>): TypeDef {
    const def = this.types.get(ref.name);
    if (def === undefined) throw new CompilerError('EMIT_UNKNOWN_TYPE', `unknown type ${ref.name}`);
    const params = def.params ?? [];
    const args = ref.args ?? [];
    if (params.length !== args.length)
      throw new CompilerError('EMIT_UNKNOWN_TYPE', `${ref.name} takes ${params.length} type arguments, got ${args.length}`);
    if (params.length === 0) return def;
    // Generic types that nest their own arguments at each level (`G<(T, T)>`) grow exponentially: refuse them.
    if (args.some((a) => boundedTypeSize(a, MAX_ARGUMENT_NODES) > MAX_ARGUMENT_NODES))
      throw new CompilerError(
        'EMIT_TOO_LARGE',
        `${ref.name}<…> is instantiated with type arguments of more than ${MAX_ARGUMENT_NODES} nodes`,
      );
    const env = new Map(params.map((p, i) => [p, args[i] as TypeRef]));
    const fields = (fs: readonly FieldDef[]): FieldDef[] => fs.map((f) => ({ ...f, type: substituteParams(f.type, env) }));
    if (def.kind === 'struct') return { kind: 'struct', name: def.name, fields: fields(def.fields) };
    return { kind: 'enum', name: def.name, variants: def.variants.map((v) => ({ name: v.name, fields: fields(v.fields) })) };
  }

  /** Smallest encoded size (for bounding length prefixes before allocating). */
  minSize(ref: TypeRef, seen: ReadonlySet<string> = new Set()): number {
    return minSize(this.resolveNamed, ref, seen);
  }

  /** The encoded size every value of the type shares, else undefined (see `fixedSize` in type-sizes.ts). */
  fixedSize(ref: TypeRef, seen: ReadonlySet<string> = new Set()): number | undefined {
    return fixedSize(this.resolveNamed, ref, seen);
  }

  /** Name of the encoder function of a named instantiation (generated on first use). */
  encoderOf(ref: Extract<TypeRef, { kind: 'named' }>): string {
    const key = JSON.stringify(ref);
    const known = this.encNames.get(key);
    if (known !== undefined) return known;
    const id = this.fnCount++;
    const name = `$e${id}_${ref.name}`;
    this.encNames.set(key, name);
    this.decNames.set(key, `$d${id}_${ref.name}`);
    this.emitNamed(ref, id);
    return name;
  }

  /** Name of the decoder function of a named instantiation (generated on first use). */
  decoderOf(ref: Extract<TypeRef, { kind: 'named' }>): string {
    this.encoderOf(ref);
    return this.decNames.get(JSON.stringify(ref)) as string;
  }

  private label(ref: Extract<TypeRef, { kind: 'named' }>): string {
    return ref.name;
  }

  private emitNamed(ref: Extract<TypeRef, { kind: 'named' }>, id: number): void {
    const def = this.resolve(ref);
    const label = this.label(ref);
    const enc: string[] = [];
    const dec: string[] = [];
    const es: Scope = { n: 0 };
    const ds: Scope = { n: 0 };
    const ind = '  ';
    if (def.kind === 'struct') {
      const named = def.fields.length > 0 && def.fields.every((f) => f.name !== undefined);
      if (def.fields.length === 0) {
        enc.push(`${ind}if (typeof v !== 'object' || v === null) throw $bad('SCALE_BAD_VALUE', ${q(label)}, 'an object', v);`);
        dec.push(`${ind}return {};`);
      } else if (named) {
        enc.push(`${ind}if (typeof v !== 'object' || v === null) throw $bad('SCALE_BAD_VALUE', ${q(label)}, 'an object', v);`);
        const parts: string[] = [];
        for (const f of def.fields) {
          const fname = f.name as string;
          this.enc(f.type, propAccess('v', fname), `${label}.${fname}`, enc, ind, es);
          const x = this.decInto(f.type, `${label}.${fname}`, dec, ind, ds);
          parts.push(`${propKey(fname)}: ${x}`);
        }
        dec.push(`${ind}return { ${parts.join(', ')} };`);
      } else {
        enc.push(
          `${ind}if (!Array.isArray(v) || v.length !== ${def.fields.length}) throw $bad('SCALE_BAD_VALUE', ${q(label)}, 'an array of ${def.fields.length} items', v);`,
        );
        const parts: string[] = [];
        def.fields.forEach((f, i) => {
          this.enc(f.type, `v[${i}]`, `${label}[${i}]`, enc, ind, es);
          parts.push(this.decInto(f.type, `${label}[${i}]`, dec, ind, ds));
        });
        dec.push(`${ind}return [${parts.join(', ')}];`);
      }
    } else if (def.variants.every((v) => v.fields.length === 0)) {
      enc.push(`${ind}switch (v) {`);
      def.variants.forEach((variant, i) => {
        enc.push(`${ind}  case ${q(variant.name)}:`, `${ind}    w.u8(${i});`, `${ind}    return;`);
      });
      const list = def.variants.map((v) => v.name).join(', ');
      enc.push(`${ind}  default:`, `${ind}    throw $bad('SCALE_BAD_VALUE', ${q(label)}, ${q(`one of ${list}`)}, v);`, `${ind}}`);
      dec.push(`${ind}const t = r.u8(${q(label)});`, `${ind}switch (t) {`);
      def.variants.forEach((variant, i) => {
        dec.push(`${ind}  case ${i}:`, `${ind}    return ${q(variant.name)};`);
      });
      dec.push(
        `${ind}  default:`,
        `${ind}    throw r.error('SCALE_BAD_TAG', ${q(label)}, \`bad ${label} variant index \${t}\`, r.offset - 1);`,
        `${ind}}`,
      );
    } else {
      enc.push(`${ind}if (typeof v !== 'object' || v === null) throw $bad('SCALE_BAD_VALUE', ${q(label)}, 'an object with a kind', v);`);
      enc.push(`${ind}switch (v.kind) {`);
      dec.push(`${ind}const t = r.u8(${q(label)});`, `${ind}switch (t) {`);
      def.variants.forEach((variant, i) => {
        const vp = `${label}.${variant.name}`;
        const ii = `${ind}    `;
        enc.push(`${ind}  case ${q(variant.name)}: {`, `${ii}w.u8(${i});`);
        dec.push(`${ind}  case ${i}: {`);
        const fs = variant.fields;
        if (fs.length === 0) {
          dec.push(`${ii}return { kind: ${q(variant.name)} };`);
        } else if (fs.every((f) => f.name !== undefined)) {
          const parts: string[] = [];
          for (const f of fs) {
            const fname = f.name as string;
            this.enc(f.type, propAccess('v', fname), `${vp}.${fname}`, enc, ii, es);
            parts.push(`${propKey(fname)}: ${this.decInto(f.type, `${vp}.${fname}`, dec, ii, ds)}`);
          }
          dec.push(`${ii}return { kind: ${q(variant.name)}, ${parts.join(', ')} };`);
        } else if (fs.length === 1) {
          this.enc((fs[0] as FieldDef).type, 'v.value', vp, enc, ii, es);
          const x = this.decInto((fs[0] as FieldDef).type, vp, dec, ii, ds);
          dec.push(`${ii}return { kind: ${q(variant.name)}, value: ${x} };`);
        } else {
          const a = local(es, 'a');
          enc.push(`${ii}const ${a} = v.value;`);
          enc.push(
            `${ii}if (!Array.isArray(${a}) || ${a}.length !== ${fs.length}) throw $bad('SCALE_BAD_VALUE', ${q(vp)}, 'an array of ${fs.length} items', ${a});`,
          );
          const parts: string[] = [];
          fs.forEach((f, j) => {
            this.enc(f.type, `${a}[${j}]`, `${vp}[${j}]`, enc, ii, es);
            parts.push(this.decInto(f.type, `${vp}[${j}]`, dec, ii, ds));
          });
          dec.push(`${ii}return { kind: ${q(variant.name)}, value: [${parts.join(', ')}] };`);
        }
        enc.push(`${ii}return;`, `${ind}  }`);
        dec.push(`${ind}  }`);
      });
      const list = def.variants.map((v) => v.name).join(', ');
      enc.push(
        `${ind}  default:`,
        `${ind}    throw $bad('SCALE_BAD_VALUE', ${q(`${label}.kind`)}, ${q(`one of ${list}`)}, v.kind);`,
        `${ind}}`,
      );
      dec.push(
        `${ind}  default:`,
        `${ind}    throw r.error('SCALE_BAD_TAG', ${q(label)}, \`bad ${label} variant index \${t}\`, r.offset - 1);`,
        `${ind}}`,
      );
    }
    const encName = `$e${id}_${ref.name}`;
    const decName = `$d${id}_${ref.name}`;
    // A struct without fields writes and reads nothing: its unused parameter is `_w` / `_r` (noUnusedParameters).
    const encBody = enc.join('\n');
    const decBody = dec.join('\n');
    const w = /\bw[.,)]/.test(encBody) ? 'w' : '_w';
    const r = /\br[.,)]/.test(decBody) ? 'r' : '_r';
    this.functions.push(`function ${encName}(${w}: ScaleWriter, v: any): void {\n${encBody}\n}`);
    this.functions.push(`function ${decName}(${r}: ScaleReader): any {\n${decBody}\n}`);
  }

  /** Name of a module-level key comparator for map keys of type `ref`. */
  private keyComparator(ref: TypeRef): string {
    const key = JSON.stringify(ref);
    let name = this.keyCmps.get(key);
    if (name === undefined) {
      name = `$k${this.keyCmps.size}`;
      this.keyCmps.set(key, name);
      this.keyComparators.push([name, ref]);
    }
    return name;
  }

  /** Emits statements that encode the value of expression `x` (evaluated once) at `path`. */
  enc(ref: TypeRef, x: string, path: string, out: string[], ind: string, scope: Scope): void {
    const P = q(path);
    switch (ref.kind) {
      case 'primitive': {
        const obj = CODEC_OBJECT[ref.name];
        out.push(obj === undefined ? `${ind}w.${WRITER_METHOD[ref.name]}(${x}, ${P});` : `${ind}${obj}.encodeTo(w, ${x}, ${P});`);
        return;
      }
      case 'vec': {
        if (isU8(ref.item)) {
          out.push(`${ind}w.bytes(${x}, ${P});`);
          return;
        }
        const a = local(scope, 'a');
        const i = local(scope, 'i');
        out.push(`${ind}const ${a} = ${x};`);
        out.push(`${ind}if (!Array.isArray(${a})) throw $bad('SCALE_BAD_VALUE', ${P}, 'an array', ${a});`);
        out.push(`${ind}w.compactNumber(${a}.length);`);
        if (isU64(ref.item)) {
          out.push(`${ind}w.u64s(${a}, ${P});`);
          return;
        }
        out.push(`${ind}for (let ${i} = 0; ${i} < ${a}.length; ${i}++) {`);
        this.enc(ref.item, `${a}[${i}]`, `${path}[]`, out, `${ind}  `, scope);
        out.push(`${ind}}`);
        return;
      }
      case 'array': {
        if (isU8(ref.item)) {
          out.push(`${ind}w.fixedBytes(${x}, ${ref.length}, ${P});`);
          return;
        }
        const a = local(scope, 'a');
        const i = local(scope, 'i');
        out.push(`${ind}const ${a} = ${x};`);
        out.push(
          `${ind}if (!Array.isArray(${a}) || ${a}.length !== ${ref.length}) throw $bad('SCALE_BAD_LENGTH', ${P}, 'an array of ${ref.length} items', ${a});`,
        );
        if (isU64(ref.item)) {
          out.push(`${ind}w.u64s(${a}, ${P});`);
          return;
        }
        out.push(`${ind}for (let ${i} = 0; ${i} < ${ref.length}; ${i}++) {`);
        this.enc(ref.item, `${a}[${i}]`, `${path}[]`, out, `${ind}  `, scope);
        out.push(`${ind}}`);
        return;
      }
      case 'tuple': {
        if (ref.items.length === 0) return;
        const t = local(scope, 't');
        out.push(`${ind}const ${t} = ${x};`);
        out.push(
          `${ind}if (!Array.isArray(${t}) || ${t}.length !== ${ref.items.length}) throw $bad('SCALE_BAD_VALUE', ${P}, 'an array of ${ref.items.length} items', ${t});`,
        );
        ref.items.forEach((item, j) => {
          this.enc(item, `${t}[${j}]`, `${path}[${j}]`, out, ind, scope);
        });
        return;
      }
      case 'option': {
        const o = local(scope, 'o');
        const unitInner = ref.some.kind === 'tuple' && ref.some.items.length === 0;
        const boxed = ref.some.kind === 'option';
        out.push(`${ind}const ${o} = ${x};`);
        out.push(`${ind}if (${unitInner ? `${o} === null` : `${o} === null || ${o} === undefined`}) w.u8(0);`);
        out.push(`${ind}else {`);
        if (boxed) {
          // Option<Option<T>>: Some is `{ some: inner }`.
          out.push(
            `${ind}  if (typeof ${o} !== 'object' || !('some' in ${o})) throw $bad('SCALE_BAD_VALUE', ${P}, 'null or { some: value }', ${o});`,
          );
        }
        out.push(`${ind}  w.u8(1);`);
        this.enc(ref.some, boxed ? `${o}.some` : o, path, out, `${ind}  `, scope);
        out.push(`${ind}}`);
        return;
      }
      case 'result': {
        const r = local(scope, 'r');
        out.push(`${ind}const ${r} = ${x};`);
        out.push(
          `${ind}if (typeof ${r} !== 'object' || ${r} === null) throw $bad('SCALE_BAD_VALUE', ${P}, 'an { ok } or { err } object', ${r});`,
        );
        out.push(`${ind}if ('ok' in ${r}) {`, `${ind}  w.u8(0);`);
        this.enc(ref.ok, `${r}.ok`, `${path}.ok`, out, `${ind}  `, scope);
        out.push(`${ind}} else if ('err' in ${r}) {`, `${ind}  w.u8(1);`);
        this.enc(ref.err, `${r}.err`, `${path}.err`, out, `${ind}  `, scope);
        out.push(`${ind}} else throw $bad('SCALE_BAD_VALUE', ${P}, 'an { ok } or { err } object', ${r});`);
        return;
      }
      case 'map': {
        this.usesMaps = true;
        const cmp = this.keyComparator(ref.key);
        const m = local(scope, 'm');
        const e = local(scope, 'e');
        const i = local(scope, 'i');
        out.push(`${ind}const ${m} = ${x};`);
        out.push(`${ind}if (!(${m} instanceof Map)) throw $bad('SCALE_BAD_VALUE', ${P}, 'a Map', ${m});`);
        out.push(`${ind}const ${e} = $sortEntries(${m}, ${cmp}(), ${P});`);
        out.push(`${ind}w.compactNumber(${e}.length);`);
        out.push(`${ind}for (let ${i} = 0; ${i} < ${e}.length; ${i}++) {`);
        const kv = local(scope, 'p');
        out.push(`${ind}  const ${kv} = ${e}[${i}]!;`);
        this.enc(ref.key, `${kv}[0]`, `${path}[].key`, out, `${ind}  `, scope);
        this.enc(ref.value, `${kv}[1]`, `${path}[].value`, out, `${ind}  `, scope);
        out.push(`${ind}}`);
        return;
      }
      case 'compact': {
        const inner = ref.inner.kind === 'primitive' ? ref.inner.name : '';
        const c = local(scope, 'c');
        const small = SMALL_MAX[inner];
        const big = BIG_MAX[inner];
        out.push(`${ind}const ${c} = ${x};`);
        if (small !== undefined) {
          out.push(
            `${ind}if (typeof ${c} !== 'number' || !(${c} >= 0 && ${c} <= ${small} && Math.floor(${c}) === ${c})) throw $bad(typeof ${c} === 'number' ? 'SCALE_RANGE' : 'SCALE_BAD_VALUE', ${P}, 'a compact<${inner}> number', ${c});`,
          );
          out.push(`${ind}w.compactNumber(${c});`);
        } else if (big !== undefined) {
          out.push(
            `${ind}if (typeof ${c} !== 'bigint' || ${bigOutOfRange(c, inner, big, true)}) throw $bad(typeof ${c} === 'bigint' ? 'SCALE_RANGE' : 'SCALE_BAD_VALUE', ${P}, 'a compact<${inner}> bigint', ${c});`,
          );
          out.push(`${ind}w.compactBigint(${c});`);
        } else throw new CompilerError('EMIT_BAD_TYPE', `compact needs an unsigned integer type at ${path}`);
        return;
      }
      case 'named':
        out.push(`${ind}${this.encoderOf(ref)}(w, ${x});`);
        return;
      case 'param':
        throw new CompilerError('EMIT_BAD_TYPE', `unbound type parameter ${ref.name} at ${path}`);
    }
  }

  /** Emits statements that decode one value at `path` into a fresh local; returns the local's name. */
  decInto(ref: TypeRef, path: string, out: string[], ind: string, scope: Scope): string {
    const x = local(scope, 'x');
    const expr = this.dec(ref, path, out, ind, scope);
    out.push(`${ind}const ${x} = ${expr};`);
    return x;
  }

  /** Emits the statements a decode needs and returns the expression of the value (evaluate it right after them). */
  dec(ref: TypeRef, path: string, out: string[], ind: string, scope: Scope): string {
    const P = q(path);
    switch (ref.kind) {
      case 'primitive': {
        const obj = CODEC_OBJECT[ref.name];
        return obj === undefined ? `r.${WRITER_METHOD[ref.name]}(${P})` : `${obj}.decodeFrom(r, ${P})`;
      }
      case 'vec': {
        if (isU8(ref.item)) return `r.bytes(${P})`;
        if (isU64(ref.item)) return `r.u64s(r.length(${P}, 8), ${P})`;
        const n = local(scope, 'n');
        const a = local(scope, 'a');
        const i = local(scope, 'i');
        out.push(`${ind}const ${n} = r.length(${P}, ${this.minSize(ref.item)});`);
        out.push(`${ind}const ${a}: any[] = new Array(${n});`);
        out.push(`${ind}for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
        const inner: string[] = [];
        const e = this.dec(ref.item, `${path}[]`, inner, `${ind}  `, scope);
        out.push(...inner, `${ind}  ${a}[${i}] = ${e};`, `${ind}}`);
        return a;
      }
      case 'array': {
        if (isU8(ref.item)) return `r.raw(${ref.length}, ${P})`;
        if (isU64(ref.item)) return `r.u64s(${ref.length}, ${P})`;
        const a = local(scope, 'a');
        const i = local(scope, 'i');
        // Items that take no input are charged to the decode's zero-size budget before any work.
        if (this.minSize(ref.item) === 0) out.push(`${ind}r.zeroSized(${ref.length}, ${P});`);
        out.push(`${ind}const ${a}: any[] = new Array(${ref.length});`);
        out.push(`${ind}for (let ${i} = 0; ${i} < ${ref.length}; ${i}++) {`);
        const inner: string[] = [];
        const e = this.dec(ref.item, `${path}[]`, inner, `${ind}  `, scope);
        out.push(...inner, `${ind}  ${a}[${i}] = ${e};`, `${ind}}`);
        return a;
      }
      case 'tuple': {
        if (ref.items.length === 0) return 'undefined';
        const parts = ref.items.map((item, j) => this.decInto(item, `${path}[${j}]`, out, ind, scope));
        return `[${parts.join(', ')}]`;
      }
      case 'option': {
        const t = local(scope, 'g');
        const o = local(scope, 'o');
        out.push(`${ind}const ${t} = r.u8(${P});`);
        out.push(`${ind}let ${o}: any = null;`);
        out.push(`${ind}if (${t} === 1) {`);
        const inner: string[] = [];
        const e = this.dec(ref.some, path, inner, `${ind}  `, scope);
        out.push(...inner, ref.some.kind === 'option' ? `${ind}  ${o} = { some: ${e} };` : `${ind}  ${o} = ${e};`);
        out.push(`${ind}} else if (${t} !== 0) throw r.error('SCALE_BAD_TAG', ${P}, \`bad Option tag \${${t}}\`, r.offset - 1);`);
        return o;
      }
      case 'result': {
        const t = local(scope, 'g');
        const o = local(scope, 'o');
        out.push(`${ind}const ${t} = r.u8(${P});`);
        out.push(`${ind}let ${o}: any;`);
        out.push(`${ind}if (${t} === 0) {`);
        const okLines: string[] = [];
        const okE = this.dec(ref.ok, `${path}.ok`, okLines, `${ind}  `, scope);
        out.push(...okLines, `${ind}  ${o} = { ok: ${okE} };`);
        out.push(`${ind}} else if (${t} === 1) {`);
        const errLines: string[] = [];
        const errE = this.dec(ref.err, `${path}.err`, errLines, `${ind}  `, scope);
        out.push(...errLines, `${ind}  ${o} = { err: ${errE} };`);
        out.push(`${ind}} else throw r.error('SCALE_BAD_TAG', ${P}, \`bad Result tag \${${t}}\`, r.offset - 1);`);
        return o;
      }
      case 'map': {
        const cmp = this.keyComparator(ref.key);
        const n = local(scope, 'n');
        const m = local(scope, 'm');
        const c = local(scope, 'c');
        const prev = local(scope, 'k');
        const i = local(scope, 'i');
        out.push(`${ind}const ${n} = r.length(${P}, ${this.minSize(ref.key) + this.minSize(ref.value)});`);
        out.push(`${ind}const ${m} = new Map<any, any>();`);
        out.push(`${ind}const ${c} = ${n} > 1 ? ${cmp}() : undefined;`);
        out.push(`${ind}let ${prev}: any;`);
        out.push(`${ind}for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
        const ii = `${ind}  `;
        const at = local(scope, 'at');
        out.push(`${ii}const ${at} = r.offset;`);
        const k = this.decInto(ref.key, `${path}[].key`, out, ii, scope);
        out.push(
          `${ii}if (${i} > 0 && ${c}!(${prev}, ${k}) >= 0) throw r.error('SCALE_MAP_ORDER', ${P}, 'map keys must be strictly ascending', ${at});`,
        );
        const v = this.decInto(ref.value, `${path}[].value`, out, ii, scope);
        out.push(`${ii}${m}.set(${k}, ${v});`, `${ii}${prev} = ${k};`, `${ind}}`);
        return m;
      }
      case 'compact': {
        const inner = ref.inner.kind === 'primitive' ? ref.inner.name : '';
        const small = SMALL_MAX[inner];
        const big = BIG_MAX[inner];
        const c = local(scope, 'c');
        const at = local(scope, 'at');
        if (small === undefined || small < 0xffffffff) out.push(`${ind}const ${at} = r.offset;`);
        if (small !== undefined) {
          out.push(`${ind}const ${c} = r.compactU32(${P});`);
          if (small < 0xffffffff)
            out.push(`${ind}if (${c} > ${small}) throw r.error('SCALE_RANGE', ${P}, \`compact<${inner}> out of range: \${${c}}\`, ${at});`);
        } else if (big !== undefined) {
          out.push(`${ind}const ${c} = r.compact(${P});`);
          out.push(
            `${ind}if (${bigOutOfRange(c, inner, big, false)}) throw r.error('SCALE_RANGE', ${P}, \`compact<${inner}> out of range: \${${c}}\`, ${at});`,
          );
        } else throw new CompilerError('EMIT_BAD_TYPE', `compact needs an unsigned integer type at ${path}`);
        return c;
      }
      case 'named':
        return `${this.decoderOf(ref)}(r)`;
      case 'param':
        throw new CompilerError('EMIT_BAD_TYPE', `unbound type parameter ${ref.name} at ${path}`);
    }
  }
}
