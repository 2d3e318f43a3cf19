import { type AnyCodec, badJson, type Codec, compareWith, isJsonObject, type Json } from './codec.js';
import {
  compareFields,
  decodeFields,
  encodeFields,
  type Field,
  type FieldsValue,
  fieldsFromJson,
  fieldsToJson,
  type TupleValue,
} from './composite.js';
import { addPathSegment, ScaleError } from './errors.js';
import { compileFieldsEncoder, type FieldsEncoder } from './fields-compiled.js';
import { show } from './limits.js';

/** An enum whose variants are all unit: the JS value is the variant name; the tag is its position (u8). */
export function enumUnit<const V extends readonly string[]>(name: string, variants: V): Codec<V[number]> {
  if (variants.length > 256) throw new ScaleError('SCALE_BAD_TAG', name, 'an enum has at most 256 variants');
  const index = new Map<string, number>();
  for (let i = 0; i < variants.length; i++) index.set(variants[i] as string, i);
  const list = `one of ${variants.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    idl: name,
    minSize: 1,
    encodeTo(w, v, path) {
      const i = index.get(v);
      if (i === undefined) throw new ScaleError('SCALE_BAD_VALUE', path, `${name} expects ${list}, got ${show(v)}`);
      w.ensure(1);
      w.buf[w.length++] = i;
    },
    decodeFrom(r, path) {
      const tag = r.u8(path);
      const v = variants[tag];
      if (v === undefined) throw r.error('SCALE_BAD_TAG', path, `bad ${name} variant index ${tag}`, r.offset - 1);
      return v;
    },
    toJson: (v) => v,
    fromJson(json, path) {
      if (typeof json !== 'string' || !index.has(json))
        throw new ScaleError('SCALE_BAD_JSON', path, `${name} expects ${list}, got ${show(json)}`);
      return json as V[number];
    },
    compare: (a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0),
  };
}

/**
 * The property of a variant's named field in the TypeScript value: `kind` holds the variant's name there, so a field
 * named `kind` takes `kind_` (or `kind__`, … when the variant has a field of that name too).
 */
export function variantFieldProp(name: string, names: readonly string[]): string {
  if (name !== 'kind') return name;
  let prop = 'kind_';
  while (names.includes(prop)) prop += '_';
  return prop;
}

/** The fields of a TypeScript-shaped variant value keyed as in JSON (`kind_` back to `kind`). */
function jsonKeys(fields: readonly Field[], value: Record<string, unknown>): Record<string, unknown> {
  const renamed = fields.filter((f) => f[2] !== undefined && f[2] !== f[0]);
  if (renamed.length === 0) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const f = renamed.find((x) => x[0] === key);
    out[f === undefined ? key : (f[2] as string)] = value[key];
  }
  return out;
}

/** A variant of {@link enumTagged}: unit (`[]`), named fields (`[name, codec][]`) or unnamed fields (`codec[]`). */
export interface VariantSpec {
  readonly name: string;
  readonly fields: readonly Field[] | readonly AnyCodec[];
}

/** The JS value of one variant. */
export type VariantValue<S> = S extends { readonly name: infer N; readonly fields: infer F }
  ? F extends readonly []
    ? { kind: N }
    : F extends readonly Field[]
      ? { kind: N } & FieldsValue<F>
      : F extends readonly [Codec<infer T>]
        ? { kind: N; value: T }
        : F extends readonly AnyCodec[]
          ? { kind: N; value: TupleValue<F> }
          : never
  : never;

/** The JS value of a tagged enum: a union of `{kind, ...}` objects. */
export type EnumValue<V extends readonly VariantSpec[]> = VariantValue<V[number]>;

const UNIT = 0;
const NAMED = 1;
const ONE = 2;
const MANY = 3;

interface Variant {
  readonly name: string;
  readonly index: number;
  readonly form: number;
  readonly named: readonly Field[];
  readonly unnamed: readonly Codec<unknown>[];
  /** Compiled encoder of the named fields (undefined: the generic loop). */
  readonly compiled: FieldsEncoder | undefined;
}

function isField(f: Field | AnyCodec): f is Field {
  return Array.isArray(f);
}

/**
 * An enum with data: the JS value is `{kind: 'Name', ...namedFields}`, `{kind, value}` (one unnamed field),
 * `{kind, value: [A, B]}` (several) or `{kind}` (unit); the tag is the variant position (u8).
 */
export function enumTagged<const V extends readonly VariantSpec[]>(name: string, variants: V): Codec<EnumValue<V>> {
  if (variants.length > 256) throw new ScaleError('SCALE_BAD_TAG', name, 'an enum has at most 256 variants');
  const list: Variant[] = variants.map((spec, index) => {
    const fs = spec.fields as readonly (Field | AnyCodec)[];
    const named = fs.filter(isField);
    const unnamed = fs.filter((f): f is Codec<unknown> => !isField(f));
    if (named.length > 0 && unnamed.length > 0)
      throw new ScaleError('SCALE_BAD_VALUE', `${name}.${spec.name}`, 'a variant mixes named and unnamed fields');
    const form = fs.length === 0 ? UNIT : named.length > 0 ? NAMED : unnamed.length === 1 ? ONE : MANY;
    const compiled =
      form === NAMED
        ? compileFieldsEncoder(
            named.map((f) => f[0]),
            named.map((f) => f[1]),
            `.${spec.name}`,
          )
        : undefined;
    return { name: spec.name, index, form, named, unnamed, compiled };
  });
  const byName = new Map<string, Variant>();
  for (const v of list) byName.set(v.name, v);
  const kinds = list.map((v) => JSON.stringify(v.name)).join(', ');
  // The JSON forms a person can write, shown when a value is refused: "Unit" | {"Named": {"a": …}} | {"One": …}.
  const forms = list
    .map((v) => {
      const n = JSON.stringify(v.name);
      if (v.form === UNIT) return n;
      if (v.form === NAMED) return `{${n}: {${v.named.map((f) => `${JSON.stringify(f[2] ?? f[0])}: …`).join(', ')}}}`;
      return v.form === ONE ? `{${n}: …}` : `{${n}: [${v.unnamed.map(() => '…').join(', ')}]}`;
    })
    .join(' | ');
  const lookup = (kind: unknown, path: string): Variant => {
    const v = typeof kind === 'string' ? byName.get(kind) : undefined;
    if (v === undefined) throw new ScaleError('SCALE_BAD_VALUE', path, `${name} expects kind ${kinds}, got ${show(kind)}`);
    return v;
  };
  const payloadToJson = (v: Variant, value: Record<string, unknown>, path: string): Json => {
    if (v.form === NAMED) return fieldsToJson(v.named, value, `${path}.${v.name}`);
    if (v.form === ONE) return (v.unnamed[0] as Codec<unknown>).toJson(value.value, `${path}.${v.name}`);
    const items = value.value;
    if (!Array.isArray(items) || items.length !== v.unnamed.length) throw badItems(v, items, path);
    return v.unnamed.map((c, i) => c.toJson(items[i], `${path}.${v.name}[${i}]`));
  };
  const badItems = (v: Variant, items: unknown, path: string) =>
    new ScaleError('SCALE_BAD_VALUE', `${path}.${v.name}`, `expects an array of ${v.unnamed.length} values, got ${show(items)}`);
  const notObject = (value: unknown, path: string) =>
    new ScaleError('SCALE_BAD_VALUE', path, `${name} expects {kind: ...}, got ${show(value)}`);
  return {
    idl: name,
    minSize: 1,
    encodeTo(w, value, path) {
      if (typeof value !== 'object' || value === null) throw notObject(value, path);
      const o = value as Record<string, unknown>;
      const v = lookup(o.kind, path);
      w.ensure(1);
      w.buf[w.length++] = v.index;
      switch (v.form) {
        case UNIT:
          return;
        case NAMED:
          if (v.compiled !== undefined) v.compiled(w, o, path);
          else encodeFields(w, v.named, o, path, `.${v.name}`);
          return;
        case ONE:
          try {
            (v.unnamed[0] as Codec<unknown>).encodeTo(w, o.value, path);
          } catch (e) {
            throw addPathSegment(e, path, `.${v.name}`);
          }
          return;
        default: {
          const items = o.value;
          if (!Array.isArray(items) || items.length !== v.unnamed.length) throw badItems(v, items, path);
          let i = 0;
          try {
            for (; i < items.length; i++) (v.unnamed[i] as Codec<unknown>).encodeTo(w, items[i], path);
          } catch (e) {
            throw addPathSegment(e, path, `.${v.name}[${i}]`);
          }
        }
      }
    },
    decodeFrom(r, path) {
      const tag = r.u8(path);
      const v = list[tag];
      if (v === undefined) throw r.error('SCALE_BAD_TAG', path, `bad ${name} variant index ${tag}`, r.offset - 1);
      switch (v.form) {
        case UNIT:
          return { kind: v.name } as EnumValue<V>;
        case NAMED: {
          const out: Record<string, unknown> = { kind: v.name };
          decodeFields(r, v.named, out, path, `.${v.name}`);
          return out as EnumValue<V>;
        }
        case ONE:
          try {
            return { kind: v.name, value: (v.unnamed[0] as Codec<unknown>).decodeFrom(r, path) } as EnumValue<V>;
          } catch (e) {
            throw addPathSegment(e, path, `.${v.name}`);
          }
        default: {
          const items: unknown[] = [];
          let i = 0;
          try {
            for (; i < v.unnamed.length; i++) items.push((v.unnamed[i] as Codec<unknown>).decodeFrom(r, path));
          } catch (e) {
            throw addPathSegment(e, path, `.${v.name}[${i}]`);
          }
          return { kind: v.name, value: items } as EnumValue<V>;
        }
      }
    },
    toJson(value, path = name) {
      if (typeof value !== 'object' || value === null) throw notObject(value, path);
      const o = value as Record<string, unknown>;
      const v = lookup(o.kind, path);
      return v.form === UNIT ? v.name : { [v.name]: payloadToJson(v, o, path) };
    },
    fromJson(json, path) {
      let v: Variant | undefined;
      let payload: unknown;
      if (typeof json === 'string') {
        v = byName.get(json);
        if (v !== undefined && v.form !== UNIT)
          throw new ScaleError('SCALE_BAD_JSON', `${path}.${json}`, `variant ${json} of ${name} has data`);
      } else if (isJsonObject(json) && typeof json.kind === 'string' && byName.has(json.kind)) {
        // The TypeScript shape `{kind: 'Name', ...fields}` / `{kind, value}` is accepted too.
        v = byName.get(json.kind) as Variant;
        const { kind: _kind, ...rest } = json;
        payload = v.form === NAMED ? jsonKeys(v.named, rest) : v.form === UNIT ? undefined : json.value;
      } else if (isJsonObject(json)) {
        const keys = Object.keys(json);
        if (keys.length === 1) {
          v = byName.get(keys[0] as string);
          payload = json[keys[0] as string];
        }
      } else throw badJson(path, `a variant of ${name}: ${forms}`, json);
      if (v === undefined)
        throw new ScaleError('SCALE_BAD_JSON', path, `${name} expects ${forms} (or {"kind": ${kinds}, …}), got ${show(json)}`);
      const p = `${path}.${v.name}`;
      switch (v.form) {
        case UNIT:
          if (payload !== undefined && payload !== null) throw new ScaleError('SCALE_BAD_JSON', p, 'unit variant takes no data');
          return { kind: v.name } as EnumValue<V>;
        case NAMED:
          return { kind: v.name, ...fieldsFromJson(v.named, payload, p, `${name}.${v.name}`) } as EnumValue<V>;
        case ONE:
          return { kind: v.name, value: (v.unnamed[0] as Codec<unknown>).fromJson(payload, p) } as EnumValue<V>;
        default: {
          if (!Array.isArray(payload) || payload.length !== v.unnamed.length)
            throw badJson(p, `an array of ${v.unnamed.length} values`, payload);
          return { kind: v.name, value: v.unnamed.map((c, i) => c.fromJson(payload[i], `${p}[${i}]`)) } as EnumValue<V>;
        }
      }
    },
    compare(a, b) {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const va = lookup(x.kind, '');
      const vb = lookup(y.kind, '');
      if (va !== vb) return va.index - vb.index;
      switch (va.form) {
        case UNIT:
          return 0;
        case NAMED:
          return compareFields(va.named, x, y);
        case ONE:
          return compareWith(va.unnamed[0] as Codec<unknown>, x.value, y.value);
        default: {
          const xs = x.value as unknown[];
          const ys = y.value as unknown[];
          for (let i = 0; i < va.unnamed.length; i++) {
            const d = compareWith(va.unnamed[i] as Codec<unknown>, xs[i], ys[i]);
            if (d !== 0) return d;
          }
          return 0;
        }
      }
    },
  };
}
