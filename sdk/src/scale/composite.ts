import { type AnyCodec, badJson, type Codec, type CodecValue, compareWith, isJsonObject, type Json } from './codec.js';
import { addPathSegment, ScaleError } from './errors.js';
import { compileFieldsEncoder } from './fields-compiled.js';
import { show } from './limits.js';
import { u64 } from './primitives.js';

function notArray(idl: string, v: unknown, path: string): ScaleError {
  return new ScaleError('SCALE_BAD_VALUE', path, `${idl} expects an array, got ${typeof v}: ${show(v)}`);
}

function compareArrays<T>(item: Codec<T>, a: readonly T[], b: readonly T[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = compareWith(item, a[i] as T, b[i] as T);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** `[T]`: compact length ‖ items, as a JS array (use `bytes` for `[u8]` as a Uint8Array). */
export function vec<T>(item: Codec<T>): Codec<T[]> {
  const idl = `[${item.idl}]`;
  // `[u64]` moves its items through the writer's and reader's batch paths (one capacity check, no per-item call).
  const words = (item as AnyCodec) === u64;
  return {
    idl,
    minSize: 1,
    encodeTo(w, v, path) {
      if (!Array.isArray(v)) throw notArray(idl, v, path);
      const n = v.length;
      w.compactNumber(n);
      if (words) {
        w.u64s(v as unknown as bigint[], path);
        return;
      }
      let i = 0;
      try {
        for (; i < n; i++) item.encodeTo(w, v[i] as T, path);
      } catch (e) {
        throw addPathSegment(e, path, `[${i}]`);
      }
    },
    decodeFrom(r, path) {
      const n = r.length(path, item.minSize ?? 0);
      if (words) return r.u64s(n, path) as unknown as T[];
      const out: T[] = [];
      let i = 0;
      try {
        for (; i < n; i++) out.push(item.decodeFrom(r, path));
      } catch (e) {
        throw addPathSegment(e, path, `[${i}]`);
      }
      return out;
    },
    toJson: (v, path = idl) => {
      if (!Array.isArray(v)) throw notArray(idl, v, path);
      return v.map((x, i) => item.toJson(x, `${path}[${i}]`));
    },
    fromJson(json, path) {
      if (!Array.isArray(json)) throw badJson(path, `an array for ${idl}`, json);
      return json.map((x, i) => item.fromJson(x, `${path}[${i}]`));
    },
    compare: (a, b) => compareArrays(item, a, b),
  };
}

/** `[T; N]`: exactly `length` items, no prefix (use `fixedBytes` for `[u8; N]` as a Uint8Array). */
export function array<T>(item: Codec<T>, length: number): Codec<T[]> {
  const idl = `[${item.idl}; ${length}]`;
  const badLength = (n: number, path: string) => new ScaleError('SCALE_BAD_LENGTH', path, `${idl} expects ${length} items, got ${n}`);
  return {
    idl,
    minSize: (item.minSize ?? 0) * length,
    encodeTo(w, v, path) {
      if (!Array.isArray(v)) throw notArray(idl, v, path);
      if (v.length !== length) throw badLength(v.length, path);
      let i = 0;
      try {
        for (; i < length; i++) item.encodeTo(w, v[i] as T, path);
      } catch (e) {
        throw addPathSegment(e, path, `[${i}]`);
      }
    },
    decodeFrom(r, path) {
      const itemSize = item.minSize ?? 0;
      if (itemSize === 0) r.zeroSized(length, path);
      else r.need(itemSize * length, path);
      const out: T[] = [];
      let i = 0;
      try {
        for (; i < length; i++) out.push(item.decodeFrom(r, path));
      } catch (e) {
        throw addPathSegment(e, path, `[${i}]`);
      }
      return out;
    },
    toJson: (v, path = idl) => {
      if (!Array.isArray(v)) throw notArray(idl, v, path);
      if (v.length !== length) throw badLength(v.length, path);
      return v.map((x, i) => item.toJson(x, `${path}[${i}]`));
    },
    fromJson(json, path) {
      if (!Array.isArray(json)) throw badJson(path, `an array for ${idl}`, json);
      if (json.length !== length) throw badLength(json.length, path);
      return json.map((x, i) => item.fromJson(x, `${path}[${i}]`));
    },
    compare: (a, b) => compareArrays(item, a, b),
  };
}

/** The JS value of a tuple of codecs. */
export type TupleValue<C extends readonly Codec<unknown>[]> = { -readonly [I in keyof C]: CodecValue<C[I]> };

function tupleLike<C extends readonly AnyCodec[]>(idl: string, items: C): Codec<TupleValue<C>> {
  const n = items.length;
  let minSize = 0;
  for (const c of items) minSize += c.minSize ?? 0;
  const badLength = (got: number, path: string) => new ScaleError('SCALE_BAD_LENGTH', path, `${idl} expects ${n} items, got ${got}`);
  return {
    idl,
    minSize,
    encodeTo(w, v, path) {
      if (!Array.isArray(v)) throw notArray(idl, v, path);
      if (v.length !== n) throw badLength(v.length, path);
      let i = 0;
      try {
        for (; i < n; i++) (items[i] as Codec<unknown>).encodeTo(w, v[i], path);
      } catch (e) {
        throw addPathSegment(e, path, `[${i}]`);
      }
    },
    decodeFrom(r, path) {
      const out: unknown[] = [];
      let i = 0;
      try {
        for (; i < n; i++) out.push((items[i] as Codec<unknown>).decodeFrom(r, path));
      } catch (e) {
        throw addPathSegment(e, path, `[${i}]`);
      }
      return out as TupleValue<C>;
    },
    toJson: (v, path = idl) => {
      if (!Array.isArray(v)) throw notArray(idl, v, path);
      if (v.length !== n) throw badLength(v.length, path);
      return items.map((c, i) => c.toJson(v[i], `${path}[${i}]`));
    },
    fromJson(json, path) {
      if (!Array.isArray(json)) throw badJson(path, `an array for ${idl}`, json);
      if (json.length !== n) throw badLength(json.length, path);
      return items.map((c, i) => c.fromJson(json[i], `${path}[${i}]`)) as TupleValue<C>;
    },
    compare(a, b) {
      for (let i = 0; i < n; i++) {
        const d = compareWith(items[i] as Codec<unknown>, a[i], b[i]);
        if (d !== 0) return d;
      }
      return 0;
    },
  };
}

/** `(A, B, ...)`: the items in order, as a JS array. */
export function tuple<const C extends readonly AnyCodec[]>(...items: C): Codec<TupleValue<C>> {
  const inner = items.map((c) => c.idl).join(', ');
  return tupleLike(items.length === 1 ? `(${inner},)` : `(${inner})`, items);
}

/** A named struct with unnamed fields (`struct Name(A, B)`), as a JS array. */
export function tupleStruct<const C extends readonly AnyCodec[]>(name: string, items: C): Codec<TupleValue<C>> {
  return tupleLike(name, items);
}

/**
 * `Option<T>`: 00 for `null`, 01 ‖ T otherwise. The JSON of `Some` is T's, except where T's JSON may be null: `()`
 * (`Some(())` is `{"some": null}`) and an inner Option (see {@link nestedOption}).
 */
export function option<T>(some: Codec<T>): Codec<T | null> {
  const idl = `Option<${some.idl}>`;
  if (some.idl.startsWith('Option<')) return nestedOption(some) as unknown as Codec<T | null>;
  const unitSome = some.idl === '()';
  return {
    idl,
    minSize: 1,
    encodeTo(w, v, path) {
      if (v === null) {
        w.ensure(1);
        w.buf[w.length++] = 0;
      } else {
        w.ensure(1);
        w.buf[w.length++] = 1;
        some.encodeTo(w, v, path);
      }
    },
    decodeFrom(r, path) {
      const tag = r.u8(path);
      if (tag === 0) return null;
      if (tag === 1) return some.decodeFrom(r, path);
      throw r.error('SCALE_BAD_TAG', path, `bad ${idl} tag ${tag}`, r.offset - 1);
    },
    toJson: (v, path = idl) => (v === null ? null : unitSome ? { some: null } : some.toJson(v, path)),
    fromJson(json, path) {
      if (json === null) return null;
      if (!unitSome) return some.fromJson(json, path);
      if (!isJsonObject(json) || !Object.hasOwn(json, 'some') || Object.keys(json).length !== 1)
        throw new ScaleError('SCALE_BAD_JSON', path, `${idl} expects null or {"some": null}, got ${show(json)}`);
      return some.fromJson(json.some, `${path}.some`);
    },
    compare: (a, b) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : compareWith(some, a, b)),
  };
}

/** The JS value of `Result<T, E>`. */
export type ResultValue<T, E> = { ok: T } | { err: E };

/** `Result<T, E>`: 00 ‖ T for `{ok}`, 01 ‖ E for `{err}`. */
export function result<T, E>(ok: Codec<T>, err: Codec<E>): Codec<ResultValue<T, E>> {
  const idl = `Result<${ok.idl}, ${err.idl}>`;
  return {
    idl,
    minSize: 1 + Math.min(ok.minSize ?? 0, err.minSize ?? 0),
    encodeTo(w, v, path) {
      if (typeof v !== 'object' || v === null) {
        throw new ScaleError('SCALE_BAD_VALUE', path, `${idl} expects {ok} or {err}, got ${show(v)}`);
      }
      if ('ok' in v) {
        w.ensure(1);
        w.buf[w.length++] = 0;
        try {
          ok.encodeTo(w, v.ok, path);
        } catch (e) {
          throw addPathSegment(e, path, '.ok');
        }
      } else if ('err' in v) {
        w.ensure(1);
        w.buf[w.length++] = 1;
        try {
          err.encodeTo(w, v.err, path);
        } catch (e) {
          throw addPathSegment(e, path, '.err');
        }
      } else throw new ScaleError('SCALE_BAD_VALUE', path, `${idl} expects {ok} or {err}`);
    },
    decodeFrom(r, path) {
      const tag = r.u8(path);
      if (tag === 0) {
        try {
          return { ok: ok.decodeFrom(r, path) };
        } catch (e) {
          throw addPathSegment(e, path, '.ok');
        }
      }
      if (tag === 1) {
        try {
          return { err: err.decodeFrom(r, path) };
        } catch (e) {
          throw addPathSegment(e, path, '.err');
        }
      }
      throw r.error('SCALE_BAD_TAG', path, `bad ${idl} tag ${tag}`, r.offset - 1);
    },
    toJson: (v, path = idl): Json => {
      if (typeof v === 'object' && v !== null) {
        if ('ok' in v) return { ok: ok.toJson(v.ok, `${path}.ok`) };
        if ('err' in v) return { err: err.toJson(v.err, `${path}.err`) };
      }
      throw new ScaleError('SCALE_BAD_VALUE', path, `${idl} expects {ok} or {err}, got ${show(v)}`);
    },
    fromJson(json, path) {
      if (isJsonObject(json)) {
        const keys = Object.keys(json);
        if (keys.length === 1 && keys[0] === 'ok') return { ok: ok.fromJson(json.ok, `${path}.ok`) };
        if (keys.length === 1 && keys[0] === 'err') return { err: err.fromJson(json.err, `${path}.err`) };
      }
      throw badJson(path, `{"ok": ...} or {"err": ...} for ${idl}`, json);
    },
    compare(a, b) {
      if ('ok' in a) return 'ok' in b ? compareWith(ok, a.ok, b.ok) : -1;
      return 'ok' in b ? 1 : compareWith(err, a.err, (b as { err: E }).err);
    },
  };
}

/** A named field of a struct or enum variant: `[name, codec]`, or `[property, codec, JSON key]` when they differ. */
export type Field = readonly [name: string, codec: AnyCodec, json?: string];

/** The JS object of named fields. */
export type FieldsValue<F extends readonly Field[]> = { [E in F[number] as E[0]]: CodecValue<E[1]> };

/** Sets an own data property (a field named `__proto__` must not replace the object's prototype). */
function setField(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
  else out[name] = value;
}

/** A JSON key as a path segment: `.name` for a plain identifier, else a quoted, truncated `["…"]`. */
function keySegment(key: string): string {
  return /^[A-Za-z_$][\w$]{0,63}$/.test(key) ? `.${key}` : `[${show(key)}]`;
}

/** Encodes named fields of `v` in order (shared by structs and enum variants). */
export function encodeFields(
  w: Parameters<Codec<unknown>['encodeTo']>[0],
  fields: readonly Field[],
  v: Record<string, unknown>,
  path: string,
  prefix: string,
): void {
  let i = 0;
  try {
    for (; i < fields.length; i++) {
      const f = fields[i] as Field;
      f[1].encodeTo(w, v[f[0]], path);
    }
  } catch (e) {
    throw addPathSegment(e, path, `${prefix}.${(fields[i] as Field)[0]}`);
  }
}

/** Reads named fields into `out` (shared by structs and enum variants). */
export function decodeFields(
  r: Parameters<Codec<unknown>['decodeFrom']>[0],
  fields: readonly Field[],
  out: Record<string, unknown>,
  path: string,
  prefix: string,
): void {
  let i = 0;
  try {
    for (; i < fields.length; i++) {
      const f = fields[i] as Field;
      const name = f[0];
      const value = f[1].decodeFrom(r, path);
      if (name !== '__proto__') out[name] = value;
      else setField(out, name, value);
    }
  } catch (e) {
    throw addPathSegment(e, path, `${prefix}.${(fields[i] as Field)[0]}`);
  }
}

/** JSON object of named fields. */
export function fieldsToJson(fields: readonly Field[], v: Record<string, unknown>, path: string): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [name, c, key] of fields) setField(out, key ?? name, c.toJson(v[name], `${path}${keySegment(key ?? name)}`));
  return out;
}

