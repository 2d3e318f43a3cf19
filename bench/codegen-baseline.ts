// The hand-written baseline of the codegen suite: the fastest code one can write by hand for Transfer and
// Order of bench/codegen.ts, knowing the shape in advance and trusting the value (checks only where the
// wire needs them). The techniques are those of bench/codec-baseline.ts:
// - ids: table-driven hex both ways (the digits copied to bytes by one TextEncoder.encodeInto and parsed
//   with a nibble table; a table of 4-digit strings to format 2 bytes per step);
// - u64/u128: typed-array stores and loads of bigints (much cheaper than DataView's BigInt methods); each
//   layout starts at an offset chosen so that its u128 lands on an 8-byte boundary of the output buffer,
//   and unaligned fields go through aligned scratch words;
// - compact lengths written inline, an ASCII fast path for short strings both ways (decoded with one
//   fixed-arity String.fromCharCode call: the sdk's own `shortAscii`, the fastest form measured);
// - one preallocated output buffer; each encode returns fresh bytes.

import { shortAscii } from '../sdk/src/scale/ascii.js';

/** A Transfer value of the bench. */
export interface BaseTransfer {
  to: `0x${string}`;
  amount: bigint;
  memo: string | null;
}
/** An Order value of the bench. */
export interface BaseOrder {
  id: bigint;
  side: 'Buy' | 'Sell';
  price: bigint;
  qty: bigint;
  tags: string[];
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new RangeError('bench baseline: expects a little-endian platform');

/** Value of a hex digit by any UTF-16 code unit (0x100 for anything else, so a bad pair exceeds a byte). */
const HEX_VALUE = new Uint16Array(65536).fill(0x100);
for (let i = 0; i < 16; i++) {
  HEX_VALUE[i.toString(16).charCodeAt(0)] = i;
  HEX_VALUE[i.toString(16).toUpperCase().charCodeAt(0)] = i;
}
/** Lowercase hex of two bytes `(b0 << 8) | b1`. */
const HEX2 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));
const MAX_U64 = 0xffff_ffff_ffff_ffffn;
const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

/** Output buffer; its 64-bit word view reaches the u128 fields laid out on 8-byte boundaries. */
const out = new Uint8Array(4096);
const out64 = new BigUint64Array(out.buffer);
/** Aligned scratch words for unaligned bigint stores and loads. */
const words = new BigUint64Array(2);
const wordBytes = new Uint8Array(words.buffer);

/** Scratch for the characters of an id: copied in one native call, then parsed from bytes (faster than charCodeAt). */
const hexChars = new Uint8Array(72);
function putHex32(at: number, hex: string): void {
  te.encodeInto(hex, hexChars);
  for (let i = 0, c = 2; i < 32; i++, c += 2) {
    const v = ((HEX_VALUE[hexChars[c] as number] as number) << 4) | (HEX_VALUE[hexChars[c + 1] as number] as number);
    if (v > 0xff) throw new RangeError('bench: bad hex');
    out[at + i] = v;
  }
}
function readHex32(b: Uint8Array, at: number): `0x${string}` {
  let s = '0x';
  for (let i = at; i < at + 32; i += 2) s += HEX2[((b[i] as number) << 8) | (b[i + 1] as number)];
  return s as `0x${string}`;
}
/** The u64 at `at` (copied through the aligned scratch). */
function readU64(b: Uint8Array, at: number): bigint {
  for (let i = 0; i < 8; i++) wordBytes[i] = b[at + i] as number;
  return words[0] as bigint;
}
/** The u128 at `at` (copied through the aligned scratch). */
function readU128(b: Uint8Array, at: number): bigint {
  for (let i = 0; i < 16; i++) wordBytes[i] = b[at + i] as number;
  const lo = words[0] as bigint;
  const hi = words[1] as bigint;
  return hi === 0n ? lo : (hi << 64n) | lo;
}
/** Writes compact `n` (below 2^30) at `at`; returns the bytes written. */
function putCompact(at: number, n: number): number {
  if (n < 64) {
    out[at] = n << 2;
    return 1;
  }
  if (n < 16384) {
    const x = (n << 2) | 1;
    out[at] = x;
    out[at + 1] = x >> 8;
    return 2;
  }
  const x = ((n << 2) | 2) >>> 0;
  out[at] = x;
  out[at + 1] = x >> 8;
  out[at + 2] = x >> 16;
  out[at + 3] = x >>> 24;
  return 4;
}
/** Writes a string with its compact length at `at`; returns the bytes written. */
function putStr(at: number, v: string): number {
  const n = v.length;
  if (n < 64) {
    let i = 0;
    for (; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) break;
      out[at + 1 + i] = c;
    }
    if (i === n) {
      out[at] = n << 2;
      return 1 + n;
    }
  }
  const enc = te.encode(v);
  const p = putCompact(at, enc.length);
  out.set(enc, at + p);
  return p + enc.length;
}
/** Compact value (below 2^32) at `at` and where the next field starts, in `cursor`. */
let cursor = 0;
function readCompact(b: Uint8Array, at: number): number {
  const b0 = b[at] as number;
  switch (b0 & 3) {
    case 0:
      cursor = at + 1;
      return b0 >> 2;
    case 1:
      cursor = at + 2;
      return (b0 | ((b[at + 1] as number) << 8)) >> 2;
    case 2:
      cursor = at + 4;
      return (b0 | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24)) >>> 2;
    default:
      throw new RangeError('bench: compact above the bench values');
  }
}
/** The string with its compact length at `at`; leaves the next offset in `cursor`. */
function readStr(b: Uint8Array, at: number): string {
  const len = readCompact(b, at);
  const start = cursor;
  const end = start + len;
  if (end > b.length) throw new RangeError('bench: string overruns the input');
  cursor = end;
  if (len <= 16) {
    const s = shortAscii(b, start, len);
    if (s !== null) return s;
  }
  return td.decode(b.subarray(start, end));
}

