/** Names of the primitive wire types, as spelled in Sails IDL v2. */
export type PrimitiveName =
  | 'bool'
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 'u128'
  | 'u256'
  | 'i8'
  | 'i16'
  | 'i32'
  | 'i64'
  | 'i128'
  | 'String'
  | 'ActorId'
  | 'CodeId'
  | 'MessageId'
  | 'H256'
  /** 20 bytes (Sails `H160`). */
  | 'H160'
  /** A Unicode scalar value, u32 on the wire (Sails `char`). */
  | 'char'
  /** Unsigned integers that are never 0 (Sails `NonZeroU8` … `NonZeroU256`); on the wire exactly the integer. */
  | 'NonZeroU8'
  | 'NonZeroU16'
  | 'NonZeroU32'
  | 'NonZeroU64'
  | 'NonZeroU128'
  | 'NonZeroU256';

/** A type expression of the manifest IR: plain JSON, shared by the extractor, the IDL parser and the emitters. */
export type TypeRef =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName }
  /**
   * `[T]`; `[u8]` is the byte-string form and maps to `Uint8Array`, except with `numbers` (a generic type's `[T]`
   * bound to u8, which its TypeScript declaration types `Array<T>`): then a `u8[]`. The bytes are the same.
   */
  | { readonly kind: 'vec'; readonly item: TypeRef; readonly numbers?: true }
  /** `[T; N]`; `[u8; N]` maps to `Uint8Array` of length N (a `u8[]` with `numbers`, as for `vec`). */
  | { readonly kind: 'array'; readonly item: TypeRef; readonly length: number; readonly numbers?: true }
  /** `(A, B)`; the empty tuple `()` is the unit type (`void`). */
  | { readonly kind: 'tuple'; readonly items: readonly TypeRef[] }
  | { readonly kind: 'option'; readonly some: TypeRef }
  | { readonly kind: 'result'; readonly ok: TypeRef; readonly err: TypeRef }
  /** A map encoded as `[(K, V)]` in BTreeMap key order. */
  | { readonly kind: 'map'; readonly key: TypeRef; readonly value: TypeRef }
  /** SCALE compact encoding of an unsigned integer type. */
  | { readonly kind: 'compact'; readonly inner: TypeRef }
  /** A reference to a named struct or enum in the type table, possibly generic. */
  | { readonly kind: 'named'; readonly name: string; readonly args?: readonly TypeRef[] }
  /** A type parameter inside a generic type definition. */
  | { readonly kind: 'param'; readonly name: string };

/** A named or positional field of a struct or enum variant. */
export interface FieldDef {
  /** Absent for tuple-like fields (`Added(u32)`). */
  readonly name?: string;
  readonly type: TypeRef;
  readonly docs?: readonly string[];
}

/** One variant of an enum; `fields` is empty for a unit variant. */
export interface VariantDef {
  readonly name: string;
  readonly fields: readonly FieldDef[];
  readonly docs?: readonly string[];
}

/** A named type of the type table: a struct or an enum, optionally generic over `params`. */
export type TypeDef =
  | {
      readonly kind: 'struct';
      readonly name: string;
      /** The name the IDL or the contract gives the type, where `name` is another (a generated client renames one that clashes); errors show it. */
      readonly idlName?: string;
      readonly params?: readonly string[];
      readonly fields: readonly FieldDef[];
      readonly docs?: readonly string[];
    }
  | {
      readonly kind: 'enum';
      readonly name: string;
      /** The name the IDL or the contract gives the type, where `name` is another (a generated client renames one that clashes); errors show it. */
      readonly idlName?: string;
      readonly params?: readonly string[];
      readonly variants: readonly VariantDef[];
      readonly docs?: readonly string[];
    };

/** The type table: named types by name. */
export type TypeTable = ReadonlyMap<string, TypeDef>;

/** Whether a `[T]` or `[T; N]` is a byte string (`Uint8Array`): u8 items, not bound through a type parameter. */
export function isByteSeq(ref: Extract<TypeRef, { kind: 'vec' | 'array' }>): boolean {
  return ref.item.kind === 'primitive' && ref.item.name === 'u8' && ref.numbers !== true;
}

/** The `[T]` / `[T; N]` of a substitution: `numbers` when a type parameter item became u8, and kept once set. */
export function substitutedSeq<R extends Extract<TypeRef, { kind: 'vec' | 'array' }>>(ref: R, item: TypeRef): R {
  const numbers = ref.numbers === true || (ref.item.kind === 'param' && item.kind === 'primitive' && item.name === 'u8');
  return { ...ref, item, ...(numbers ? { numbers: true } : {}) };
}
