import { ScaleError } from './errors.js';
import { writeIdDigits } from './hex.js';
import { BIGINT_BOUNDS, COMPACT_MAX, kindHint, show } from './limits.js';
import { loneSurrogateAt, loneSurrogateMessage, utf8Encoder } from './utf8.js';
import { HALVES, HI, LITTLE_ENDIAN, LO, WORD_BYTES, WORD_CHUNK, WORDS } from './words.js';

const U64_MAX = BIGINT_BOUNDS.u64[1];
const U256_MAX = BIGINT_BOUNDS.u256[1];
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function rangeError(type: string, v: unknown, path: string): ScaleError {
  if (typeof v === 'number' && Number.isNaN(v)) return new ScaleError('SCALE_RANGE', path, `${type} is NaN`);
  if (typeof v === 'number' && !Number.isInteger(v)) return new ScaleError('SCALE_RANGE', path, `${type} is not an integer: ${v}`);
  return new ScaleError('SCALE_RANGE', path, `${type} out of range: ${show(v)}`);
}

function kindError(type: string, expected: string, v: unknown, path: string): ScaleError {
  return new ScaleError(
    'SCALE_BAD_VALUE',
    path,
    `${type} expects a ${expected}, got ${typeof v}: ${show(v)}${kindHint(type, expected, v)}`,
  );
}

/** The buffer of a writer whose message was taken (see {@link ScaleWriter.take}): the next write grows a new one. */
const SPENT = new Uint8Array(0);

/** Growable SCALE output buffer; every method appends, `finish` returns a copy of the bytes written. */
export class ScaleWriter {
  /** The underlying buffer (valid up to `length`). */
  buf: Uint8Array;
  /** Number of bytes written. */
  length = 0;
  /** `buf` as 64-bit words, for direct stores of words that land on an 8-byte boundary (little-endian only). */
  private wide: BigUint64Array;
  /** Whether `wide` views `buf` (not while a message {@link ScaleWriter.begin} started is written into its own buffer). */
  private wideOk = true;

