// The editable state of a call form: one draft per value, shaped by its TypeRef, turned into the JSON form of
// DESIGN §3 for the codec to validate (so the messages are the CLI's) and encode.
import type { FieldDef, Json, TypeDef, TypeRef, TypeTable, VariantDef } from '@sprocket/sdk';

/** The editable state of one value. Drafts are mutable: inputs change them in place and re-render the form. */
export type Draft =
  | { t: 'text'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'list'; items: Draft[] }
  | { t: 'fixed'; items: Draft[] }
  | { t: 'option'; some: boolean; v: Draft | undefined }
  | { t: 'result'; ok: boolean; okV: Draft | undefined; errV: Draft | undefined }
  | { t: 'struct'; fields: Record<string, Draft> }
  | { t: 'enum'; variant: string; v: Draft | undefined }
  | { t: 'unit' };

/** A resolved shape of a type: what kind of input to show. */
export type Shape =
  | { kind: 'int'; name: string; wide: boolean; signed: boolean }
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'id'; name: string }
  | { kind: 'bytes'; length?: number }
  | { kind: 'vec'; item: TypeRef }
  | { kind: 'map'; key: TypeRef; value: TypeRef }
  | { kind: 'tuple'; items: readonly TypeRef[] }
  | { kind: 'option'; some: TypeRef }
  | { kind: 'result'; ok: TypeRef; err: TypeRef }
  | { kind: 'struct'; name: string; fields: readonly FieldDef[] }
  | { kind: 'enum'; name: string; variants: readonly VariantDef[] }
  | { kind: 'unit' }
  | { kind: 'unknown'; reason: string };

const WIDE = new Set(['u64', 'u128', 'u256', 'i64', 'i128']);
const INTS = new Set(['u8', 'u16', 'u32', 'u64', 'u128', 'u256', 'i8', 'i16', 'i32', 'i64', 'i128']);

function substitute(ref: TypeRef, env: ReadonlyMap<string, TypeRef>): TypeRef {
  switch (ref.kind) {
    case 'param':
      return env.get(ref.name) ?? ref;
    case 'primitive':
      return ref;
    case 'vec':
      return { kind: 'vec', item: substitute(ref.item, env) };
    case 'array':
      return { kind: 'array', item: substitute(ref.item, env), length: ref.length };
    case 'tuple':
      return { kind: 'tuple', items: ref.items.map((t) => substitute(t, env)) };
    case 'option':
      return { kind: 'option', some: substitute(ref.some, env) };
    case 'result':
      return { kind: 'result', ok: substitute(ref.ok, env), err: substitute(ref.err, env) };
    case 'map':
      return { kind: 'map', key: substitute(ref.key, env), value: substitute(ref.value, env) };
    case 'compact':
      return { kind: 'compact', inner: substitute(ref.inner, env) };
    case 'named':
      return ref.args === undefined ? ref : { kind: 'named', name: ref.name, args: ref.args.map((t) => substitute(t, env)) };
  }
}

function instantiate(def: TypeDef, args: readonly TypeRef[] | undefined): TypeDef {
  const params = def.params ?? [];
  if (params.length === 0) return def;
  const env = new Map<string, TypeRef>(params.map((p, i) => [p, args?.[i] ?? { kind: 'param', name: p }]));
  const fields = (fs: readonly FieldDef[]): FieldDef[] => fs.map((f) => ({ ...f, type: substitute(f.type, env) }));
  return def.kind === 'struct'
    ? { ...def, fields: fields(def.fields) }
    : { ...def, variants: def.variants.map((v) => ({ ...v, fields: fields(v.fields) })) };
}

const isU8 = (t: TypeRef): boolean => t.kind === 'primitive' && t.name === 'u8';

/** The input shape of a type: `[u8]` and `[u8; N]` are bytes, `[(K, V)]` a map, named types resolved. */
export function shapeOf(ref: TypeRef, types: TypeTable): Shape {
  switch (ref.kind) {
    case 'primitive':
      if (INTS.has(ref.name)) return { kind: 'int', name: ref.name, wide: WIDE.has(ref.name), signed: ref.name.startsWith('i') };
      if (ref.name === 'bool') return { kind: 'bool' };
      if (ref.name === 'String') return { kind: 'string' };
      return { kind: 'id', name: ref.name };
    case 'compact':
      return shapeOf(ref.inner, types);
    case 'vec':
      if (isU8(ref.item)) return { kind: 'bytes' };
      if (ref.item.kind === 'tuple' && ref.item.items.length === 2)
        return { kind: 'map', key: ref.item.items[0] as TypeRef, value: ref.item.items[1] as TypeRef };
      return { kind: 'vec', item: ref.item };
    case 'map':
      return { kind: 'map', key: ref.key, value: ref.value };
    case 'array':
      if (isU8(ref.item)) return { kind: 'bytes', length: ref.length };
      return { kind: 'tuple', items: Array.from({ length: ref.length }, () => ref.item) };
    case 'tuple':
      return ref.items.length === 0 ? { kind: 'unit' } : { kind: 'tuple', items: ref.items };
    case 'option':
      return { kind: 'option', some: ref.some };
    case 'result':
      return { kind: 'result', ok: ref.ok, err: ref.err };
    case 'named': {
      const def = types.get(ref.name);
      if (def === undefined) return { kind: 'unknown', reason: `unknown type ${ref.name}` };
      const inst = instantiate(def, ref.args);
      return inst.kind === 'struct'
        ? { kind: 'struct', name: ref.name, fields: inst.fields }
        : { kind: 'enum', name: ref.name, variants: inst.variants };
    }
    case 'param':
      return { kind: 'unknown', reason: `unbound type parameter ${ref.name}` };
  }
}

