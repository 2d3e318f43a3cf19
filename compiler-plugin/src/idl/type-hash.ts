import { keccak_256 } from '@noble/hashes/sha3';
import { type FieldDef, type PrimitiveName, substitutedSeq, type TypeDef, type TypeRef, type TypeTable } from '@sprocket/sdk';
import { CompilerError } from '../errors.js';

const encoder = new TextEncoder();

/** A piece of hash input: UTF-8 text or raw bytes. */
export type HashPart = string | Uint8Array;

/** Keccak-256 of the concatenation of the parts (strings as UTF-8). */
export function keccak(...parts: readonly HashPart[]): Uint8Array {
  const bytes = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const total = bytes.reduce((n, b) => n + b.length, 0);
  const input = new Uint8Array(total);
  let at = 0;
  for (const b of bytes) {
    input.set(b, at);
    at += b.length;
  }
  return keccak_256(input);
}

/** The text Sails hashes for each primitive (note `u256` is hashed as `U256`). */
const PRIMITIVE_HASH_NAMES: Readonly<Record<string, string>> = {
  bool: 'bool',
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  u128: 'u128',
  u256: 'U256',
  i8: 'i8',
  i16: 'i16',
  i32: 'i32',
  i64: 'i64',
  i128: 'i128',
  String: 'String',
  ActorId: 'ActorId',
  CodeId: 'CodeId',
  MessageId: 'MessageId',
  H256: 'H256',
  H160: 'H160',
  char: 'char',
};

/** The integer under each `NonZero*` primitive (Sails IDL declares each as `struct NonZeroU32(u32);`). */
export const NON_ZERO_INNER: Readonly<Record<string, PrimitiveName>> = {
  NonZeroU8: 'u8',
  NonZeroU16: 'u16',
  NonZeroU32: 'u32',
  NonZeroU64: 'u64',
  NonZeroU128: 'u128',
  NonZeroU256: 'u256',
};

/** Sails built-ins that have no Sprocket primitive; a `named` reference to one of them (absent from the table) hashes by its name. */
const FOREIGN_BUILTINS: ReadonlySet<string> = new Set(['char', 'H160']);

/** Substitutes type parameters in a type expression. */
export function substituteParams(ref: TypeRef, bindings: ReadonlyMap<string, TypeRef>): TypeRef {
  switch (ref.kind) {
    case 'param':
      return bindings.get(ref.name) ?? ref;
    case 'primitive':
      return ref;
    case 'vec':
    case 'array':
      return substitutedSeq(ref, substituteParams(ref.item, bindings));
    case 'tuple':
      return { kind: 'tuple', items: ref.items.map((t) => substituteParams(t, bindings)) };
    case 'option':
      return { kind: 'option', some: substituteParams(ref.some, bindings) };
    case 'result':
      return { kind: 'result', ok: substituteParams(ref.ok, bindings), err: substituteParams(ref.err, bindings) };
    case 'map':
      return { kind: 'map', key: substituteParams(ref.key, bindings), value: substituteParams(ref.value, bindings) };
    case 'compact':
      return { kind: 'compact', inner: substituteParams(ref.inner, bindings) };
    case 'named':
      return ref.args === undefined ? ref : { kind: 'named', name: ref.name, args: ref.args.map((t) => substituteParams(t, bindings)) };
  }
}

/** The type references directly inside `t` (items, fields of a tuple, type arguments, ...). */
export function typeChildren(t: TypeRef): readonly TypeRef[] {
  switch (t.kind) {
    case 'vec':
    case 'array':
      return [t.item];
    case 'tuple':
      return t.items;
    case 'option':
      return [t.some];
    case 'result':
      return [t.ok, t.err];
    case 'map':
      return [t.key, t.value];
    case 'compact':
      return [t.inner];
    case 'named':
      return t.args ?? [];
    default:
      return [];
  }
}

/** Tree size of a type expression (shared subtrees counted each time they occur), counting no further than `limit + 1`. */
export function boundedTypeSize(ref: TypeRef, limit: number): number {
  let n = 0;
  const todo: TypeRef[] = [ref];
  for (let t = todo.pop(); t !== undefined && n <= limit; t = todo.pop()) {
    n++;
    todo.push(...typeChildren(t));
  }
  return n;
}

/** Hashes of the type parameters in scope while hashing a generic definition. */
export type ParamHashes = ReadonlyMap<string, Uint8Array>;

const NO_PARAMS: ParamHashes = new Map();

/** Deepest nesting of type expressions and named types one hash may walk (a located parse error beyond it). */
export const MAX_HASH_DEPTH = 512;

/** Hashes of named instantiations per type table (`Name` or `Name|argument hashes`), so shared types hash once. */
const namedHashes = new WeakMap<TypeTable, Map<string, Uint8Array>>();
let hashDepth = 0;

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * The structural hash (Sails ReflectHash) of a type, 32 bytes.
 * `params` holds the hashes bound to type parameters; `stack` guards against recursive types, which Sails cannot hash either.
 */