/** Transfer: to at 0, amount at 32 (8-aligned), memo at 48. */
export function baselineEncodeTransfer(v: BaseTransfer): Uint8Array {
  putHex32(0, v.to);
  const amount = v.amount;
  out64[4] = amount;
  out64[5] = amount > MAX_U64 ? amount >> 64n : 0n;
  let p = 48;
  if (v.memo === null) out[p++] = 0;
  else {
    out[p++] = 1;
    p += putStr(p, v.memo);
  }
  return out.slice(0, p);
}
/** Decodes a Transfer; rejects trailing bytes. */
export function baselineDecodeTransfer(b: Uint8Array): BaseTransfer {
  if (b.length < 49) throw new RangeError('bench: short Transfer');
  const to = readHex32(b, 0);
  const amount = readU128(b, 32);
  let memo: string | null = null;
  let p = 49;
  if (b[48] === 1) {
    memo = readStr(b, 49);
    p = cursor;
  }
  if (p !== b.length) throw new RangeError('bench: trailing bytes after Transfer');
  return { to, amount, memo };
}

/** Order, laid out from offset 7: id at 7 (through scratch), side at 15, price at 16 (8-aligned), then qty and tags. */
export function baselineEncodeOrder(v: BaseOrder): Uint8Array {
  words[0] = v.id;
  for (let i = 0; i < 8; i++) out[7 + i] = wordBytes[i] as number;
  out[15] = v.side === 'Buy' ? 0 : 1;
  const price = v.price;
  out64[2] = price;
  out64[3] = price > MAX_U64 ? price >> 64n : 0n;
  const qty = v.qty;
  if (qty >= 0x40000000n) throw new RangeError('bench: qty above the bench values');
  let p = 32 + putCompact(32, Number(qty));
  const tags = v.tags;
  const n = tags.length;
  p += putCompact(p, n);
  for (let i = 0; i < n; i++) p += putStr(p, tags[i] as string);
  return out.slice(7, p);
}
/** Decodes an Order; rejects trailing bytes. */
export function baselineDecodeOrder(b: Uint8Array): BaseOrder {
  if (b.length < 27) throw new RangeError('bench: short Order');
  const id = readU64(b, 0);
  const tag = b[8] as number;
  if (tag > 1) throw new RangeError('bench: unknown Side variant');
  const side = tag === 0 ? 'Buy' : 'Sell';
  const price = readU128(b, 9);
  const qty = BigInt(readCompact(b, 25));
  const n = readCompact(b, cursor);
  const tags: string[] = new Array(n);
  let p = cursor;
  for (let i = 0; i < n; i++) {
    tags[i] = readStr(b, p);
    p = cursor;
  }
  if (p !== b.length) throw new RangeError('bench: trailing bytes after Order');
  return { id, side, price, qty, tags };
}
