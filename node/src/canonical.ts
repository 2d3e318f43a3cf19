// A canonical byte encoding of state values: the same state always gives the same bytes, so a hash of it is a
// state root. Order is kept where the language makes it observable (object keys, Map and Set insertion order).
import { rawState } from '@sprocket/runtime';

const encoder = new TextEncoder();

const T = {
  undefined: 0,
  null: 1,
  false: 2,
  true: 3,
  number: 4,
  bigint: 5,
  string: 6,
  bytes: 7,
  array: 8,
  map: 9,
  set: 10,
  object: 11,
  date: 12,
  ref: 13,
  typed: 14,
  function: 15,
  symbol: 16,
} as const;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** WTF-8: UTF-8 that also encodes a lone surrogate as the 3 bytes of its code unit. Identical to UTF-8 otherwise. */
function wtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      i++;
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

const utf8 = new TextDecoder();

/**
 * Reads what {@link ByteSink.str} wrote: UTF-8, or WTF-8 when the string had a lone surrogate. Only bytes that
 * UTF-8 cannot read (they decode with U+FFFD in them) are read again, code unit by code unit.
 */
export function readStr(bytes: Uint8Array): string {
  const text = utf8.decode(bytes);
  if (!text.includes('\ufffd')) return text;
  const units: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const at = (k: number): number => (bytes[i + k] as number) & 0x3f;
    if (b < 0x80) {
      units.push(b);
      i += 1;
    } else if (b < 0xe0) {
      units.push(((b & 0x1f) << 6) | at(1));
      i += 2;
    } else if (b < 0xf0) {
      units.push(((b & 0x0f) << 12) | (at(1) << 6) | at(2));
      i += 3;
    } else {
      const c = (((b & 0x07) << 18) | (at(1) << 12) | (at(2) << 6) | at(3)) - 0x10000;
      units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
      i += 4;
    }
  }
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
  return out;
}

/** A growable byte buffer for the canonical encoding. */
export class ByteSink {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  /** Bytes written. */
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** One byte. */
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  /** An unsigned 32-bit length or count, little endian. */
  u32(n: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, n >>> 0, true);
    this.length += 4;
  }

  /**
   * A float64, little endian. NaN is written as the one quiet NaN (`7ff8000000000000`): V8 keeps the bits of the NaN
   * an operation made, and those depend on how the code ran (`0 / 0` gives `fff8…` interpreted and `7ff8…` once
   * optimised), so a state holding `a / b` would otherwise hash differently between a run and its replay.
   */
  f64(n: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, Number.isNaN(n) ? Number.NaN : n, true);
    this.length += 8;
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Bytes as they are (fixed-size fields such as hashes). */
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Starts over (the buffer is kept for the next encoding). */
  reset(): void {
    this.length = 0;
  }

  /**
   * A length-prefixed UTF-8 string (ASCII, the common case for ids and keys, is written without a copy). A string
   * with a lone surrogate (JavaScript allows one in state) has no UTF-8 form: it is written as WTF-8, each lone
   * surrogate as its own 3-byte sequence, so it stays distinct from U+FFFD and reads back as it was.
   */
  str(s: string): void {
    const n = s.length;
    if (n <= 256) {
      this.ensure(4 + n);
      const start = this.length;
      const buf = this.buf;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + 4 + i] = c;
      }
      if (i === n) {
        this.view.setUint32(start, n, true);
        this.length = start + 4 + n;
        return;
      }
    }
    this.bytes(LONE_SURROGATE.test(s) ? wtf8(s) : encoder.encode(s));
  }

  /** The bytes written so far (a view). */
  result(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

// The built-in methods the encoding uses, taken once: a subclass in state (a `Date` whose `getTime`, a `Map` whose
// iterator, a typed array whose `length` or `buffer` is its own code) must not run contract code here, outside any
// handler and its gas.
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const typedGetter = (name: PropertyKey): ((this: unknown) => unknown) =>
  Object.getOwnPropertyDescriptor(typedArrayProto, name)?.get as (this: unknown) => unknown;
const typedTag = typedGetter(Symbol.toStringTag) as (this: unknown) => string;
const typedBuffer = typedGetter('buffer') as (this: unknown) => ArrayBufferLike;
const typedOffset = typedGetter('byteOffset') as (this: unknown) => number;
const typedLength = typedGetter('byteLength') as (this: unknown) => number;
const dateTime = Date.prototype.getTime;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')?.get as (this: unknown) => number;
const mapForEach = Map.prototype.forEach;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')?.get as (this: unknown) => number;
const setForEach = Set.prototype.forEach;

/** The bytes a typed array views, read through the built-in getters. */
function viewBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(typedBuffer.call(view), typedOffset.call(view), typedLength.call(view));
}

