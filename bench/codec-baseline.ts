// The hand-written baseline of the codec suite: the fastest code one can write by hand for each shape of
// bench/codec.ts, knowing the shape in advance and trusting the value (no checks beyond what the wire needs).
// - ids: table-driven hex both ways (the digits copied to bytes by one TextEncoder.encodeInto and parsed
//   with a nibble table; a table of 4-digit strings to format 2 bytes per step), no per-byte parsing;
// - u64/u128: typed-array stores and loads of bigints (much cheaper than DataView's BigInt methods); the
//   Transfer and Enum layouts are placed in the buffer so that their u128 lands on an 8-byte boundary;
// - one preallocated output buffer, an ASCII fast path for short strings; each encode returns fresh bytes.

/** A Transfer value of the bench. */
export interface BaseTransfer {
  to: string;
  amount: bigint;
  memo: string | null;
}
/** The `Transfer` variant of the bench's Action enum. */
export interface BaseAction {
  kind: 'Transfer';
  to: string;
  amount: bigint;
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new RangeError('bench baseline: expects a little-endian platform');

/** Value of a hex digit by byte (0x100 for anything else, so a bad pair exceeds a byte). */
const HEX_VALUE = new Uint16Array(256).fill(0x100);
for (let i = 0; i < 16; i++) {
  HEX_VALUE[i.toString(16).charCodeAt(0)] = i;
  HEX_VALUE[i.toString(16).toUpperCase().charCodeAt(0)] = i;
}
/** Lowercase hex of two bytes `(b0 << 8) | b1`. */
const HEX2 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));
const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

/** Output buffer; its 64-bit word view reaches the u128 fields laid out on 8-byte boundaries. */
const out = new Uint8Array(4096);
const out64 = new BigUint64Array(out.buffer);
/** Aligned scratch words for unaligned bigint loads and for vectors. */
const words = new BigUint64Array(512);
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
function readHex32(b: Uint8Array, at: number): string {
  let s = '0x';
  for (let i = at; i < at + 32; i += 2) s += HEX2[((b[i] as number) << 8) | (b[i + 1] as number)];
  return s;
}
/** The u128 at `at` (copied through the aligned scratch). */
function readU128(b: Uint8Array, at: number): bigint {
  for (let i = 0; i < 16; i++) wordBytes[i] = b[at + i] as number;
  const lo = words[0] as bigint;
  const hi = words[1] as bigint;
  return hi === 0n ? lo : (hi << 64n) | lo;
}
function putCompact(at: number, n: number): number {
  if (n < 64) {
    out[at] = n << 2;
    return 1;
  }
  const x = (n << 2) | 1;
  out[at] = x;
  out[at + 1] = x >> 8;
  return 2;
}
/** Writes a short string with its compact length at `at`; returns the bytes written. */
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
function readStr(b: Uint8Array, at: number, len: number): string {
  if (len <= 32) {
    let s = '';
    for (let i = 0; i < len; i++) {
      const c = b[at + i] as number;
      if (c >= 0x80) return td.decode(b.subarray(at, at + len));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return td.decode(b.subarray(at, at + len));
}

/** Transfer: to at 0, amount at 32 (8-aligned), memo at 48. */
export function baselineEncodeTransfer(v: BaseTransfer): Uint8Array {
  putHex32(0, v.to);
  out64[4] = v.amount;
  out64[5] = v.amount >> 64n;
  let p = 48;
  if (v.memo === null) out[p++] = 0;
  else {
    out[p++] = 1;
    p += putStr(p, v.memo);
  }
  return out.slice(0, p);
}
export function baselineDecodeTransfer(b: Uint8Array): BaseTransfer {
  const to = readHex32(b, 0);
  const amount = readU128(b, 32);
  let memo: string | null = null;
  if (b[48] === 1) memo = readStr(b, 50, (b[49] as number) >> 2);
  return { to, amount, memo };
}

/** Vec<u64>: the items go through aligned words, then one copy behind the length. */
export function baselineEncodeVec(v: bigint[]): Uint8Array {
  const n = v.length;
  for (let i = 0; i < n; i++) words[i] = v[i] as bigint;
  const bytes = new Uint8Array((n < 64 ? 1 : 2) + 8 * n);
  const p = n < 64 ? 1 : 2;
  if (n < 64) bytes[0] = n << 2;
  else {
    bytes[0] = (n << 2) | 1;
    bytes[1] = n >> 6;
  }
  bytes.set(wordBytes.subarray(0, 8 * n), p);
  return bytes;
}
export function baselineDecodeVec(b: Uint8Array): bigint[] {
  const n = (b[0] as number) >> 2;
  wordBytes.set(b.subarray(1, 1 + 8 * n));
  const items: bigint[] = [];
  for (let i = 0; i < n; i++) items.push(words[i] as bigint);
  return items;
}

/** Enum `Transfer` variant, laid out from offset 7 so that its amount (at 7 + 33 = 40) is 8-aligned. */
export function baselineEncodeAction(v: BaseAction): Uint8Array {
  out[7] = 1;
  putHex32(8, v.to);
  out64[5] = v.amount;
  out64[6] = v.amount >> 64n;
  return out.slice(7, 56);
}
export function baselineDecodeAction(b: Uint8Array): BaseAction {
  if (b[0] !== 1) throw new RangeError('bench: unexpected variant');
  return { kind: 'Transfer', to: readHex32(b, 1), amount: readU128(b, 33) };
}