export function typeHash(ref: TypeRef, table: TypeTable, params: ParamHashes = NO_PARAMS, stack: readonly string[] = []): Uint8Array {
  if (hashDepth >= MAX_HASH_DEPTH) {
    throw new CompilerError('HASH_TOO_DEEP', `type nested deeper than ${MAX_HASH_DEPTH} levels (through ${stack.slice(-3).join(' -> ')})`);
  }
  hashDepth++;
  try {
    return typeHashAt(ref, table, params, stack);
  } finally {
    hashDepth--;
  }
}

function typeHashAt(ref: TypeRef, table: TypeTable, params: ParamHashes, stack: readonly string[]): Uint8Array {
  const sub = (t: TypeRef): Uint8Array => typeHash(t, table, params, stack);
  switch (ref.kind) {
    case 'primitive': {
      // `NonZeroT` hashes as the tuple struct Sails declares for it, `struct NonZeroT(T);`: H("NonZeroT" ‖ h(T)).
      const inner = NON_ZERO_INNER[ref.name];
      if (inner !== undefined) return keccak(ref.name, keccak(PRIMITIVE_HASH_NAMES[inner] ?? inner));
      return keccak(PRIMITIVE_HASH_NAMES[ref.name] ?? ref.name);
    }
    case 'tuple':
      return ref.items.length === 0 ? keccak('()') : keccak(...ref.items.map(sub));
    case 'vec':
      return keccak('[', sub(ref.item), ']');
    case 'array':
      return keccak(sub(ref.item), String(ref.length));
    case 'option':
      return keccak('Option', sub(ref.some));
    case 'result':
      return keccak('Result', sub(ref.ok), sub(ref.err));
    case 'map':
      // A map is `[(K, V)]` in the IDL and hashes as that slice of pairs.
      return keccak('[', keccak(sub(ref.key), sub(ref.value)), ']');
    case 'compact':
      // Not spelled in Sails IDL v2; Sprocket hashes it like a generic built-in `Compact<T>` (unverified against Sails).
      return keccak('Compact', sub(ref.inner));
    case 'param': {
      const bound = params.get(ref.name);
      if (bound === undefined) throw new CompilerError('HASH_UNBOUND_PARAM', `type parameter ${ref.name} is not bound to a concrete type`);
      return bound;
    }
    case 'named': {
      const def = table.get(ref.name);
      const args = ref.args ?? [];
      if (def === undefined) {
        if (FOREIGN_BUILTINS.has(ref.name) && args.length === 0) return keccak(ref.name);
        throw new CompilerError('HASH_UNKNOWN_TYPE', `unknown type ${ref.name}`);
      }
      const names = def.params ?? [];
      if (names.length !== args.length) {
        throw new CompilerError('HASH_GENERIC_ARITY', `type ${def.name} takes ${names.length} type argument(s), got ${args.length}`);
      }
      if (stack.includes(ref.name)) {
        throw new CompilerError('HASH_RECURSIVE_TYPE', `recursive type ${[...stack, ref.name].join(' -> ')} has no structural hash`);
      }
      const argHashes = args.map(sub);
      // Memoised per table and instantiation: a chain of types that each use the previous one twice hashes in
      // linear time. A successful hash does not depend on the path that reached it.
      const key = argHashes.length === 0 ? ref.name : `${ref.name}|${argHashes.map(hex).join(',')}`;
      let cache = namedHashes.get(table);
      if (cache === undefined) {
        cache = new Map();
        namedHashes.set(table, cache);
      }
      const known = cache.get(key);
      if (known !== undefined) return known;
      const bound = new Map(names.map((n, i) => [n, argHashes[i]!] as const));
      const hash = definitionHash(def, table, bound, [...stack, ref.name]);
      cache.set(key, hash);
      return hash;
    }
  }
}

/** Hash of a struct-like shape: name bytes, then each field's type hash in order (field names are not hashed). */
export function structHash(
  name: string,
  fields: readonly FieldDef[],
  table: TypeTable,
  params: ParamHashes = NO_PARAMS,
  stack: readonly string[] = [],
): Uint8Array {
  return keccak(name, ...fields.map((f) => typeHash(f.type, table, params, stack)));
}

/** Hash of a struct (name and field types) or an enum (its variants' hashes only; the enum name is not hashed). */
export function definitionHash(def: TypeDef, table: TypeTable, params: ParamHashes = NO_PARAMS, stack: readonly string[] = []): Uint8Array {
  if (def.kind === 'struct') return structHash(def.name, def.fields, table, params, stack);
  return keccak(...def.variants.map((v) => structHash(v.name, v.fields, table, params, stack)));
}
