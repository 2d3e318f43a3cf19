import { SHORT_ASCII_MAX, shortAscii } from './ascii.js';
import { ScaleError } from './errors.js';
import { hex32 } from './hex.js';
import { utf8Decoder } from './utf8.js';
import { LITTLE_ENDIAN, SIGNED_WORDS, WORD_BYTES, WORD_CHUNK, WORDS } from './words.js';

/** Zero-size items one decode may materialise regardless of the input size. */
export const ZERO_SIZE_BASE = 1 << 16;
/** Zero-size items one decode may materialise per input byte, on top of {@link ZERO_SIZE_BASE}. */
export const ZERO_SIZE_PER_BYTE = 8;

/** Strict SCALE input cursor over a Uint8Array (like Rust's `DecodeAll`: see {@link ScaleReader.end}). */
export class ScaleReader {
  /** The input (replaced by {@link ScaleReader.reset}). */
  input: Uint8Array;
  /** Current read position. */
  offset = 0;
  private view: DataView | undefined;
  /** Zero-size items this decode may still materialise (bounds work and memory by the input size). */
  private zeroSizeLeft: number;

  /** Creates a reader over `bytes` (its byteOffset is respected). */
  constructor(bytes: Uint8Array) {
    this.input = bytes;
    this.zeroSizeLeft = ZERO_SIZE_BASE + ZERO_SIZE_PER_BYTE * bytes.length;
  }

  /** Starts over on `bytes` at `offset`, as a new reader would (a decoder run per message reuses one reader). */
  reset(bytes: Uint8Array, offset = 0): this {
    this.input = bytes;
    this.offset = offset;
    this.view = undefined;
    this.zeroSizeLeft = ZERO_SIZE_BASE + ZERO_SIZE_PER_BYTE * bytes.length;
    return this;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.input.length - this.offset;
  }

  /** Builds a decode error at the current offset. */
  error(code: ConstructorParameters<typeof ScaleError>[0], path: string, detail: string, offset = this.offset): ScaleError {
    return new ScaleError(code, path, detail, { offset });
  }

  /** Throws SCALE_SHORT_INPUT unless `n` bytes remain. */
  need(n: number, path = ''): void {
    if (this.offset + n > this.input.length) {
      throw this.error('SCALE_SHORT_INPUT', path, `input too short: need ${n} bytes at offset ${this.offset}, ${this.remaining} left`);
    }
  }

  /** Throws SCALE_TRAILING_BYTES if any input is left. */
  end(path = ''): void {
    if (this.offset !== this.input.length) {
      throw this.error(
        'SCALE_TRAILING_BYTES',
        path,
        `${this.remaining} trailing ${this.remaining === 1 ? 'byte' : 'bytes'} after the value at offset ${this.offset}`,
      );
    }
  }

  /** Reads a bool (00/01 only). */
  bool(path = ''): boolean {
    if (this.offset >= this.input.length) this.need(1, path);
    const b = this.input[this.offset] as number;
    if (b > 1) throw this.error('SCALE_BAD_BOOL', path, `bad bool byte 0x${b.toString(16).padStart(2, '0')}`);
    this.offset++;
    return b === 1;
  }

  /** Reads a u8. */
  u8(path = ''): number {
    if (this.offset >= this.input.length) this.need(1, path);
    return this.input[this.offset++] as number;
  }

  /** Reads an i8. */
  i8(path = ''): number {
    return (this.u8(path) << 24) >> 24;
  }

  /** Reads a u16. */
  u16(path = ''): number {
    const p = this.offset;
    if (p + 2 > this.input.length) this.need(2, path);
    const b = this.input;
    this.offset = p + 2;
    return (b[p] as number) | ((b[p + 1] as number) << 8);
  }

  /** Reads an i16. */
  i16(path = ''): number {
    return (this.u16(path) << 16) >> 16;
  }

  /** Reads an i32. */
  i32(path = ''): number {
    const p = this.offset;
    if (p + 4 > this.input.length) this.need(4, path);
    const b = this.input;
    this.offset = p + 4;
    return (b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24);
  }

  /** Reads a u32. */
  u32(path = ''): number {
    return this.i32(path) >>> 0;
  }

  /** Reads the little-endian u64 at `p` (bounds already checked). */
  private word64(p: number): bigint {
    if (!LITTLE_ENDIAN) return this.dataView().getBigUint64(p, true);
    // Eight byte copies and a typed-array load cost less than DataView.getBigUint64.
    const b = this.input;
    const s = WORD_BYTES;
    s[0] = b[p] as number;
    s[1] = b[p + 1] as number;
    s[2] = b[p + 2] as number;
    s[3] = b[p + 3] as number;
    s[4] = b[p + 4] as number;
    s[5] = b[p + 5] as number;
    s[6] = b[p + 6] as number;
    s[7] = b[p + 7] as number;
    return WORDS[0] as bigint;
  }

  private dataView(): DataView {
    if (this.view === undefined) this.view = new DataView(this.input.buffer, this.input.byteOffset, this.input.byteLength);
    return this.view;
  }

