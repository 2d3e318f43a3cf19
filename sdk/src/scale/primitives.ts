import { badJson, type Codec, compareBytes, type Json } from './codec.js';
import { ScaleError } from './errors.js';
import { fromHex, toHex } from './hex.js';
import { BIGINT_BOUNDS, type BigIntName, INT_BOUNDS, kindHint, type SmallIntName, show } from './limits.js';
import type { ScaleReader } from './reader.js';
import { compareCodePoints, loneSurrogateAt, loneSurrogateMessage } from './utf8.js';
import type { ScaleWriter } from './writer.js';

const cmpNumber = (a: number, b: number): number => a - b;
const cmpBigint = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function smallFromJson(name: SmallIntName, json: unknown, path: string): number {
  if (typeof json !== 'number') throw badJson(path, `a ${name} number`, json);
  const [min, max] = INT_BOUNDS[name];
  if (!Number.isInteger(json) || json < min || json > max) throw new ScaleError('SCALE_RANGE', path, `${name} out of range: ${show(json)}`);
  return json;
}

const DECIMAL = /^-?(0|[1-9][0-9]*)$/;

/** Parses the JSON form of a bigint type: a decimal string, or a safe-integer JSON number. */
export function bigFromJson(name: string, min: bigint, max: bigint, json: unknown, path: string): bigint {
  let v: bigint;
  if (typeof json === 'string') {
    if (!DECIMAL.test(json)) throw new ScaleError('SCALE_BAD_JSON', path, `${name} expects a decimal string, got ${show(json)}`);
    v = BigInt(json);
  } else if (typeof json === 'number') {
    if (!Number.isSafeInteger(json))
      throw new ScaleError(
        'SCALE_BAD_JSON',
        path,
        `${name} as a JSON number must be a safe integer (larger JSON numbers lose digits: give a decimal string), got ${show(json)}`,
      );
    v = BigInt(json);
  } else throw badJson(path, `a ${name} decimal string`, json);
  if (v < min || v > max) throw new ScaleError('SCALE_RANGE', path, `${name} out of range: ${show(v)}`);
  return v;
}

function small(
  name: SmallIntName,
  size: number,
  encodeTo: (w: ScaleWriter, v: number, path: string) => void,
  decodeFrom: (r: ScaleReader, path: string) => number,
): Codec<number> {
  return {
    idl: name,
    minSize: size,
    encodeTo,
    decodeFrom,
    toJson: (v: number): Json => v,
    fromJson: (json: unknown, path: string): number => smallFromJson(name, json, path),
    compare: cmpNumber,
  };
}

function big(
  name: BigIntName,
  size: number,
  encodeTo: (w: ScaleWriter, v: bigint, path: string) => void,
  decodeFrom: (r: ScaleReader, path: string) => bigint,
): Codec<bigint> {
  const [min, max] = BIGINT_BOUNDS[name];
  return {
    idl: name,
    minSize: size,
    encodeTo,
    decodeFrom,
    toJson: (v: bigint): Json => v.toString(),
    fromJson: (json: unknown, path: string): bigint => bigFromJson(name, min, max, json, path),
    compare: cmpBigint,
  };
}

/** `bool`: one byte 00/01. */
export const bool: Codec<boolean> = {
  idl: 'bool',
  minSize: 1,
  encodeTo: (w, v, path) => w.bool(v, path),
  decodeFrom: (r, path) => r.bool(path),
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'boolean') throw badJson(path, 'a boolean', json);
    return json;
  },
  compare: (a, b) => Number(a) - Number(b),
};

