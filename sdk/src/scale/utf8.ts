interface TextEncoderLike {
  encode(input: string): Uint8Array;
  encodeInto(input: string, dest: Uint8Array): { read: number; written: number };
}
interface TextDecoderLike {
  decode(input: Uint8Array): string;
}
interface TextGlobals {
  TextEncoder: new () => TextEncoderLike;
  TextDecoder: new (label: string, options: { fatal: boolean; ignoreBOM?: boolean }) => TextDecoderLike;
}

const g = globalThis as unknown as TextGlobals;

/** Shared UTF-8 encoder (WHATWG TextEncoder, available in browsers and Node). */
export const utf8Encoder: TextEncoderLike = new g.TextEncoder();

/** Shared strict UTF-8 decoder: throws on malformed input and keeps a leading BOM. */
export const utf8Decoder: TextDecoderLike = new g.TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Number of UTF-8 bytes of a string (lone surrogates count as U+FFFD, as TextEncoder writes them). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Compares two strings by Unicode code points (the order of their UTF-8 bytes, as Rust's `String` Ord). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (D800-DFFF) encode code points above U+FFFF: they sort after E000-FFFF.
      const xs = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
      const ys = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
      return xs - ys;
    }
  }
  return a.length - b.length;
}

const LONE_SURROGATE = /\p{Cs}/u;

/** Index of the first lone (unpaired) surrogate of `s`, which has no UTF-8 form, or -1 if `s` is well formed. */
export function loneSurrogateAt(s: string): number {
  const m = LONE_SURROGATE.exec(s);
  return m === null ? -1 : m.index;
}

/** The message for a string with a lone surrogate at `at`. */
export function loneSurrogateMessage(s: string, at: number): string {
  const unit = s.charCodeAt(at).toString(16).toUpperCase();
  return `String has a lone surrogate \\u${unit} at index ${at}: it has no UTF-8 form (it would become U+FFFD)`;
}
