// The Sails IDL v2 primitives beyond integers, strings and 32-byte ids: `H160` (20 raw bytes, an Ethereum-style
// address) and `char` (a Unicode scalar value, SCALE-encoded as a u32 like Rust's `char`).
import { badJson, type Codec } from './codec.js';
import { ScaleError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { show } from './limits.js';

const H160_HEX = /^0x[0-9a-fA-F]{40}$/;

/** `H160`: 20 bytes, as lowercase 0x hex (40 hex digits). */
export const h160: Codec<string> = {
  idl: 'H160',
  minSize: 20,
  encodeTo: (w, v, path) => {
    if (typeof v !== 'string' || !H160_HEX.test(v))
      throw new ScaleError('SCALE_BAD_VALUE', path, `H160 must be 0x followed by 40 hex digits, got ${show(v)}`);
    w.raw(fromHex(v, path));
  },
  decodeFrom: (r, path) => toHex(r.raw(20, path)),
  toJson: (v) => v.toLowerCase(),
  fromJson: (json, path) => {
    if (typeof json !== 'string') throw badJson(path, 'an H160 0x hex string', json);
    if (!H160_HEX.test(json)) throw new ScaleError('SCALE_BAD_JSON', path, `H160 must be 0x followed by 40 hex digits, got ${show(json)}`);
    return json.toLowerCase();
  },
  compare: (a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  },
};

/** Whether `s` is exactly one Unicode scalar value (no lone surrogate). */
function isOneChar(s: unknown): s is string {
  if (typeof s !== 'string' || s.length === 0 || s.length > 2) return false;
  const cp = s.codePointAt(0) as number;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return String.fromCodePoint(cp) === s;
}

/** `char`: one Unicode scalar value as a one-character string; on the wire its code point as u32 LE (surrogates rejected). */
export const char: Codec<string> = {
  idl: 'char',
  minSize: 4,
  encodeTo: (w, v, path) => {
    if (!isOneChar(v)) throw new ScaleError('SCALE_BAD_VALUE', path, `char must be one Unicode scalar value, got ${show(v)}`);
    w.u32(v.codePointAt(0) as number, path);
  },
  decodeFrom: (r, path) => {
    const at = r.offset;
    const cp = r.u32(path);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      throw r.error('SCALE_BAD_VALUE', path, `char: ${cp} is not a Unicode scalar value`, at);
    return String.fromCodePoint(cp);
  },
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (!isOneChar(json))
      throw new ScaleError('SCALE_BAD_JSON', path, `char must be a string of one Unicode scalar value, got ${show(json)}`);
    return json;
  },
  compare: (a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number),
};
