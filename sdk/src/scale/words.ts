// Scratch 64-bit words for bigint stores and loads. A typed-array store of a bigint (wrapping modulo 2^64)
// and a load from one are several times cheaper than DataView.setBigUint64/getBigUint64, and the 32-bit
// halves of a stored word are read as numbers, so writing its bytes needs no further bigint arithmetic.

/** Words of scratch (a vector of u64 is moved through it in chunks of this many). */
export const WORD_CHUNK = 64;
/** The scratch words; a store wraps modulo 2^64 (two's complement for negative values). */
export const WORDS = new BigUint64Array(WORD_CHUNK);
/** The same scratch as signed words (a load gives the two's-complement value). */
export const SIGNED_WORDS = new BigInt64Array(WORDS.buffer);
/** The same scratch as 32-bit halves in platform order (use {@link LO} and {@link HI}). */
export const HALVES = new Uint32Array(WORDS.buffer);
/** The same scratch as bytes in platform order. */
export const WORD_BYTES = new Uint8Array(WORDS.buffer);
/** True on a little-endian platform, where {@link WORD_BYTES} are already in SCALE's byte order. */
export const LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Index in {@link HALVES} of the low 32 bits of word 0 (add 2 per word). */
export const LO: number = LITTLE_ENDIAN ? 0 : 1;
/** Index in {@link HALVES} of the high 32 bits of word 0 (add 2 per word). */
export const HI: number = LITTLE_ENDIAN ? 1 : 0;
