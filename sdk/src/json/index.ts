// JSON-form validation for generated code: TypeBox re-exports (generated files import only
// @sprocket/sdk) and `checkJson`, which turns the first schema violation into a ScaleError that
// names the field path.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ScaleError } from '../scale/errors.js';

export { type Static, type TSchema, Type };

/** Turns a JSON pointer (`/0/amount`) into a field path suffix (`[0].amount`). */
function pointerToPath(pointer: string): string {
  if (pointer === '' || pointer === '/') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^[0-9]+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Checks `value` against a TypeBox schema of the JSON form (DESIGN.md section 3). On failure throws
 * a ScaleError `SCALE_BAD_JSON` whose path is `path` followed by the failing field (`Transfer.amount`,
 * `Add.args[0]`) and whose message says what was expected.
 */
export function checkJson(schema: TSchema, value: unknown, path: string): void {
  if (Value.Check(schema, value)) return;
  const first = Value.Errors(schema, value).First();
  if (first === undefined) throw new ScaleError('SCALE_BAD_JSON', path, 'value does not match its schema');
  const where = path + pointerToPath(first.path);
  const got =
    first.value === undefined ? 'nothing' : JSON.stringify(first.value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  const shown = got ?? typeof first.value;
  throw new ScaleError(
    'SCALE_BAD_JSON',
    where,
    `${first.message.toLowerCase()}, got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`,
  );
}