/** `u8` as a number. */
export const u8: Codec<number> = small(
  'u8',
  1,
  (w, v, p) => w.u8(v, p),
  (r, p) => r.u8(p),
);
/** `u16` as a number. */
export const u16: Codec<number> = small(
  'u16',
  2,
  (w, v, p) => w.u16(v, p),
  (r, p) => r.u16(p),
);
/** `u32` as a number. */
export const u32: Codec<number> = small(
  'u32',
  4,
  (w, v, p) => w.u32(v, p),
  (r, p) => r.u32(p),
);
/** `i8` as a number. */
export const i8: Codec<number> = small(
  'i8',
  1,
  (w, v, p) => w.i8(v, p),
  (r, p) => r.i8(p),
);
/** `i16` as a number. */
export const i16: Codec<number> = small(
  'i16',
  2,
  (w, v, p) => w.i16(v, p),
  (r, p) => r.i16(p),
);
/** `i32` as a number. */
export const i32: Codec<number> = small(
  'i32',
  4,
  (w, v, p) => w.i32(v, p),
  (r, p) => r.i32(p),
);
/** `u64` as a bigint. */
export const u64: Codec<bigint> = big(
  'u64',
  8,
  (w, v, p) => w.u64(v, p),
  (r, p) => r.u64(p),
);
/** `u128` as a bigint. */
export const u128: Codec<bigint> = big(
  'u128',
  16,
  (w, v, p) => w.u128(v, p),
  (r, p) => r.u128(p),
);
/** `u256` as a bigint. */
export const u256: Codec<bigint> = big(
  'u256',
  32,
  (w, v, p) => w.u256(v, p),
  (r, p) => r.u256(p),
);
/** `i64` as a bigint. */
export const i64: Codec<bigint> = big(
  'i64',
  8,
  (w, v, p) => w.i64(v, p),
  (r, p) => r.i64(p),
);
/** `i128` as a bigint. */
export const i128: Codec<bigint> = big(
  'i128',
  16,
  (w, v, p) => w.i128(v, p),
  (r, p) => r.i128(p),
);

/** `String`: compact byte length ‖ UTF-8. */
export const str: Codec<string> = {
  idl: 'String',
  minSize: 1,
  encodeTo: (w, v, path) => w.str(v, path),
  decodeFrom: (r, path) => r.str(path),
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'string') throw badJson(path, 'a string', json);
    const bad = loneSurrogateAt(json);
    if (bad >= 0) throw new ScaleError('SCALE_BAD_UTF8', path, loneSurrogateMessage(json, bad));
    return json;
  },
  compare: compareCodePoints,
};

function bytesFromJson(json: unknown, path: string): Uint8Array {
  if (typeof json !== 'string') throw badJson(path, 'a 0x hex string', json);
  try {
    return fromHex(json, path);
  } catch (e) {
    if (e instanceof ScaleError) throw new ScaleError('SCALE_BAD_JSON', path, e.detail);
    throw e;
  }
}

/** `v` when it is a Uint8Array, else the SCALE_BAD_VALUE of `idl` at `path` (what encoding it would throw). */
function checkBytes(idl: string, v: unknown, path: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new ScaleError(
    'SCALE_BAD_VALUE',
    path,
    `${idl} expects a Uint8Array, got ${typeof v}: ${show(v)}${kindHint(idl, 'Uint8Array', v)}`,
  );
}

/** `[u8]` as a Uint8Array: compact length ‖ bytes. */
export const bytes: Codec<Uint8Array> = {
  idl: '[u8]',
  minSize: 1,
  encodeTo: (w, v, path) => w.bytes(v, path),
  decodeFrom: (r, path) => r.bytes(path),
  toJson: (v, path = '[u8]') => toHex(checkBytes('[u8]', v, path)),
  fromJson: bytesFromJson,
  compare: compareBytes,
};

/** `[u8; N]` as a Uint8Array of exactly `length` bytes. */
export function fixedBytes(length: number): Codec<Uint8Array> {
  if (!Number.isInteger(length) || length < 0) throw new ScaleError('SCALE_BAD_LENGTH', '', `bad fixed length ${length}`);
  const idl = `[u8; ${length}]`;
  return {
    idl,
    minSize: length,
    encodeTo: (w, v, path) => w.fixedBytes(v, length, path),
    decodeFrom: (r, path) => r.raw(length, path),
    toJson: (v, path = idl) => {
      if (checkBytes(idl, v, path).length !== length)
        throw new ScaleError('SCALE_BAD_LENGTH', path, `${idl} expects ${length} bytes, got ${v.length}`);
      return toHex(v);
    },
    fromJson: (json, path) => {
      const v = bytesFromJson(json, path);
      if (v.length !== length) throw new ScaleError('SCALE_BAD_LENGTH', path, `${idl} expects ${length} bytes, got ${v.length}`);
      return v;
    },
    compare: compareBytes,
  };
}

const ID_HEX = /^0x[0-9a-fA-F]{64}$/;