/** Parses a JSON object of named fields strictly (missing or unknown keys are SCALE_BAD_JSON). */
export function fieldsFromJson(fields: readonly Field[], json: unknown, path: string, what: string): Record<string, unknown> {
  if (!isJsonObject(json)) throw badJson(path, `an object for ${what}`, json);
  const out: Record<string, unknown> = {};
  for (const [name, c, json_ = name] of fields) {
    if (!Object.hasOwn(json, json_)) throw new ScaleError('SCALE_BAD_JSON', `${path}.${json_}`, `missing field of ${what}`);
    setField(out, name, c.fromJson(json[json_], `${path}.${json_}`));
  }
  const keys = Object.keys(json);
  if (keys.length !== fields.length) {
    const known = new Set(fields.map((f) => f[2] ?? f[0]));
    for (const key of keys) {
      if (!known.has(key)) throw new ScaleError('SCALE_BAD_JSON', `${path}${keySegment(key)}`, `unknown field of ${what}`);
    }
  }
  return out;
}

/** Compares named fields lexicographically. */
export function compareFields(fields: readonly Field[], a: Record<string, unknown>, b: Record<string, unknown>): number {
  for (const [name, c] of fields) {
    const d = compareWith(c, a[name], b[name]);
    if (d !== 0) return d;
  }
  return 0;
}

