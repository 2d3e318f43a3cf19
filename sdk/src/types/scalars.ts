// Scalar wire types. They are plain aliases so arithmetic needs no casts
// (`this.count += value` type-checks); the generator tells them apart by the
// annotation, which is why plain `number` is a compile-time diagnostic.

/** Unsigned 8-bit integer (SCALE `u8`). */
export type u8 = number;
/** Unsigned 16-bit integer (SCALE `u16`). */
export type u16 = number;
/** Unsigned 32-bit integer (SCALE `u32`). */
export type u32 = number;
/** Unsigned 64-bit integer (SCALE `u64`), as a bigint. */
export type u64 = bigint;
/** Unsigned 128-bit integer (SCALE `u128`), as a bigint. */
export type u128 = bigint;
/** Unsigned 256-bit integer (SCALE `u256`), as a bigint. */
export type u256 = bigint;
/** Signed 8-bit integer (SCALE `i8`). */
export type i8 = number;
/** Signed 16-bit integer (SCALE `i16`). */
export type i16 = number;
/** Signed 32-bit integer (SCALE `i32`). */
export type i32 = number;
/** Signed 64-bit integer (SCALE `i64`), as a bigint. */
export type i64 = bigint;
/** Signed 128-bit integer (SCALE `i128`), as a bigint. */
export type i128 = bigint;

/** An unsigned 8-bit integer that is never 0 (Sails `NonZeroU8`; SCALE: the u8, 0 refused). */
export type NonZeroU8 = number;
/** An unsigned 16-bit integer that is never 0 (Sails `NonZeroU16`). */
export type NonZeroU16 = number;
/** An unsigned 32-bit integer that is never 0 (Sails `NonZeroU32`). */
export type NonZeroU32 = number;
/** An unsigned 64-bit integer that is never 0 (Sails `NonZeroU64`), as a bigint. */
export type NonZeroU64 = bigint;
/** An unsigned 128-bit integer that is never 0 (Sails `NonZeroU128`), as a bigint. */
export type NonZeroU128 = bigint;
/** An unsigned 256-bit integer that is never 0 (Sails `NonZeroU256`), as a bigint. */
export type NonZeroU256 = bigint;

/** A 32-byte id written as `0x` followed by 64 hex digits. */
export type HexId = `0x${string}`;
/** The address of an actor or a user (32 bytes). */
export type ActorId = HexId;
/** The id of registered code (32 bytes). */
export type CodeId = HexId;
/** The id of a message (32 bytes). */
export type MessageId = HexId;
/** A 32-byte hash. */
export type H256 = HexId;
/** A 20-byte hash or Ethereum-style address (Sails `H160`): `0x` followed by 40 hex digits. */
export type H160 = `0x${string}`;

/** A byte string (SCALE `[u8]`). */
export type bytes = Uint8Array;

/** An unsigned integer written in SCALE compact form on the wire (`Compact<u64>`). */
export type Compact<T extends number | bigint> = T;

/** A fallible result (Sails `Result<T, E>`): `{ ok }` or `{ err }`. */
export type Result<T, E> = { readonly ok: T } | { readonly err: E };

/** Builds the `ok` side of a Result. */
export function ok<T>(value: T): { readonly ok: T } {
  return { ok: value };
}

/** Builds the `err` side of a Result. */
export function err<E>(error: E): { readonly err: E } {
  return { err: error };
}

/** The all-zero actor id, used for "no actor". */
export const ZERO_ID: ActorId = `0x${'0'.repeat(64)}`;

/** A fixed-length byte array (SCALE `[u8; N]`). */
// biome-ignore lint/correctness/noUnusedVariables: N is read by the generator from the annotation.
export type FixedBytes<N extends number> = Uint8Array;
/** A fixed-length array (SCALE `[T; N]`); the length is checked on encode. */
// biome-ignore lint/correctness/noUnusedVariables: N is read by the generator from the annotation.
export type FixedArray<T, N extends number> = T[];