function id(idl: string): Codec<string> {
  return {
    idl,
    minSize: 32,
    encodeTo: (w, v, path) => w.id(v, path),
    decodeFrom: (r, path) => r.id(path),
    toJson: (v) => v.toLowerCase(),
    fromJson: (json, path) => {
      if (typeof json !== 'string') throw badJson(path, `an ${idl} 0x hex string`, json);
      if (!ID_HEX.test(json))
        throw new ScaleError('SCALE_BAD_JSON', path, `${idl} must be 0x followed by 64 hex digits, got ${show(json)}`);
      return json.toLowerCase();
    },
    compare: (a, b) => {
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    },
  };
}

/** `ActorId`: 32 bytes, as lowercase 0x hex. */
export const actorId: Codec<string> = id('ActorId');
/** `CodeId`: 32 bytes, as lowercase 0x hex. */
export const codeId: Codec<string> = id('CodeId');
/** `MessageId`: 32 bytes, as lowercase 0x hex. */
export const messageId: Codec<string> = id('MessageId');
/** `H256`: 32 bytes, as lowercase 0x hex. */
export const h256: Codec<string> = id('H256');

/** `()`: nothing on the wire, `undefined` in JS, `null` in JSON. */
export const unit: Codec<undefined> = {
  idl: '()',
  minSize: 0,
  encodeTo: () => {},
  decodeFrom: () => undefined,
  toJson: () => null,
  fromJson: (json, path) => {
    if (json !== null && json !== undefined) throw badJson(path, 'null', json);
    return undefined;
  },
  compare: () => 0,
};

/** Unsigned integer types that may be compact-encoded. */
export type CompactKind = 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'u256';

/** `compact<T>` for T ≤ u32, carried as a number. */
export function compact(kind: 'u8' | 'u16' | 'u32'): Codec<number>;
/** `compact<T>` for T ≥ u64, carried as a bigint. */
export function compact(kind: 'u64' | 'u128' | 'u256'): Codec<bigint>;
/** `compact<T>`: number for T ≤ u32, bigint for wider. */
export function compact(kind: CompactKind): Codec<number> | Codec<bigint>;
export function compact(kind: CompactKind): Codec<number> | Codec<bigint> {
  const idl = `compact<${kind}>`;
  if (kind === 'u8' || kind === 'u16' || kind === 'u32') {
    const max = INT_BOUNDS[kind][1];
    const c: Codec<number> = {
      idl,
      minSize: 1,
      encodeTo: (w, v, path) => {
        if (typeof v !== 'number')
          throw new ScaleError(
            'SCALE_BAD_VALUE',
            path,
            `${idl} expects a number, got ${typeof v}: ${show(v)}${kindHint(idl, 'number', v)}`,
          );
        if (!(v >= 0 && v <= max && Math.floor(v) === v)) {
          throw new ScaleError('SCALE_RANGE', path, Number.isNaN(v) ? `${idl} is NaN` : `${idl} out of range: ${show(v)}`);
        }
        w.compactNumber(v);
      },
      decodeFrom: (r, path) => {
        const at = r.offset;
        const v = r.compactU32(path);
        if (v > max) throw new ScaleError('SCALE_RANGE', path, `${idl} out of range: ${show(v)}`, { offset: at });
        return v;
      },
      toJson: (v) => v,
      fromJson: (json, path) => {
        if (typeof json !== 'number') throw badJson(path, `a ${kind} number`, json);
        if (!Number.isInteger(json) || json < 0 || json > max)
          throw new ScaleError('SCALE_RANGE', path, `${idl} out of range: ${show(json)}`);
        return json;
      },
      compare: cmpNumber,
    };
    return c;
  }
  const max = BIGINT_BOUNDS[kind][1];
  const c: Codec<bigint> = {
    idl,
    minSize: 1,
    encodeTo: (w, v, path) => {
      if (typeof v !== 'bigint')
        throw new ScaleError('SCALE_BAD_VALUE', path, `${idl} expects a bigint, got ${typeof v}: ${show(v)}${kindHint(idl, 'bigint', v)}`);
      if (v < 0n || v > max) throw new ScaleError('SCALE_RANGE', path, `${idl} out of range: ${show(v)}`);
      w.compact(v, path);
    },
    decodeFrom: (r, path) => {
      const at = r.offset;
      const v = r.compact(path);
      if (v > max) throw new ScaleError('SCALE_RANGE', path, `${idl} out of range: ${show(v)}`, { offset: at });
      return v;
    },
    toJson: (v) => v.toString(),
    fromJson: (json, path) => bigFromJson(idl, 0n, max, json, path),
    compare: cmpBigint,
  };
  return c;
}
