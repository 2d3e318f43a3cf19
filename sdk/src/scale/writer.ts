import { ScaleError } from './errors.js';
import { writeHexDigits } from './hex.js';
import { BIGINT_BOUNDS, COMPACT_MAX, show } from './limits.js';
import { loneSurrogateAt, loneSurrogateMessage, utf8Encoder } from './utf8.js';

const U64_MAX = BIGINT_BOUNDS.u64[1];
const U128_MAX = BIGINT_BOUNDS.u128[1];
const U256_MAX = BIGINT_BOUNDS.u256[1];
const I64_MIN = BIGINT_BOUNDS.i64[0];
const I64_MAX = BIGINT_BOUNDS.i64[1];
const I128_MIN = BIGINT_BOUNDS.i128[0];
const I128_MAX = BIGINT_BOUNDS.i128[1];
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const TWO32 = 4294967296;

function rangeError(type: string, v: unknown, path: string): ScaleError {
  if (typeof v === 'number' && Number.isNaN(v)) return new ScaleError('SCALE_RANGE', path, `${type} is NaN`);
  if (typeof v === 'number' && !Number.isInteger(v)) return new ScaleError('SCALE_RANGE', path, `${type} is not an integer: ${v}`);
  return new ScaleError('SCALE_RANGE', path, `${type} out of range: ${show(v)}`);
}

function kindError(type: string, expected: string, v: unknown, path: string): ScaleError {
  return new ScaleError('SCALE_BAD_VALUE', path, `${type} expects a ${expected}, got ${typeof v}: ${show(v)}`);
}

/** Growable SCALE output buffer; every method appends, `finish` returns a copy of the bytes written. */
export class ScaleWriter {
  /** The underlying buffer (valid up to `length`). */
  buf: Uint8Array;
  /** Number of bytes written. */
  length = 0;
  private view: DataView;

  /** Creates a writer with an initial capacity in bytes. */
  constructor(capacity = 64) {
    this.buf = new Uint8Array(Math.max(8, capacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.length + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Forgets the bytes written, keeping the buffer. */
  reset(): void {
    this.length = 0;
  }

  /** Returns a copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
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

  /** Writes a non-negative safe integer as 8 bytes little-endian (no checks). */
  private putSafe64(n: number): void {
    const lo = n >>> 0;
    this.put32(lo);
    this.put32((n - lo) / TWO32);
  }

  /** Writes `v` (already reduced modulo 2^(8*bytes)) as `bytes` little-endian bytes, bytes a multiple of 8. */
  private putBig(v: bigint, bytes: number): void {
    if (this.length + bytes > this.buf.length) this.grow(bytes);
    const view = this.view;
    let p = this.length;
    // setBigUint64 stores its argument modulo 2^64: each word needs one shift and no BigInt.asUintN.
    view.setBigUint64(p, v, true);
    for (let i = 8; i < bytes; i += 8) {
      v >>= 64n;
      p += 8;
      view.setBigUint64(p, v, true);
    }
    this.length = p + 8;
  }

  private zeros(n: number): void {
    if (this.length + n > this.buf.length) this.grow(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  /** Writes a u64 little-endian. */
  u64(v: bigint, path = ''): void {
    if (typeof v !== 'bigint') throw kindError('u64', 'bigint', v, path);
    if (v >= 0n && v <= SAFE) this.putSafe64(Number(v));
    else if (v > 0n && v <= U64_MAX) {
      if (this.length + 8 > this.buf.length) this.grow(8);
      this.view.setBigUint64(this.length, v, true);
      this.length += 8;
    } else throw rangeError('u64', v, path);
  }

  /** Writes a u128 little-endian. */
  u128(v: bigint, path = ''): void {
    if (typeof v !== 'bigint') throw kindError('u128', 'bigint', v, path);
    if (v >= 0n && v <= SAFE) {
      this.putSafe64(Number(v));
      this.zeros(8);
    } else if (v > 0n && v <= U128_MAX) this.putBig(v, 16);
    else throw rangeError('u128', v, path);
  }

  /** Writes a u256 little-endian. */
  u256(v: bigint, path = ''): void {
    if (typeof v !== 'bigint') throw kindError('u256', 'bigint', v, path);
    if (v >= 0n && v <= SAFE) {
      this.putSafe64(Number(v));
      this.zeros(24);
    } else if (v > 0n && v <= U256_MAX) this.putBig(v, 32);
    else throw rangeError('u256', v, path);
  }

  /** Writes an i64 little-endian (two's complement). */
  i64(v: bigint, path = ''): void {
    if (typeof v !== 'bigint') throw kindError('i64', 'bigint', v, path);
    if (v >= 0n && v <= SAFE) this.putSafe64(Number(v));
    else if (v >= I64_MIN && v <= I64_MAX) this.putBig(v, 8);
    else throw rangeError('i64', v, path);
  }

  /** Writes an i128 little-endian (two's complement). */
  i128(v: bigint, path = ''): void {
    if (typeof v !== 'bigint') throw kindError('i128', 'bigint', v, path);
    if (v >= 0n && v <= SAFE) {
      this.putSafe64(Number(v));
      this.zeros(8);
    } else if (v >= I128_MIN && v <= I128_MAX) this.putBig(v, 16);
    else throw rangeError('i128', v, path);
  }

  /** Writes a SCALE compact unsigned integer (all four modes). */
  compact(v: number | bigint, path = ''): void {
    if (typeof v === 'number') {
      if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v)) throw rangeError('compact', v, path);
      this.compactNumber(v);
      return;
    }
    if (typeof v !== 'bigint') throw kindError('compact', 'number or bigint', v, path);
    if (v < 0n || v > COMPACT_MAX) throw rangeError('compact', v, path);
    if (v <= SAFE) {
      this.compactNumber(Number(v));
      return;
    }
    this.compactBig(v);
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
    if (!writeHexDigits(v, this.buf, this.length)) throw new ScaleError('SCALE_BAD_VALUE', path, `id has a non-hex character: ${show(v)}`);
    this.length += 32;
  }
}