/** A named struct with named fields, as a plain JS object (fields encoded in declaration order). */
export function struct<const F extends readonly Field[]>(name: string, fields: F): Codec<FieldsValue<F>> {
  let minSize = 0;
  for (const f of fields) minSize += f[1].minSize ?? 0;
  const compiled = compileFieldsEncoder(
    fields.map((f) => f[0]),
    fields.map((f) => f[1]),
    '',
  );
  return {
    idl: name,
    minSize,
    encodeTo(w, v, path) {
      if (typeof v !== 'object' || v === null) throw new ScaleError('SCALE_BAD_VALUE', path, `${name} expects an object, got ${show(v)}`);
      if (compiled !== undefined) compiled(w, v as Record<string, unknown>, path);
      else encodeFields(w, fields, v as Record<string, unknown>, path, '');
    },
    decodeFrom(r, path) {
      const out: Record<string, unknown> = {};
      decodeFields(r, fields, out, path, '');
      return out as FieldsValue<F>;
    },
    toJson: (v, path = name) => {
      if (typeof v !== 'object' || v === null) throw new ScaleError('SCALE_BAD_VALUE', path, `${name} expects an object, got ${show(v)}`);
      return fieldsToJson(fields, v as Record<string, unknown>, path);
    },
    fromJson: (json, path) => fieldsFromJson(fields, json, path, name) as FieldsValue<F>,
    compare: (a, b) => compareFields(fields, a as Record<string, unknown>, b as Record<string, unknown>),
  };
}

