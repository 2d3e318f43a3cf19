// Sails `NonZeroU8` … `NonZeroU256` (Rust's `core::num::NonZero*`, gprimitives' `NonZeroU256`): on the wire exactly
// the unsigned integer, but zero is not a value of the type, so encoding, decoding and JSON all refuse it.
import type { Codec } from './codec.js';
import { ScaleError } from './errors.js';
import * as p from './primitives.js';
import type { ScaleReader } from './reader.js';

const isZero = (v: number | bigint): boolean => v === 0 || v === 0n;

/** Wraps an unsigned integer codec so that 0 is refused with `SCALE_RANGE` naming the type and path. */
function nonZero<T extends number | bigint>(name: string, inner: Codec<T>): Codec<T> {
  const zero = (path: string): ScaleError => new ScaleError('SCALE_RANGE', path, `${name} must not be 0`);
  return {
    idl: name,
    minSize: inner.minSize ?? 0,
    encodeTo: (w, v, path) => {
      if (isZero(v)) throw zero(path);
      inner.encodeTo(w, v, path);
    },
    decodeFrom: (r: ScaleReader, path) => {
      const at = r.offset;
      const v = inner.decodeFrom(r, path);
      if (isZero(v)) throw r.error('SCALE_RANGE', path, `${name} must not be 0`, at);
      return v;
    },
    toJson: (v, path) => inner.toJson(v, path),
    fromJson: (json, path) => {
      const v = inner.fromJson(json, path);
      if (isZero(v)) throw zero(path);
      return v;
    },
    ...(inner.compare === undefined ? {} : { compare: inner.compare }),
  };
}

/** `NonZeroU8`: a u8 that is never 0. */
export const nonZeroU8: Codec<number> = nonZero('NonZeroU8', p.u8);
/** `NonZeroU16`: a u16 that is never 0. */
export const nonZeroU16: Codec<number> = nonZero('NonZeroU16', p.u16);
/** `NonZeroU32`: a u32 that is never 0. */
export const nonZeroU32: Codec<number> = nonZero('NonZeroU32', p.u32);
/** `NonZeroU64`: a u64 (bigint) that is never 0. */
export const nonZeroU64: Codec<bigint> = nonZero('NonZeroU64', p.u64);
/** `NonZeroU128`: a u128 (bigint) that is never 0. */
export const nonZeroU128: Codec<bigint> = nonZero('NonZeroU128', p.u128);
/** `NonZeroU256`: a U256 (bigint) that is never 0. */
export const nonZeroU256: Codec<bigint> = nonZero('NonZeroU256', p.u256);