/** Fields of a struct or variant: named → struct draft, unnamed → fixed list. */
export function fieldsDraft(fields: readonly FieldDef[], types: TypeTable, depth: number): Draft {
  if (fields.length === 0) return { t: 'unit' };
  if (fields.every((f) => f.name !== undefined && f.name !== '')) {
    const out: Record<string, Draft> = {};
    for (const f of fields) out[f.name as string] = initialDraft(f.type, types, depth + 1);
    return { t: 'struct', fields: out };
  }
  return { t: 'fixed', items: fields.map((f) => initialDraft(f.type, types, depth + 1)) };
}

/** The empty draft of a type (Option none, Vec empty, enum at its first variant). */
export function initialDraft(ref: TypeRef, types: TypeTable, depth = 0): Draft {
  if (depth > 32) return { t: 'unit' };
  const s = shapeOf(ref, types);
  switch (s.kind) {
    case 'bool':
      return { t: 'bool', v: false };
    case 'int':
    case 'string':
    case 'id':
    case 'bytes':
    case 'unknown':
      return { t: 'text', v: '' };
    case 'vec':
    case 'map':
      return { t: 'list', items: [] };
    case 'tuple':
      return { t: 'fixed', items: s.items.map((i) => initialDraft(i, types, depth + 1)) };
    case 'option':
      return { t: 'option', some: false, v: undefined };
    case 'result':
      return { t: 'result', ok: true, okV: undefined, errV: undefined };
    case 'struct':
      return fieldsDraft(s.fields, types, depth);
    case 'enum': {
      const first = s.variants[0];
      return { t: 'enum', variant: first?.name ?? '', v: first === undefined ? undefined : fieldsDraft(first.fields, types, depth) };
    }
    case 'unit':
      return { t: 'unit' };
  }
}

/** The draft of a map row: a (key, value) pair. */
export function mapRowDraft(key: TypeRef, value: TypeRef, types: TypeTable): Draft {
  return { t: 'fixed', items: [initialDraft(key, types), initialDraft(value, types)] };
}

function intJson(text: string, wide: boolean): Json {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) {
    if (wide) return t;
    const n = Number(t);
    if (Number.isSafeInteger(n)) return n;
  }
  // Anything else goes to the codec as typed, which names the parameter and what it expected.
  return t;
}

function fieldsJson(fields: readonly FieldDef[], draft: Draft | undefined, types: TypeTable): Json {
  if (fields.length === 0) return null;
  if (draft?.t === 'struct') {
    const out: Record<string, Json> = {};
    for (const f of fields) out[f.name as string] = draftToJson(f.type, draft.fields[f.name as string], types);
    return out;
  }
  const items = draft?.t === 'fixed' ? draft.items : [];
  return fields.map((f, i) => draftToJson(f.type, items[i], types));
}

/** The JSON form (DESIGN §3) of a draft, for the codec's `fromJson` to validate. */
export function draftToJson(ref: TypeRef, draft: Draft | undefined, types: TypeTable): Json {
  const d = draft ?? initialDraft(ref, types);
  const s = shapeOf(ref, types);
  switch (s.kind) {
    case 'int':
      return d.t === 'text' ? intJson(d.v, s.wide) : null;
    case 'bool':
      return d.t === 'bool' ? d.v : null;
    case 'string':
      return d.t === 'text' ? d.v : null;
    case 'id':
    case 'bytes': {
      const v = d.t === 'text' ? d.v.trim() : '';
      return s.kind === 'bytes' && s.length === undefined && v === '' ? '0x' : v;
    }
    case 'unknown':
      return d.t === 'text' ? d.v : null;
    case 'vec':
      return d.t === 'list' ? d.items.map((i) => draftToJson(s.item, i, types)) : [];
    case 'map':
      return d.t === 'list'
        ? d.items.map((row) => {
            const items = row.t === 'fixed' ? row.items : [];
            return [draftToJson(s.key, items[0], types), draftToJson(s.value, items[1], types)];
          })
        : [];
    case 'tuple':
      return s.items.map((t, i) => draftToJson(t, d.t === 'fixed' ? d.items[i] : undefined, types));
    case 'option':
      return d.t === 'option' && d.some ? draftToJson(s.some, d.v, types) : null;
    case 'result':
      if (d.t !== 'result') return null;
      return d.ok ? { ok: draftToJson(s.ok, d.okV, types) } : { err: draftToJson(s.err, d.errV, types) };
    case 'struct':
      return fieldsJson(s.fields, d, types);
    case 'enum': {
      const variant = d.t === 'enum' ? s.variants.find((v) => v.name === d.variant) : undefined;
      if (variant === undefined) return d.t === 'enum' ? d.variant : null;
      if (variant.fields.length === 0) return variant.name;
      const data = d.t === 'enum' ? d.v : undefined;
      const payload =
        variant.fields.length === 1 && (variant.fields[0]?.name ?? '') === ''
          ? draftToJson((variant.fields[0] as FieldDef).type, data?.t === 'fixed' ? data.items[0] : data, types)
          : fieldsJson(variant.fields, data, types);
      return { [variant.name]: payload };
    }
    case 'unit':
      return null;
  }
}