  /** Creates a writer with an initial capacity in bytes. */
  constructor(capacity = 64) {
    this.buf = new Uint8Array((Math.max(8, capacity) + 7) & ~7);
    this.wide = new BigUint64Array(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.length + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let cap = Math.max(8, this.buf.length * 2);
    while (cap < this.length + n) cap *= 2;
    // Whole 64-bit words, for the `wide` view (a buffer from `begin` may have any size).
    const next = new Uint8Array((cap + 7) & ~7);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.wide = new BigUint64Array(next.buffer);
    this.wideOk = true;
  }

  /** Forgets the bytes written, keeping the buffer. */
  reset(): void {
    this.length = 0;
  }

  /** Returns a copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /**
   * Starts a message whose encoded size is known in advance (generated code knows it for fixed-size arguments):
   * its `header` and then the values are written straight into a fresh buffer of exactly `size` bytes, which
   * {@link ScaleWriter.take} hands out without the copy `finish` makes. Use a writer of its own for this.
   */
  begin(size: number, header: Uint8Array): this {
    const b = new Uint8Array(size);
    const n = header.length;
    for (let i = 0; i < n; i++) b[i] = header[i] as number;
    this.buf = b;
    this.length = n;
    this.wideOk = false;
    return this;
  }

  /** A message buffer of `size` bytes that starts with `header`: what {@link ScaleWriter.beginWith} copies for each message. */
  static template(header: Uint8Array, size: number): Uint8Array {
    const t = new Uint8Array(size);
    t.set(header);
    return t;
  }

  /**
   * {@link ScaleWriter.begin} from a {@link ScaleWriter.template}: the buffer is one copy of the template (header and
   * zeros), which the engine makes about twice as fast as a new buffer with the header written into it; the values
   * are written after its first `headerLength` bytes.
   */
  beginWith(template: Uint8Array, headerLength: number): this {
    this.buf = new Uint8Array(template);
    this.length = headerLength;
    this.wideOk = false;
    return this;
  }

  /** The message started with {@link ScaleWriter.begin}: its buffer itself when exactly filled, else a copy of what was written. */
  take(): Uint8Array {
    const b = this.buf;
    // The writer lets go of the buffer it handed out: a later write starts a new one instead of changing the message.
    this.buf = SPENT;
    return this.length === b.length ? b : b.slice(0, this.length);
  }

  /** Writes a bool as 00/01. */
  bool(v: boolean, path = ''): void {
    if (typeof v !== 'boolean') throw kindError('bool', 'boolean', v, path);
    if (this.length + 1 > this.buf.length) this.grow(1);
    this.buf[this.length++] = v ? 1 : 0;
  }

  /** Writes a u8. */
  u8(v: number, path = ''): void {
    if (typeof v !== 'number' || !(v >= 0 && v <= 0xff && (v | 0) === v)) throw this.bad('u8', v, path);
    if (this.length + 1 > this.buf.length) this.grow(1);
    this.buf[this.length++] = v;
  }

  /** Writes an i8. */
  i8(v: number, path = ''): void {
    if (typeof v !== 'number' || !(v >= -0x80 && v <= 0x7f && (v | 0) === v)) throw this.bad('i8', v, path);
    if (this.length + 1 > this.buf.length) this.grow(1);
    this.buf[this.length++] = v & 0xff;
  }

  /** Writes a u16 little-endian. */
  u16(v: number, path = ''): void {
    if (typeof v !== 'number' || !(v >= 0 && v <= 0xffff && (v | 0) === v)) throw this.bad('u16', v, path);
    this.put16(v);
  }

  /** Writes an i16 little-endian. */
  i16(v: number, path = ''): void {
    if (typeof v !== 'number' || !(v >= -0x8000 && v <= 0x7fff && (v | 0) === v)) throw this.bad('i16', v, path);
    this.put16(v);
  }

  /** Writes a u32 little-endian. */
  u32(v: number, path = ''): void {
    if (typeof v !== 'number' || !(v >= 0 && v <= 0xffffffff && v >>> 0 === v)) throw this.bad('u32', v, path);
    this.put32(v);
  }

  /** Writes an i32 little-endian. */
  i32(v: number, path = ''): void {
    if (typeof v !== 'number' || !(v >= -0x80000000 && v <= 0x7fffffff && (v | 0) === v)) throw this.bad('i32', v, path);
    this.put32(v);
  }

  private bad(type: string, v: unknown, path: string): ScaleError {
    return typeof v === 'number' ? rangeError(type, v, path) : kindError(type, 'number', v, path);
  }

  private put16(v: number): void {
    if (this.length + 2 > this.buf.length) this.grow(2);
    const b = this.buf;
    const p = this.length;
    b[p] = v;
    b[p + 1] = v >>> 8;
    this.length = p + 2;
  }

  private put32(v: number): void {
    if (this.length + 4 > this.buf.length) this.grow(4);
    const b = this.buf;
    const p = this.length;
    b[p] = v;
    b[p + 1] = v >>> 8;
    b[p + 2] = v >>> 16;
    b[p + 3] = v >>> 24;
    this.length = p + 4;
  }

  private bigBad(type: string, v: unknown, path: string): ScaleError {
    return typeof v === 'bigint' ? rangeError(type, v, path) : kindError(type, 'bigint', v, path);
  }

  /** Writes the low 64 bits of `v` (two's complement) as 8 bytes little-endian; room is already ensured. */
  private word(v: bigint): void {
    // A typed-array store wraps modulo 2^64; its 32-bit halves are then plain numbers.
    const p = this.length;
    if (LITTLE_ENDIAN && (p & 7) === 0 && this.wideOk) {
      // An aligned word is stored straight into the buffer (the store wraps modulo 2^64 as well).
      this.wide[p >>> 3] = v;
      this.length = p + 8;
      return;
    }
    WORDS[0] = v;
    const lo = HALVES[LO] as number;
    const hi = HALVES[HI] as number;
    const b = this.buf;
    b[p] = lo;
    b[p + 1] = lo >>> 8;
    b[p + 2] = lo >>> 16;
    b[p + 3] = lo >>> 24;
    b[p + 4] = hi;
    b[p + 5] = hi >>> 8;
    b[p + 6] = hi >>> 16;
    b[p + 7] = hi >>> 24;
    this.length = p + 8;
  }

  /** Writes `words` 64-bit words of `v` (in range for that width), low word first; room is already ensured. */
  private words(v: bigint, words: number): void {
    this.word(v);
    for (let i = 1; i < words; i++) {
      v >>= 64n;
      this.word(v);
    }
  }

  /** Writes `n` zero bytes; room is already ensured. */
  private zeros(n: number): void {
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  // Range checks of 64-bit values compare with BigInt.asUintN/asIntN(64, v): the optimizing compiler turns
  // those into machine-word operations, about twice as fast as two comparisons with bigint bounds.

  /** Writes a u64 little-endian. */
  u64(v: bigint, path = ''): void {
    if (typeof v !== 'bigint' || BigInt.asUintN(64, v) !== v) throw this.bigBad('u64', v, path);
    if (this.length + 8 > this.buf.length) this.grow(8);
    this.word(v);
  }

  /** Writes a u128 little-endian. */
  u128(v: bigint, path = ''): void {
    if (typeof v !== 'bigint') throw this.bigBad('u128', v, path);
    // v is a u128 exactly when its high part v >> 64 is a u64 (negative values give a negative high part).
    const hi = v >> 64n;
    if (BigInt.asUintN(64, hi) !== hi) throw this.bigBad('u128', v, path);
    if (this.length + 16 > this.buf.length) this.grow(16);
    this.word(v);
    this.word(hi);
  }

  /** Writes a u256 little-endian. */
  u256(v: bigint, path = ''): void {
    if (typeof v !== 'bigint' || !(v >= 0n && v <= U256_MAX)) throw this.bigBad('u256', v, path);
    if (this.length + 32 > this.buf.length) this.grow(32);
    if (v <= U64_MAX) {
      this.word(v);
      this.zeros(24);
    } else this.words(v, 4);
  }

  /** Writes an i64 little-endian (two's complement). */
  i64(v: bigint, path = ''): void {
    if (typeof v !== 'bigint' || BigInt.asIntN(64, v) !== v) throw this.bigBad('i64', v, path);
    if (this.length + 8 > this.buf.length) this.grow(8);
    this.word(v);
  }

  /** Writes an i128 little-endian (two's complement). */
  i128(v: bigint, path = ''): void {
    if (typeof v !== 'bigint') throw this.bigBad('i128', v, path);
    // v is an i128 exactly when its high part v >> 64 (an arithmetic shift) is an i64.
    const hi = v >> 64n;
    if (BigInt.asIntN(64, hi) !== hi) throw this.bigBad('i128', v, path);
    if (this.length + 16 > this.buf.length) this.grow(16);
    this.word(v);
    this.word(hi);
  }

  /**
   * Writes the items of a `[u64]` or `[u64; N]` (no length prefix): one capacity check for all of them;
   * an item that is not a u64 is refused (SCALE_RANGE / SCALE_BAD_VALUE at `path[i]`) and nothing is written.
   */
  u64s(values: readonly bigint[], path = ''): void {
    const n = values.length;
    if (this.length + 8 * n > this.buf.length) this.grow(8 * n);
    const start = this.length;
    if (!LITTLE_ENDIAN) {
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== 'bigint' || BigInt.asUintN(64, v) !== v) {
          this.length = start;
          throw this.bigBad('u64', v, `${path}[${i}]`);
        }
        this.word(v);
      }
      return;
    }
    // Little-endian: the scratch words are already SCALE bytes; store a chunk of words, copy it in one go.
    let p = start;
    for (let done = 0; done < n; done += WORD_CHUNK) {
      const k = Math.min(WORD_CHUNK, n - done);
      for (let j = 0; j < k; j++) {
        const v = values[done + j];
        if (typeof v !== 'bigint' || BigInt.asUintN(64, v) !== v) throw this.bigBad('u64', v, `${path}[${done + j}]`);
        WORDS[j] = v;
      }
      this.buf.set(WORD_BYTES.subarray(0, 8 * k), p);
      p += 8 * k;
    }
    this.length = p;
  }

