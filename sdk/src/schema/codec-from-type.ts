import type { AnyCodec, Codec } from '../scale/codec.js';
import { array, type Field, lazy, option, result, struct, tuple, tupleStruct, vec } from '../scale/composite.js';
import { enumTagged, enumUnit, variantFieldProp } from '../scale/enum.js';
import { ScaleError } from '../scale/errors.js';
import { map } from '../scale/map.js';
import * as nz from '../scale/non-zero.js';
import * as p from '../scale/primitives.js';
import * as sp from '../scale/sails-primitives.js';
import { formatTypeExpr } from './parse-type.js';
import { type FieldDef, isByteSeq, type PrimitiveName, substitutedSeq, type TypeRef, type TypeTable } from './type-ref.js';

const PRIMITIVE_CODECS: Record<PrimitiveName, AnyCodec> = {
  bool: p.bool,
  u8: p.u8,
  u16: p.u16,
  u32: p.u32,
  u64: p.u64,
  u128: p.u128,
  u256: p.u256,
  i8: p.i8,
  i16: p.i16,
  i32: p.i32,
  i64: p.i64,
  i128: p.i128,
  String: p.str,
  ActorId: p.actorId,
  CodeId: p.codeId,
  MessageId: p.messageId,
  H256: p.h256,
  H160: sp.h160,
  char: sp.char,
  NonZeroU8: nz.nonZeroU8,
  NonZeroU16: nz.nonZeroU16,
  NonZeroU32: nz.nonZeroU32,
  NonZeroU64: nz.nonZeroU64,
  NonZeroU128: nz.nonZeroU128,
  NonZeroU256: nz.nonZeroU256,
};

const COMPACT_KINDS: ReadonlySet<string> = new Set(['u8', 'u16', 'u32', 'u64', 'u128', 'u256']);

const EMPTY_TABLE: TypeTable = new Map();
const caches = new WeakMap<TypeTable, Map<string, Codec<unknown>>>();

function substitute(ref: TypeRef, env: ReadonlyMap<string, TypeRef> | undefined): TypeRef {
  if (env === undefined) return ref;
  switch (ref.kind) {
    case 'param': {
      const v = env.get(ref.name);
      if (v === undefined) throw new ScaleError('SCALE_UNKNOWN_TYPE', '', `unknown type parameter ${ref.name}`);
      return v;
    }
    case 'primitive':
      return ref;
    case 'vec':
    case 'array':
      return substitutedSeq(ref, substitute(ref.item, env));
    case 'tuple':
      return { kind: 'tuple', items: ref.items.map((t) => substitute(t, env)) };
    case 'option':
      return { kind: 'option', some: substitute(ref.some, env) };
    case 'result':
      return { kind: 'result', ok: substitute(ref.ok, env), err: substitute(ref.err, env) };
    case 'map':
      return { kind: 'map', key: substitute(ref.key, env), value: substitute(ref.value, env) };
    case 'compact':
      return { kind: 'compact', inner: substitute(ref.inner, env) };
    case 'named':
      return ref.args === undefined ? ref : { kind: 'named', name: ref.name, args: ref.args.map((t) => substitute(t, env)) };
  }
}

/**
 * Builds the codec of a TypeRef against a type table (the interpreter behind IDL-driven tools): named refs are
 * resolved with their generic `args` substituted, codecs are cached per instantiation, recursion goes through `lazy`.
 * Unknown names are ScaleError SCALE_UNKNOWN_TYPE.
 */
export function codecFromType(ref: TypeRef, types: TypeTable = EMPTY_TABLE): Codec<unknown> {
  let cache = caches.get(types);
  if (cache === undefined) {
    cache = new Map();
    caches.set(types, cache);
  }
  return build(ref, types, cache);
}

