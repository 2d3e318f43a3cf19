import { ScaleError } from './errors.js';
import { utf8Encoder } from './utf8.js';

const BYTE_HEX: string[] = [];
for (let i = 0; i < 256; i++) BYTE_HEX.push(i.toString(16).padStart(2, '0'));

/** Nibble value by char code, -1 for a non-hex character. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i;
  NIBBLE[97 + i] = 10 + i;
}
/**
 * Nibble value by any UTF-16 code unit, 0x100 for a non-hex one: `(hi << 4) | lo` exceeds a byte when either is
 * bad, and every code unit has an entry (128 KiB), so no range check is needed per character.
 */
const NIBBLE_WIDE = new Uint16Array(65536).fill(0x100);
for (let c = 0; c < 128; c++) if ((NIBBLE[c] as number) >= 0) NIBBLE_WIDE[c] = NIBBLE[c] as number;

/** Lowercase hex of every pair of bytes `(b0 << 8) | b1` (built on first use: about 2 MB, once per process). */
let pairHex: string[] | undefined;

function buildPairHex(): string[] {
  const table: string[] = [];
  for (let i = 0; i < 65536; i++) table.push((BYTE_HEX[i >> 8] as string) + (BYTE_HEX[i & 0xff] as string));
  pairHex = table;
  return table;
}

/** Lowercase hex of `length` bytes of `bytes` starting at `start`, with a `0x` prefix. */
export function hexOf(bytes: Uint8Array, start: number, length: number): string {
  let s = '0x';
  const end = start + length;
  let i = start;
  if (length >= 16) {
    // Two bytes per step: half the string concatenations of a byte table.
    const table = pairHex ?? buildPairHex();
    for (; i + 1 < end; i += 2) s += table[((bytes[i] as number) << 8) | (bytes[i + 1] as number)];
  }
  for (; i < end; i++) s += BYTE_HEX[bytes[i] as number];
  return s;
}

/** Lowercase `0x` hex of the 32 bytes of `bytes` at `start` (an id; bounds already checked). */
export function hex32(bytes: Uint8Array, start: number): string {
  const table = pairHex ?? buildPairHex();
  let s = '0x';
  for (let i = start; i < start + 32; i += 2) s += table[((bytes[i] as number) << 8) | (bytes[i + 1] as number)];
  return s;
}

/** Encodes bytes as `0x`-prefixed lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return hexOf(bytes, 0, bytes.length);
}

/** Value of the hex digit at `text[index]`, or -1. */
export function nibbleAt(text: string, index: number): number {
  const c = text.charCodeAt(index);
  return c < 128 ? (NIBBLE[c] as number) : -1;
}

/**
 * Writes the hex digits of `text` after the `0x` prefix into `out` at `offset`; returns false on a non-hex digit.
 * The caller checks the prefix and the length.
 */
export function writeHexDigits(text: string, out: Uint8Array, offset: number): boolean {
  const n = (text.length - 2) >> 1;
  const table = NIBBLE_WIDE;
  for (let i = 0, c = 2; i < n; i++, c += 2) {
    const v = ((table[text.charCodeAt(c)] as number) << 4) | (table[text.charCodeAt(c + 1)] as number);
    if (v > 0xff) return false;
    out[offset + i] = v;
  }
  return true;
}

/** Room for the 66 characters of an id, plus one whole UTF-8 sequence where a non-ASCII character begins. */
const ID_SCRATCH = new Uint8Array(72);

/**
 * Writes the 32 bytes of an id given as `0x` + 64 hex digits into `out` at `offset`; returns false on a non-hex
 * digit. The caller checks the prefix and the length (66). The text is copied to bytes in one native call and
 * parsed from there, about twice as fast as a `charCodeAt` per digit. Any non-ASCII character puts a byte of
 * 0x80 or more at (or, after earlier ASCII, exactly at) its own position, which the table refuses.
 */
export function writeIdDigits(text: string, out: Uint8Array, offset: number): boolean {
  const b = ID_SCRATCH;
  utf8Encoder.encodeInto(text, b);
  const table = NIBBLE_WIDE;
  for (let i = 0, c = 2; i < 32; i++, c += 2) {
    const v = ((table[b[c] as number] as number) << 4) | (table[b[c + 1] as number] as number);
    if (v > 0xff) return false;
    out[offset + i] = v;
  }
  return true;
}

/** Decodes `0x`-prefixed hex (any case, even length) strictly; errors are ScaleError SCALE_BAD_VALUE. */
export function fromHex(text: string, path = ''): Uint8Array {
  if (typeof text !== 'string') throw new ScaleError('SCALE_BAD_VALUE', path, `expected a 0x hex string, got ${typeof text}`);
  if (text.length < 2 || text.charCodeAt(0) !== 48 || text.charCodeAt(1) !== 120) {
    throw new ScaleError('SCALE_BAD_VALUE', path, 'hex string must start with 0x');
  }
  if ((text.length & 1) !== 0) throw new ScaleError('SCALE_BAD_VALUE', path, 'hex string has an odd number of digits');
  const out = new Uint8Array((text.length - 2) >> 1);
  if (!writeHexDigits(text, out, 0)) throw new ScaleError('SCALE_BAD_VALUE', path, 'hex string has a non-hex character');
  return out;
}
