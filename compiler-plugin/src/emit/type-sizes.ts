// Encoded sizes of IR types: the smallest size (which bounds a length prefix before the decoder allocates) and
// the size every value shares when it is fixed (which lets an encoder write into a buffer of exactly that size).
import type { PrimitiveName, TypeDef, TypeRef } from '@sprocket/sdk';

/** Resolves a named instantiation to its definition with type parameters substituted. */
export type ResolveNamed = (ref: Extract<TypeRef, { kind: 'named' }>) => TypeDef;

/** The encoded size of the primitives whose size is fixed. */
const FIXED_SIZE: Partial<Record<PrimitiveName, number>> = {
  bool: 1,
  u8: 1,
  u16: 2,
  u32: 4,
  u64: 8,
  u128: 16,
  u256: 32,
  i8: 1,
  i16: 2,
  i32: 4,
  i64: 8,
  i128: 16,
  ActorId: 32,
  CodeId: 32,
  MessageId: 32,
  H256: 32,
  H160: 20,
  char: 4,
  NonZeroU8: 1,
  NonZeroU16: 2,
  NonZeroU32: 4,
  NonZeroU64: 8,
  NonZeroU128: 16,
  NonZeroU256: 32,
};

/** Smallest encoded size (for bounding length prefixes before allocating). */
export function minSize(resolve: ResolveNamed, ref: TypeRef, seen: ReadonlySet<string> = new Set()): number {
  switch (ref.kind) {
    case 'primitive':
      return FIXED_SIZE[ref.name] ?? 1;
    case 'vec':
    case 'compact':
    case 'map':
    case 'option':
    case 'result':
      return 1;
    case 'array':
      return ref.length * minSize(resolve, ref.item, seen);
    case 'tuple':
      return ref.items.reduce((s, t) => s + minSize(resolve, t, seen), 0);
    case 'param':
      return 0;
    case 'named': {
      const key = JSON.stringify(ref);
      if (seen.has(key)) return 0;
      const next = new Set(seen).add(key);
      const def = resolve(ref);
      if (def.kind === 'enum') return 1;
      return def.fields.reduce((s, f) => s + minSize(resolve, f.type, next), 0);
    }
  }
}

/**
 * The encoded size of every value of the type when it is the same for all of them (integers, bools, ids, fixed
 * arrays, and tuples and structs of those), else undefined.
 */
export function fixedSize(resolve: ResolveNamed, ref: TypeRef, seen: ReadonlySet<string> = new Set()): number | undefined {
  switch (ref.kind) {
    case 'primitive':
      return FIXED_SIZE[ref.name];
    case 'array': {
      const item = fixedSize(resolve, ref.item, seen);
      return item === undefined ? undefined : ref.length * item;
    }
    case 'tuple': {
      let sum = 0;
      for (const t of ref.items) {
        const n = fixedSize(resolve, t, seen);
        if (n === undefined) return undefined;
        sum += n;
      }
      return sum;
    }
    case 'named': {
      const key = JSON.stringify(ref);
      // A type that contains itself has values of every size.
      if (seen.has(key)) return undefined;
      const def = resolve(ref);
      if (def.kind === 'enum') return undefined;
      const next = new Set(seen).add(key);
      let sum = 0;
      for (const f of def.fields) {
        const n = fixedSize(resolve, f.type, next);
        if (n === undefined) return undefined;
        sum += n;
      }
      return sum;
    }
    default:
      return undefined;
  }
}