/** Deepest nesting of recursive values (through {@link lazy}) a decode or a JSON parse accepts (SCALE_TOO_DEEP beyond). */
export const MAX_RECURSION_DEPTH = 256;
let recursionDepth = 0;

/** Runs `f` one level deeper in a recursive type, failing with SCALE_TOO_DEEP (not a stack overflow) past the limit. */
function deeper<R>(path: string, f: () => R): R {
  if (recursionDepth >= MAX_RECURSION_DEPTH) {
    throw new ScaleError('SCALE_TOO_DEEP', path, `recursive value nested deeper than ${MAX_RECURSION_DEPTH} levels`);
  }
  recursionDepth++;
  try {
    return f();
  } finally {
    recursionDepth--;
  }
}

/** A codec resolved on first use, for recursive types; give `idl` when it is known (else it is read from the resolved codec). */
export function lazy<T>(get: () => Codec<T>, idl?: string): Codec<T> {
  let c: Codec<T> | undefined;
  let resolving = false;
  const resolve = (): Codec<T> => {
    if (c === undefined) {
      resolving = true;
      try {
        c = get();
      } finally {
        resolving = false;
      }
    }
    return c;
  };
  return {
    get idl() {
      return idl ?? resolve().idl;
    },
    // 0 while the codec is being built (a recursive type reaching itself), the resolved size after.
    get minSize() {
      return resolving ? 0 : (resolve().minSize ?? 0);
    },
    encodeTo: (w, v, path) => resolve().encodeTo(w, v, path),
    decodeFrom: (r, path) => deeper(path, () => resolve().decodeFrom(r, path)),
    toJson: (v, path) => deeper(path ?? '', () => resolve().toJson(v, path)),
    fromJson: (json, path) => deeper(path, () => resolve().fromJson(json, path)),
    compare: (a, b) => compareWith(resolve(), a, b),
  };
}