/**
 * The bytes of a float array with each NaN as the one quiet NaN (see {@link ByteSink.f64}): V8 stores the bits of the
 * NaN an operation made, and those depend on whether the code ran optimised. Copied only when it holds a NaN.
 */
function floatBytes(view: Float64Array | Float32Array): Uint8Array {
  const bytes = viewBytes(view);
  const wide = view instanceof Float64Array;
  const at = (b: Uint8Array): Float64Array | Float32Array =>
    wide ? new Float64Array(b.buffer, b.byteOffset, b.length / 8) : new Float32Array(b.buffer, b.byteOffset, b.length / 4);
  if (!at(bytes).some(Number.isNaN)) return bytes;
  const floats = at(bytes.slice());
  const words = new Uint32Array(floats.buffer);
  for (let i = 0; i < floats.length; i++) {
    if (!Number.isNaN(floats[i])) continue;
    if (wide) {
      words[2 * i] = 0;
      words[2 * i + 1] = 0x7ff80000;
    } else words[i] = 0x7fc00000;
  }
  return new Uint8Array(floats.buffer);
}

/** Marks the next item of the work stack as an object key to write (a private symbol: state cannot hold it). */
const KEY = Symbol('key');

/**
 * Appends the canonical encoding of a value (shared references and cycles become back-references). Iterative, in
 * the order a depth-first walk takes: a linked list or an array nested 100,000 levels deep encodes without growing
 * the stack.
 */
export function encodeValue(sink: ByteSink, value: unknown, seen: Map<object, number> = new Map()): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === KEY) sink.str(stack.pop() as string);
    else encodeOne(sink, v, seen, stack);
  }
}

/** Writes one value, or a container's header with its children pushed on `stack` (last child first). */
function encodeOne(sink: ByteSink, value: unknown, seen: Map<object, number>, stack: unknown[]): void {
  switch (typeof value) {
    case 'undefined':
      sink.byte(T.undefined);
      return;
    case 'boolean':
      sink.byte(value ? T.true : T.false);
      return;
    case 'number':
      sink.byte(T.number);
      sink.f64(value);
      return;
    case 'bigint':
      sink.byte(T.bigint);
      sink.str(value.toString(16));
      return;
    case 'string':
      sink.byte(T.string);
      sink.str(value);
      return;
    case 'symbol':
      sink.byte(T.symbol);
      sink.str(value.description ?? '');
      return;
    case 'function':
      sink.byte(T.function);
      sink.str(value.name);
      return;
  }
  if (value === null) {
    sink.byte(T.null);
    return;
  }
  // A proxy of state stored in state is the object it stands for (runtime state-proxies.ts): encoded once, and read
  // without its traps (the Map and Set built-ins below refuse a proxy as their receiver).
  const obj = rawState(value as object);
  const ref = seen.get(obj);
  if (ref !== undefined) {
    sink.byte(T.ref);
    sink.u32(ref);
    return;
  }
  seen.set(obj, seen.size);
  if (obj instanceof Uint8Array) {
    sink.byte(T.bytes);
    sink.bytes(viewBytes(obj));
  } else if (ArrayBuffer.isView(obj)) {
    sink.byte(T.typed);
    // A DataView has no tag (state cannot hold one); its constructor name is the host's.
    const tag: string = typedTag.call(obj) ?? 'DataView';
    sink.str(tag);
    sink.bytes(tag === 'Float64Array' || tag === 'Float32Array' ? floatBytes(obj as Float64Array | Float32Array) : viewBytes(obj));
  } else if (Array.isArray(obj)) {
    sink.byte(T.array);
    sink.u32(obj.length);
    for (let i = obj.length - 1; i >= 0; i--) stack.push(obj[i]);
  } else if (obj instanceof Map) {
    sink.byte(T.map);
    sink.u32(mapSize.call(obj));
    const entries: unknown[] = [];
    mapForEach.call(obj, (v: unknown, k: unknown) => entries.push(k, v));
    for (let i = entries.length - 2; i >= 0; i -= 2) stack.push(entries[i + 1], entries[i]);
  } else if (obj instanceof Set) {
    sink.byte(T.set);
    sink.u32(setSize.call(obj));
    const items: unknown[] = [];
    setForEach.call(obj, (v: unknown) => items.push(v));
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  } else if (obj instanceof Date) {
    sink.byte(T.date);
    sink.f64(dateTime.call(obj));
  } else {
    sink.byte(T.object);
    const keys = Object.keys(obj);
    sink.u32(keys.length);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      stack.push((obj as Record<string, unknown>)[key], key, KEY);
    }
  }
}