  /** Reads `n` u64s (the items of a `[u64]` whose length was read): one bounds check, then chunked copies. */
  u64s(n: number, path = ''): bigint[] {
    const p = this.offset;
    if (p + 8 * n > this.input.length) this.need(8 * n, path);
    const out: bigint[] = [];
    if (!LITTLE_ENDIAN) {
      for (let i = 0; i < n; i++) out.push(this.dataView().getBigUint64(p + 8 * i, true));
    } else {
      for (let done = 0; done < n; done += WORD_CHUNK) {
        const k = Math.min(WORD_CHUNK, n - done);
        const at = p + 8 * done;
        WORD_BYTES.set(this.input.subarray(at, at + 8 * k));
        for (let j = 0; j < k; j++) out.push(WORDS[j] as bigint);
      }
    }
    this.offset = p + 8 * n;
    return out;
  }

  /** Reads a u64. */
  u64(path = ''): bigint {
    const p = this.offset;
    if (p + 8 > this.input.length) this.need(8, path);
    this.offset = p + 8;
    return this.word64(p);
  }

  /** Reads a u128. */
  u128(path = ''): bigint {
    const p = this.offset;
    if (p + 16 > this.input.length) this.need(16, path);
    this.offset = p + 16;
    if (!LITTLE_ENDIAN) {
      const lo = this.word64(p);
      const hi = this.word64(p + 8);
      return hi === 0n ? lo : (hi << 64n) | lo;
    }
    // Sixteen byte copies into the scratch, then one or two word loads (no bigint for a zero high word).
    const b = this.input;
    const s = WORD_BYTES;
    let high = 0;
    for (let i = 0; i < 8; i++) s[i] = b[p + i] as number;
    for (let i = 8; i < 16; i++) high |= s[i] = b[p + i] as number;
    const lo = WORDS[0] as bigint;
    return high === 0 ? lo : ((WORDS[1] as bigint) << 64n) | lo;
  }

  /** Reads a u256. */
  u256(path = ''): bigint {
    const p = this.offset;
    if (p + 32 > this.input.length) this.need(32, path);
    this.offset = p + 32;
    let v = 0n;
    for (let i = 24; i >= 0; i -= 8) {
      const w = this.word64(p + i);
      v = v === 0n ? w : (v << 64n) | w;
    }
    return v;
  }

  /** Reads an i64. */
  i64(path = ''): bigint {
    const p = this.offset;
    if (p + 8 > this.input.length) this.need(8, path);
    this.offset = p + 8;
    if (!LITTLE_ENDIAN) return this.dataView().getBigInt64(p, true);
    this.word64(p);
    return SIGNED_WORDS[0] as bigint;
  }

  /** Reads an i128. */
  i128(path = ''): bigint {
    return BigInt.asIntN(128, this.u128(path));
  }