function build(ref: TypeRef, types: TypeTable, cache: Map<string, Codec<unknown>>): Codec<unknown> {
  const key = JSON.stringify(ref);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const sub = (t: TypeRef): AnyCodec => build(t, types, cache);
  let codec: AnyCodec;
  switch (ref.kind) {
    case 'primitive': {
      const c = PRIMITIVE_CODECS[ref.name];
      if (c === undefined) throw new ScaleError('SCALE_UNKNOWN_TYPE', '', `unknown primitive type ${String(ref.name)}`);
      codec = c;
      break;
    }
    case 'vec':
      codec = isByteSeq(ref) ? p.bytes : vec(sub(ref.item));
      break;
    case 'array':
      codec = isByteSeq(ref) ? p.fixedBytes(ref.length) : array(sub(ref.item), ref.length);
      break;
    case 'tuple':
      codec = ref.items.length === 0 ? p.unit : tuple(...ref.items.map(sub));
      break;
    case 'option':
      codec = option(sub(ref.some));
      break;
    case 'result':
      codec = result(sub(ref.ok), sub(ref.err));
      break;
    case 'map':
      codec = map(sub(ref.key), sub(ref.value));
      break;
    case 'compact':
      if (ref.inner.kind !== 'primitive' || !COMPACT_KINDS.has(ref.inner.name)) {
        throw new ScaleError('SCALE_UNKNOWN_TYPE', '', `compact needs an unsigned integer type, got ${formatTypeExpr(ref.inner)}`);
      }
      codec = p.compact(ref.inner.name as p.CompactKind);
      break;
    case 'param':
      throw new ScaleError('SCALE_UNKNOWN_TYPE', '', `type parameter ${ref.name} outside a generic definition`);
    case 'named':
      return buildNamed(ref, types, cache, key);
  }
  cache.set(key, codec);
  return codec;
}

function buildNamed(
  ref: Extract<TypeRef, { kind: 'named' }>,
  types: TypeTable,
  cache: Map<string, Codec<unknown>>,
  key: string,
): Codec<unknown> {
  const def = types.get(ref.name);
  if (def === undefined) throw new ScaleError('SCALE_UNKNOWN_TYPE', '', `unknown type ${ref.name}`);
  const params = def.params ?? [];
  const args = ref.args ?? [];
  if (params.length !== args.length) {
    throw new ScaleError('SCALE_UNKNOWN_TYPE', '', `${ref.name} takes ${params.length} type arguments, got ${args.length}`);
  }
  const env = params.length === 0 ? undefined : new Map(params.map((name, i) => [name, args[i] as TypeRef]));
  // Errors name a type as its IDL or contract does, not as a generated client renamed it (`Promise_`, `SvcKind`).
  const idl = formatTypeExpr(ref, (name) => types.get(name)?.idlName ?? name);
  let real: Codec<unknown> | undefined;
  cache.set(
    key,
    lazy(() => {
      if (real === undefined) throw new ScaleError('SCALE_UNKNOWN_TYPE', '', `type ${idl} used while being defined`);
      return real;
    }, idl),
  );
  try {
    const sub = (t: TypeRef): AnyCodec => build(substitute(t, env), types, cache);
    // A variant's field named `kind` takes another property (variantFieldProp) and keeps its name in JSON.
    const fieldsOf = (fields: readonly FieldDef[], where: string, variant = false): { named: Field[]; unnamed: AnyCodec[] } => {
      const named: Field[] = [];
      const unnamed: AnyCodec[] = [];
      const names = fields.map((f) => f.name ?? '');
      for (const f of fields) {
        if (f.name === undefined || f.name === '') unnamed.push(sub(f.type));
        else if (variant && f.name === 'kind') named.push([variantFieldProp(f.name, names), sub(f.type), f.name]);
        else named.push([f.name, sub(f.type)]);
      }
      if (named.length > 0 && unnamed.length > 0) throw new ScaleError('SCALE_UNKNOWN_TYPE', '', `${where} mixes named and unnamed fields`);
      return { named, unnamed };
    };
    if (def.kind === 'struct') {
      const { named, unnamed } = fieldsOf(def.fields, idl);
      real = unnamed.length > 0 ? tupleStruct(idl, unnamed) : struct(idl, named);
    } else if (def.variants.every((v) => v.fields.length === 0)) {
      real = enumUnit(
        idl,
        def.variants.map((v) => v.name),
      );
    } else {
      real = enumTagged(
        idl,
        def.variants.map((v) => {
          const { named, unnamed } = fieldsOf(v.fields, `${idl}.${v.name}`, true);
          return { name: v.name, fields: named.length > 0 ? named : unnamed };
        }),
      ) as Codec<unknown>;
    }
  } catch (e) {
    cache.clear(); // partial codecs may reference the failed placeholder
    throw e;
  }
  cache.set(key, real);
  return real;
}
