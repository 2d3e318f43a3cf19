// How primitives are written and read by generated codecs: the ScaleWriter/ScaleReader method of each, the sdk codec
// object of those no method covers, and the ranges compact integers are checked against.
import type { PrimitiveName, TypeRef } from '@sprocket/sdk';

/** The ScaleWriter/ScaleReader method of each primitive ('' for those written through a codec object). */
export const WRITER_METHOD: Record<PrimitiveName, string> = {
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
export const CODEC_OBJECT: Partial<Record<PrimitiveName, string>> = {
  H160: 'codec.h160',
  char: 'codec.char',
  NonZeroU8: 'codec.nonZeroU8',
  NonZeroU16: 'codec.nonZeroU16',
  NonZeroU32: 'codec.nonZeroU32',
  NonZeroU64: 'codec.nonZeroU64',
  NonZeroU128: 'codec.nonZeroU128',
  NonZeroU256: 'codec.nonZeroU256',
};

/** Largest value of the unsigned types a compact carries as a number. */
export const SMALL_MAX: Record<string, number> = { u8: 0xff, u16: 0xffff, u32: 0xffffffff };
/** Largest value of the unsigned types a compact carries as a bigint. */
export const BIG_MAX: Record<string, bigint> = { u64: (1n << 64n) - 1n, u128: (1n << 128n) - 1n, u256: (1n << 256n) - 1n };

/**
 * The emitted test that bigint `c` is outside `inner`'s range (`mayBeNegative` when `c` comes from a value, not
 * from a decoded compact): a u64 is checked with one BigInt.asUintN(64), which compiles to machine-word operations.
 */
export function bigOutOfRange(c: string, inner: string, big: bigint, mayBeNegative: boolean): string {
  if (inner === 'u64') return `BigInt.asUintN(64, ${c}) !== ${c}`;
  return mayBeNegative ? `${c} < 0n || ${c} > ${big}n` : `${c} > ${big}n`;
}

/** `u64` items are written and read in one batch (ScaleWriter.u64s / ScaleReader.u64s). */
export const isU64 = (t: TypeRef): boolean => t.kind === 'primitive' && t.name === 'u64';