  /** Writes a SCALE compact unsigned integer (all four modes). */
  compact(v: number | bigint, path = ''): void {
    if (typeof v === 'number') {
      if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v)) throw rangeError('compact', v, path);
      this.compactNumber(v);
      return;
    }
    if (typeof v !== 'bigint') throw kindError('compact', 'number or bigint', v, path);
    // A u64 (the common case) is recognised with one machine-word comparison (see u64 below).
    if (BigInt.asUintN(64, v) === v) {
      if (v <= SAFE) this.compactNumber(Number(v));
      else this.compactBig(v);
      return;
    }
    if (v < 0n || v > COMPACT_MAX) throw rangeError('compact', v, path);
    if (v <= SAFE) {
      this.compactNumber(Number(v));
      return;
    }
    this.compactBig(v);
  }

  /** Writes a compact of a non-negative bigint at most 2^536-1 (no checks: the caller has checked the range). */
  compactBigint(v: bigint): void {
    if (v <= SAFE) this.compactNumber(Number(v));
    else this.compactBig(v);
  }

  /** Writes a compact of a non-negative safe integer (no checks). */
  compactNumber(v: number): void {
    if (this.length + 9 > this.buf.length) this.grow(9);
    const b = this.buf;
    const p = this.length;
    if (v < 64) {
      b[p] = v << 2;
      this.length = p + 1;
    } else if (v < 16384) {
      const x = (v << 2) | 1;
      b[p] = x;
      b[p + 1] = x >>> 8;
      this.length = p + 2;
    } else if (v < 1073741824) {
      const x = v * 4 + 2;
      b[p] = x;
      b[p + 1] = x >>> 8;
      b[p + 2] = x >>> 16;
      b[p + 3] = x >>> 24;
      this.length = p + 4;
    } else {
      let n = 4;
      while (n < 7 && v >= 2 ** (8 * n)) n++;
      b[p] = ((n - 4) << 2) | 3;
      let rest = v;
      for (let i = 1; i <= n; i++) {
        const byte = rest % 256;
        b[p + i] = byte;
        rest = (rest - byte) / 256;
      }
      this.length = p + 1 + n;
    }
  }

  private compactBig(v: bigint): void {
    let n = 0;
    for (let t = v; t > 0n; t >>= 8n) n++;
    if (n < 4) n = 4;
    this.ensure(n + 1);
    const b = this.buf;
    let p = this.length;
    b[p++] = ((n - 4) << 2) | 3;
    let rest = v;
    for (let i = 0; i < n; i++) {
      b[p++] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    this.length = p;
  }

  /** Writes bytes without a length prefix. */
  raw(v: Uint8Array): void {
    const n = v.length;
    if (this.length + n > this.buf.length) this.grow(n);
    if (n <= 16) {
      const b = this.buf;
      const p = this.length;
      for (let i = 0; i < n; i++) b[p + i] = v[i] as number;
    } else this.buf.set(v, this.length);
    this.length += n;
  }

  /** Writes a compact length prefix followed by the bytes (`[u8]`). */
  bytes(v: Uint8Array, path = ''): void {
    if (!(v instanceof Uint8Array)) throw kindError('[u8]', 'Uint8Array', v, path);
    this.compactNumber(v.length);
    this.raw(v);
  }

  /** Writes exactly `length` bytes (`[u8; N]`); a different length is SCALE_BAD_LENGTH. */
  fixedBytes(v: Uint8Array, length: number, path = ''): void {
    if (!(v instanceof Uint8Array)) throw kindError(`[u8; ${length}]`, 'Uint8Array', v, path);
    if (v.length !== length) throw new ScaleError('SCALE_BAD_LENGTH', path, `[u8; ${length}] expects ${length} bytes, got ${v.length}`);
    this.raw(v);
  }

  /** Writes a String: compact byte length followed by UTF-8. */
  str(v: string, path = ''): void {
    if (typeof v !== 'string') throw kindError('String', 'string', v, path);
    const len = v.length;
    if (len < 64) {
      // Short string: try ASCII directly after a one-byte prefix.
      if (this.length + 1 + len > this.buf.length) this.grow(1 + len);
      const b = this.buf;
      const start = this.length + 1;
      let i = 0;
      for (; i < len; i++) {
        const c = v.charCodeAt(i);
        if (c >= 0x80) break;
        b[start + i] = c;
      }
      if (i === len) {
        b[start - 1] = len << 2;
        this.length = start + len;
        return;
      }
    }
    this.utf8(v, path);
  }

  /** Writes a String that is not short ASCII (kept out of `str` so that the fast path stays small enough to inline). */
  private utf8(v: string, path: string): void {
    const len = v.length;
    const bad = loneSurrogateAt(v);
    if (bad >= 0) throw new ScaleError('SCALE_BAD_UTF8', path, loneSurrogateMessage(v, bad));
    const max = len * 3;
    const prefix = max < 64 ? 1 : max < 16384 ? 2 : max < 1073741824 ? 4 : 5;
    this.ensure(prefix + max + 9);
    const start = this.length;
    const { written } = utf8Encoder.encodeInto(v, this.buf.subarray(start + prefix, start + prefix + max));
    const actual = written < 64 ? 1 : written < 16384 ? 2 : written < 1073741824 ? 4 : 5;
    if (actual !== prefix) this.buf.copyWithin(start + actual, start + prefix, start + prefix + written);
    this.compactNumber(written);
    this.length = start + actual + written;
  }

  /** Writes a 32-byte id given as `0x` + 64 hex digits (any case). */
  id(v: string, path = ''): void {
    if (typeof v !== 'string') throw kindError('id', '0x hex string', v, path);
    if (v.length !== 66)
      throw new ScaleError('SCALE_BAD_LENGTH', path, `id must be 0x followed by 64 hex digits, got ${v.length} characters`);
    if (v.charCodeAt(0) !== 48 || v.charCodeAt(1) !== 120) throw new ScaleError('SCALE_BAD_VALUE', path, 'id must start with 0x');
    if (this.length + 32 > this.buf.length) this.grow(32);
    if (!writeIdDigits(v, this.buf, this.length)) throw new ScaleError('SCALE_BAD_VALUE', path, `id has a non-hex character: ${show(v)}`);
    this.length += 32;
  }
}
