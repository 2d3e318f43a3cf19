/** Inclusive bounds of the fixed-width integer types. */
export const INT_BOUNDS = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffffffff],
  i8: [-0x80, 0x7f],
  i16: [-0x8000, 0x7fff],
  i32: [-0x80000000, 0x7fffffff],
} as const;

/** Inclusive bounds of the bigint integer types. */
export const BIGINT_BOUNDS = {
  u64: [0n, (1n << 64n) - 1n],
  u128: [0n, (1n << 128n) - 1n],
  u256: [0n, (1n << 256n) - 1n],
  i64: [-(1n << 63n), (1n << 63n) - 1n],
  i128: [-(1n << 127n), (1n << 127n) - 1n],
} as const;

/** Names of the integer types carried as JS numbers. */
export type SmallIntName = keyof typeof INT_BOUNDS;
/** Names of the integer types carried as bigints. */
export type BigIntName = keyof typeof BIGINT_BOUNDS;

/** Largest value a SCALE compact can carry (67 bytes in big-integer mode). */
export const COMPACT_MAX: bigint = (1n << 536n) - 1n;

/** Display form of an arbitrary value in an error message (bigints without the `n`, strings quoted, truncated). */
export function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else if (v === null) s = 'null';
  else if (v === undefined) s = 'undefined';
  else if (v instanceof Uint8Array) s = `Uint8Array(${v.length})`;
  else if (Array.isArray(v)) s = `array(${v.length})`;
  else s = typeof v;
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * The fix for a value of the wrong JavaScript kind, as a suffix of the error (` (… write 5n …)`): u64 and wider
 * integers are bigints, u32 and narrower numbers, and `undefined` is usually a missing argument or field.
 */
export function kindHint(type: string, expected: string, v: unknown): string {
  if (expected === 'bigint' && typeof v === 'number' && Number.isSafeInteger(v)) {
    return ` (${type} is a bigint in TypeScript: write ${v}n, or BigInt(x))`;
  }
  if (expected === 'number' && typeof v === 'bigint') return ` (${type} is a number in TypeScript: write ${v}, or Number(x))`;
  if (v === undefined) return ' (a missing argument or field?)';
  return '';
}