/**
 * `Option<Option<T>>` (and deeper): `null` for None and `{ some: inner }` for Some, in JS and in JSON, so that
 * Some(None) (`{ some: null }`) and None (`null`) stay apart.
 */
export function nestedOption<T>(some: Codec<T>): Codec<{ some: T } | null> {
  const idl = `Option<${some.idl}>`;
  const inner = (v: unknown, path: string): T => {
    if (typeof v !== 'object' || v === null || !('some' in v))
      throw new ScaleError('SCALE_BAD_VALUE', path, `${idl} expects null or { some: value }, got ${show(v)}`);
    return (v as { some: T }).some;
  };
  return {
    idl,
    minSize: 1,
    encodeTo(w, v, path) {
      w.ensure(1);
      if (v === null || v === undefined) w.buf[w.length++] = 0;
      else {
        const x = inner(v, path);
        w.buf[w.length++] = 1;
        some.encodeTo(w, x, path);
      }
    },
    decodeFrom(r, path) {
      const tag = r.u8(path);
      if (tag === 0) return null;
      if (tag === 1) return { some: some.decodeFrom(r, path) };
      throw r.error('SCALE_BAD_TAG', path, `bad ${idl} tag ${tag}`, r.offset - 1);
    },
    toJson: (v, path = idl) => (v === null ? null : { some: some.toJson(inner(v, path), path) }),
    fromJson: (json, path) => {
      if (json === null) return null;
      if (typeof json !== 'object' || Array.isArray(json) || !('some' in json) || Object.keys(json).length !== 1)
        throw new ScaleError('SCALE_BAD_JSON', path, `${idl} expects null or {"some": value}, got ${show(json)}`);
      return { some: some.fromJson((json as { some: unknown }).some, `${path}.some`) };
    },
    compare: (a, b) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : compareWith(some, a.some, b.some)),
  };
}
