import { ScaleError } from './errors.js';
import { utf8Decoder, utf8Encoder } from './utf8.js';

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

/**
 * The two lowercase hex digits of every byte as one UTF-16 unit of a Uint16Array over ASCII bytes: its bytes are
 * written through a Uint8Array view, so the unit matches the platform's byte order wherever it is stored.
 */
const DIGIT_PAIRS = new Uint16Array(256);
{
  const bytes = new Uint8Array(DIGIT_PAIRS.buffer);
  for (let i = 0; i < 256; i++) {
    const digits = BYTE_HEX[i] as string;
    bytes[2 * i] = digits.charCodeAt(0);
    bytes[2 * i + 1] = digits.charCodeAt(1);
  }
}

/** The `0x` prefix as one unit of {@link DIGIT_PAIRS}' kind. */
const PREFIX_PAIR = new Uint16Array(new Uint8Array([48, 120]).buffer)[0] as number;

/** Below this many bytes the text is short enough for concatenation, which the engine keeps flat. */
const CONCAT_BELOW = 6;

/** ASCII of `0x` and the digits of an id: 66 bytes. */
const ID_TEXT = new Uint8Array(66);
const ID_PAIRS = new Uint16Array(ID_TEXT.buffer);
ID_PAIRS[0] = PREFIX_PAIR;

/** The largest text (in bytes) the shared scratch of {@link hexOf} grows to. */
const SCRATCH_MAX = 1 << 16;
let scratchText = new Uint8Array(130);

// Hex is written as ASCII bytes and decoded in one native call, not concatenated: concatenation makes a rope the
// engine must flatten (copying every piece) the first time the text is hashed or compared, and ids are Map keys
// of actor state. A decoded text is flat from the start, and building it costs about half as much.

/** Lowercase hex of `length` bytes of `bytes` starting at `start`, with a `0x` prefix. */
export function hexOf(bytes: Uint8Array, start: number, length: number): string {
  if (length < CONCAT_BELOW) {
    let s = '0x';
    for (let i = start; i < start + length; i++) s += BYTE_HEX[bytes[i] as number];
    return s;
  }
  const size = 2 * length + 2;
  let text = scratchText;
  if (size > text.length) {
    // The shared scratch grows to the texts of ordinary payloads; a bigger one gets a buffer of its own.
    text = new Uint8Array(size);
    if (size <= SCRATCH_MAX) scratchText = text;
  }
  const pairs = new Uint16Array(text.buffer, 0, length + 1);
  pairs[0] = PREFIX_PAIR;
  for (let i = 0; i < length; i++) pairs[i + 1] = DIGIT_PAIRS[bytes[start + i] as number] as number;
  return utf8Decoder.decode(text.length === size ? text : text.subarray(0, size));
}

/** Lowercase `0x` hex of the 32 bytes of `bytes` at `start` (an id; bounds already checked). */
export function hex32(bytes: Uint8Array, start: number): string {
  const pairs = ID_PAIRS;
  for (let i = 0; i < 32; i++) pairs[i + 1] = DIGIT_PAIRS[bytes[start + i] as number] as number;
  return utf8Decoder.decode(ID_TEXT);
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
