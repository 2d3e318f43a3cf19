// Tagged unions have two shapes: the TypeScript value `{kind: 'Transfer', to, amount}` (or `{kind, value}`)
// and the JSON form `{"Transfer": {"to": …, "amount": …}}` (or "Unit"). JSON readers accept both.
import type { TSchema } from '@sinclair/typebox';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** `value` with every `{kind: 'Name', …}` object rewritten in the JSON form (`"Name"`, `{"Name": value}` or `{"Name": {…}}`). */
export function kindToJsonForm(value: unknown, depth = 0): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => kindToJsonForm(v, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = kindToJsonForm(v, depth + 1);
  if (typeof out.kind !== 'string') return out;
  const { kind, ...rest } = out;
  const keys = Object.keys(rest);
  if (keys.length === 0) return kind;
  if (keys.length === 1 && keys[0] === 'value') return { [kind]: rest.value };
  return { [kind]: rest };
}

/** A short picture of the JSON form a union schema (an enum) expects: `"Idle" | {"Transfer": {"to": …}}`; undefined for other schemas. */
export function expectedForm(schema: TSchema): string | undefined {
  const members = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!Array.isArray(members)) return undefined;
  const forms = members.map((m) => {
    const literal = (m as { const?: unknown }).const;
    if (typeof literal === 'string') return JSON.stringify(literal);
    const props = (m as { properties?: Record<string, TSchema> }).properties;
    const names = props === undefined ? [] : Object.keys(props);
    if (names.length !== 1) return undefined;
    const name = names[0] as string;
    const inner = (props as Record<string, TSchema>)[name] as { properties?: Record<string, unknown> };
    const fields =
      inner.properties === undefined
        ? '…'
        : `{${Object.keys(inner.properties)
            .map((f) => `${JSON.stringify(f)}: …`)
            .join(', ')}}`;
    return `{${JSON.stringify(name)}: ${fields}}`;
  });
  if (forms.some((f) => f === undefined)) return undefined;
  return forms.join(' | ');
}