/** An input left empty that needs a value: its label and input id as the form shows them, and what to enter. */
export interface EmptyInput {
  readonly label: string;
  readonly id: string;
  readonly expected: string;
}

function expectedText(s: Shape): string | undefined {
  if (s.kind === 'int') return s.wide ? `a ${s.name} (decimal digits)` : `a ${s.name}`;
  if (s.kind === 'id') return `${s.name === 'ActorId' ? 'an' : 'a'} ${s.name} (0x + 64 hex digits)`;
  if (s.kind === 'bytes' && s.length !== undefined) return `${s.length} bytes (0x + ${s.length * 2} hex digits)`;
  // A String and `[u8]` may be empty: nothing is missing.
  return undefined;
}

/**
 * The first input that is empty but needs a value (an integer, an id, fixed-size bytes, nested anywhere: a map's key,
 * an Option's value, an enum's field), named with the label and id the form gives it; undefined when none is.
 * The codec would refuse it too, but with a message about the JSON (`expected a u8 number, got string`).
 */
export function emptyInput(
  ref: TypeRef,
  draft: Draft | undefined,
  types: TypeTable,
  label: string,
  id: string,
  depth = 0,
): EmptyInput | undefined {
  if (depth > 32 || draft === undefined) return undefined;
  const s = shapeOf(ref, types);
  const at = (t: TypeRef, d: Draft | undefined, l: string, i: string) => emptyInput(t, d, types, l, i, depth + 1);
  const fields = (fs: readonly FieldDef[], d: Draft | undefined, l: string, i: string): EmptyInput | undefined => {
    for (const [n, f] of fs.entries()) {
      const found =
        d?.t === 'struct'
          ? at(f.type, d.fields[f.name as string], `${l}.${f.name}`, `${i}-${f.name}`)
          : d?.t === 'fixed'
            ? at(f.type, d.items[n], `${l}[${n}]`, `${i}-${n}`)
            : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };
  switch (s.kind) {
    case 'int':
    case 'id':
    case 'bytes': {
      const expected = expectedText(s);
      return draft.t === 'text' && draft.v.trim() === '' && expected !== undefined ? { label, id, expected } : undefined;
    }
    case 'option':
      return draft.t === 'option' && draft.some ? at(s.some, draft.v, `${label} value`, `${id}-v`) : undefined;
    case 'result':
      if (draft.t !== 'result') return undefined;
      return draft.ok ? at(s.ok, draft.okV, `${label} ok`, `${id}-ok`) : at(s.err, draft.errV, `${label} err`, `${id}-err`);
    case 'vec':
    case 'map':
      if (draft.t !== 'list') return undefined;
      for (const [i, item] of draft.items.entries()) {
        const found =
          s.kind === 'vec'
            ? at(s.item, item, `${label}[${i}]`, `${id}-${i}`)
            : item.t === 'fixed'
              ? (at(s.key, item.items[0], `${label}[${i}] key`, `${id}-${i}-k`) ??
                at(s.value, item.items[1], `${label}[${i}] value`, `${id}-${i}-v`))
              : undefined;
        if (found !== undefined) return found;
      }
      return undefined;
    case 'tuple':
      if (draft.t !== 'fixed') return undefined;
      for (const [i, t] of s.items.entries()) {
        const found = at(t, draft.items[i], `${label}[${i}]`, `${id}-${i}`);
        if (found !== undefined) return found;
      }
      return undefined;
    case 'struct':
      return fields(s.fields, draft, label, id);
    case 'enum': {
      const variant = draft.t === 'enum' ? s.variants.find((v) => v.name === draft.variant) : undefined;
      if (draft.t !== 'enum' || variant === undefined) return undefined;
      return fields(variant.fields, draft.v, `${label}.${variant.name}`, `${id}-${variant.name}`);
    }
    default:
      return undefined;
  }
}

/** The form's message for an empty input: what is missing, where, and what to enter. */
export function emptyMessage(what: string, empty: EmptyInput): string {
  return `${what}: ${empty.label} is empty — enter ${empty.expected}.`;
}
