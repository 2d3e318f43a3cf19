import { ScaleError } from './errors.js';
import { ScaleReader } from './reader.js';
import { ScaleWriter } from './writer.js';

/** A JSON value (the JSON form of DESIGN.md section 3). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A SCALE codec for JS values of type `T`, with its Sails IDL v2 type expression and JSON form. */
export interface Codec<T> {
  /** The Sails IDL v2 type expression, e.g. `Option<u32>`, `[u8]`, `(u8, u16)` or a type name. */
  readonly idl: string;
  /** Smallest possible encoded size in bytes (used to bound length prefixes before allocating); 0 if unknown. */
  readonly minSize?: number;
  /** Appends the encoding of `value`; errors name `path`. */
  encodeTo(w: ScaleWriter, value: T, path: string): void;
  /** Reads one value; errors name `path`. */
  decodeFrom(r: ScaleReader, path: string): T;
  /**
   * The JSON form of a value. A value of the wrong shape (not an object for a struct, not an array for a list or tuple,
   * not a Map for a map) is a SCALE_BAD_VALUE naming `path` (default: the type's name) and the type.
   */
  toJson(value: T, path?: string): Json;
  /** Validates and converts the JSON form; errors (SCALE_BAD_JSON or range errors) name `path`. */
  fromJson(json: unknown, path: string): T;
  /** Total order of values as Rust's derived `Ord` (used for map keys); absent means "compare encodings". */
  compare?(a: T, b: T): number;
}

/** A codec of any value type (codecs are invariant in T, so heterogeneous lists need this). */
// biome-ignore lint/suspicious/noExplicitAny: Codec<T> is invariant; `unknown` would reject every concrete codec.
export type AnyCodec = Codec<any>;

/** The JS value type of a codec. */
export type CodecValue<C> = C extends Codec<infer T> ? T : never;

let shared: ScaleWriter | undefined = new ScaleWriter(1024);
const MAX_KEPT = 1 << 20;

/** Encodes `value` to fresh bytes; `path` (default: the codec's IDL name) prefixes error messages. */
export function encode<T>(codec: Codec<T>, value: T, path: string = codec.idl): Uint8Array {
  const w = shared ?? new ScaleWriter(256);
  shared = undefined; // re-entrant calls get their own writer
  try {
    w.length = 0;
    codec.encodeTo(w, value, path);
    return w.buf.slice(0, w.length);
  } finally {
    if (w.buf.length <= MAX_KEPT) shared = w;
    else if (shared === undefined) shared = new ScaleWriter(1024);
  }
}

/** Decodes exactly one value from `bytes` (strict: trailing bytes are SCALE_TRAILING_BYTES). */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array, path: string = codec.idl): T {
  const r = new ScaleReader(bytes);
  const v = codec.decodeFrom(r, path);
  if (r.offset !== bytes.length) r.end(path);
  return v;
}

/** Encodes a value given in its JSON form. */
export function encodeJson<T>(codec: Codec<T>, json: unknown, path: string = codec.idl): Uint8Array {
  return encode(codec, codec.fromJson(json, path), path);
}

/** Decodes bytes strictly and returns the JSON form of the value. */
export function decodeJson<T>(codec: Codec<T>, bytes: Uint8Array, path: string = codec.idl): Json {
  return codec.toJson(decode(codec, bytes, path));
}

/** Compares two values of a codec by its `compare`, or bytewise by their encodings. */
export function compareWith<T>(codec: Codec<T>, a: T, b: T): number {
  if (codec.compare !== undefined) return codec.compare(a, b);
  return compareBytes(encode(codec, a), encode(codec, b));
}

/** Lexicographic byte comparison (shorter prefix first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** The JSON type name of a value, for error messages. */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** A SCALE_BAD_JSON error: `expected` vs the JSON kind of `got`. */
export function badJson(path: string, expected: string, got: unknown): ScaleError {
  return new ScaleError('SCALE_BAD_JSON', path, `expected ${expected}, got ${jsonKind(got)}`);
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}