  /** Reads a compact as a number when it fits 2^53-1, else throws SCALE_RANGE (fast path for lengths). */
  private compactSmall(path: string, max: number, what: string): number {
    const b = this.input;
    const p = this.offset;
    if (p >= b.length) this.need(1, path);
    const b0 = b[p] as number;
    switch (b0 & 3) {
      case 0:
        this.offset = p + 1;
        return b0 >>> 2;
      case 1: {
        if (p + 2 > b.length) this.need(2, path);
        const v = (b0 | ((b[p + 1] as number) << 8)) >>> 2;
        if (v < 64) throw this.error('SCALE_NON_CANONICAL_COMPACT', path, `non-canonical compact: ${v} in two-byte mode`, p);
        this.offset = p + 2;
        return v;
      }
      case 2: {
        if (p + 4 > b.length) this.need(4, path);
        const v = (b0 | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 2;
        if (v < 16384) throw this.error('SCALE_NON_CANONICAL_COMPACT', path, `non-canonical compact: ${v} in four-byte mode`, p);
        this.offset = p + 4;
        return v;
      }
      default: {
        const v = this.compactBig(path);
        if (v > BigInt(max)) {
          throw this.error('SCALE_RANGE', path, `${what} too large: ${v}`, p);
        }
        return Number(v);
      }
    }
  }

  /** Reads the big-integer mode of a compact (first byte & 3 === 3), canonical only. */
  private compactBig(path: string): bigint {
    const b = this.input;
    const p = this.offset;
    const n = ((b[p] as number) >>> 2) + 4;
    this.need(1 + n, path);
    if (b[p + n] === 0) throw this.error('SCALE_NON_CANONICAL_COMPACT', path, `non-canonical compact: zero top byte in ${n}-byte mode`, p);
    let v = 0n;
    if (n <= 6) {
      let x = 0;
      for (let i = n; i >= 1; i--) x = x * 256 + (b[p + i] as number);
      v = BigInt(x);
    } else {
      for (let i = n; i >= 1; i--) v = (v << 8n) | BigInt(b[p + i] as number);
    }
    if (v < 1073741824n) throw this.error('SCALE_NON_CANONICAL_COMPACT', path, `non-canonical compact: ${v} in big-integer mode`, p);
    this.offset = p + 1 + n;
    return v;
  }

  /** Reads a compact unsigned integer (canonical encodings only). */
  compact(path = ''): bigint {
    const b = this.input;
    if (this.offset < b.length && ((b[this.offset] as number) & 3) === 3) return this.compactBig(path);
    return BigInt(this.compactSmall(path, Number.MAX_SAFE_INTEGER, 'compact'));
  }

  /** Reads a compact that must fit a u32. */
  compactU32(path = ''): number {
    return this.compactSmall(path, 0xffffffff, 'compact u32');
  }

  /** Reads a compact number that must fit 2^53-1. */
  compactNumber(path = ''): number {
    return this.compactSmall(path, Number.MAX_SAFE_INTEGER, 'compact');
  }

  /**
   * Reads a compact length prefix and checks, before anything is allocated, that `length * minItemSize`
   * bytes remain (SCALE_LENGTH_OVERFLOW otherwise). Items of size 0 (`()`, empty structs) are charged to
   * the decode's zero-size budget instead (see {@link ScaleReader.zeroSized}).
   */
  length(path = '', minItemSize = 1): number {
    const at = this.offset;
    const n = this.compactSmall(path, 0xffffffff, 'length');
    if (minItemSize > 0) {
      const rem = this.input.length - this.offset;
      if (n * minItemSize > rem) {
        throw this.error('SCALE_LENGTH_OVERFLOW', path, `length prefix ${n} exceeds the ${rem} remaining input bytes`, at);
      }
    } else if (n > 0) this.zeroSized(n, path, at);
    return n;
  }

  /**
   * Charges `n` zero-size items (items that consume no input, e.g. a `[(); N]` or a `[()]`) to this decode's
   * budget of {@link ZERO_SIZE_BASE} + {@link ZERO_SIZE_PER_BYTE} per input byte, so that a few bytes cannot
   * claim billions of items; SCALE_LENGTH_OVERFLOW once it is spent.
   */
  zeroSized(n: number, path = '', at = this.offset): void {
    if (n > this.zeroSizeLeft) {
      throw this.error(
        'SCALE_LENGTH_OVERFLOW',
        path,
        `${n} zero-size items exceed what a ${this.input.length}-byte input may carry (${this.zeroSizeLeft} left of ${ZERO_SIZE_BASE} + ${ZERO_SIZE_PER_BYTE} per byte)`,
        at,
      );
    }
    this.zeroSizeLeft -= n;
  }

  /** Reads `n` raw bytes (a view into the input, not a copy). */
  viewBytes(n: number, path = ''): Uint8Array {
    const p = this.offset;
    if (p + n > this.input.length) this.need(n, path);
    this.offset = p + n;
    return this.input.subarray(p, p + n);
  }

  /** Reads `n` raw bytes as a copy. */
  raw(n: number, path = ''): Uint8Array {
    const p = this.offset;
    if (p + n > this.input.length) this.need(n, path);
    this.offset = p + n;
    return this.input.slice(p, p + n);
  }

  /** Reads `[u8]`: a compact length then that many bytes (copied). */
  bytes(path = ''): Uint8Array {
    return this.raw(this.length(path), path);
  }

  /** Reads a String: a compact byte length then strict UTF-8 (SCALE_BAD_UTF8 on malformed input). */
  str(path = ''): string {
    const b = this.input;
    let p = this.offset;
    let n: number;
    // A one-byte length prefix (under 64 bytes) is read here; longer ones go through length().
    const b0 = p < b.length ? (b[p] as number) : 1;
    if ((b0 & 3) === 0 && p + 1 + (b0 >>> 2) <= b.length) {
      n = b0 >>> 2;
      p++;
    } else {
      n = this.length(path);
      p = this.offset;
    }
    if (n <= SHORT_ASCII_MAX) {
      const s = shortAscii(b, p, n);
      if (s !== null) {
        this.offset = p + n;
        return s;
      }
    }
    let s: string;
    try {
      s = utf8Decoder.decode(b.subarray(p, p + n));
    } catch (cause) {
      throw new ScaleError('SCALE_BAD_UTF8', path, 'invalid UTF-8 in String', { cause, offset: p });
    }
    this.offset = p + n;
    return s;
  }

  /** Reads a 32-byte id as lowercase `0x` hex. */
  id(path = ''): string {
    const p = this.offset;
    if (p + 32 > this.input.length) this.need(32, path);
    this.offset = p + 32;
    return hex32(this.input, p);
  }
}

// One reader that lives as long as the class (held by a non-enumerable property of it). V8 reaches the object
// shape of a reader through weak transitions only; when a full GC finds no reader alive (between decodes), that
// shape dies and every optimized decoder built on it is thrown away and compiled again. Holding one keeps it.
Object.defineProperty(ScaleReader, 'shapeAnchor', { value: new ScaleReader(new Uint8Array(0)) });
