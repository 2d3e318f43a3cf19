import type { GeneratedStateField } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';
import { OP_PROP } from './journal-entries.js';

/** The bounds of one integer wire type as state holds it, converted once (not per check). */
export interface IntegerBounds {
  readonly type: GeneratedStateField['type'];
  readonly min: bigint;
  readonly max: bigint;
  /** Held as a bigint (64 bits and more) rather than a number. */
  readonly big: boolean;
  /** `min` and `max` as numbers, for the types held as numbers. */
  readonly minNumber: number;
  readonly maxNumber: number;
  /** Declared `T | null`: null is a value of the type, not a wrong kind. */
  readonly nullable: boolean;
}

/** An integer state field with its bounds, checked when a segment commits. */
export interface RangedField extends IntegerBounds {
  readonly name: string;
}

const NULLABLE = ' | null';

/** What a range error says happens next, in the system and at the end of a unitActor segment. */
export const ROLLED_BACK = 'the segment is rolled back';

/** The bounds of an integer state type (`'u8'`, `'u128 | null'`). */
export function integerBounds(type: GeneratedStateField['type']): IntegerBounds {
  const nullable = type.endsWith(NULLABLE);
  const int = nullable ? type.slice(0, -NULLABLE.length) : type;
  const bits = BigInt(int.slice(1));
  const signed = int.startsWith('i');
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  return { type, min, max, big: bits >= 64n, minNumber: Number(min), maxNumber: Number(max), nullable };
}

/** The bounds of the integer state fields a generated definition lists (collection fields are collection-ranges.ts's). */
export function rangedFields(fields: readonly GeneratedStateField[] | undefined): readonly RangedField[] {
  if (fields === undefined) return [];
  return fields.filter((f) => f.element === undefined).map(({ name, type }) => ({ name, ...integerBounds(type) }));
}

/** Whether `value` is an integer within `b` (null passes where the type is `T | null`). */
export function inBounds(value: unknown, b: IntegerBounds): boolean {
  if (value === null) return b.nullable;
  if (b.big) return typeof value === 'bigint' && value >= b.min && value <= b.max;
  return typeof value === 'number' && Number.isInteger(value) && value >= b.minNumber && value <= b.maxNumber;
}

/**
 * The error for the first integer field of `state` out of its type's range, or undefined. `handler.handlerName`
 * names the handler in the message, read only when a field is out of range (a task builds it on demand);
 * `consequence` ends it.
 */
export function rangeError(
  state: object,
  fields: readonly RangedField[],
  handler: { readonly handlerName: string },
  consequence = ROLLED_BACK,
): RuntimeError | undefined {
  for (const f of fields) {
    const error = fieldError(state, f, handler, consequence);
    if (error !== undefined) return error;
  }
  return undefined;
}

/** The error for one integer field of `state` out of its type's range, or undefined (see {@link rangeError}). */
function fieldError(
  state: object,
  f: RangedField,
  handler: { readonly handlerName: string },
  consequence: string,
): RuntimeError | undefined {
  const value = (state as Record<string, unknown>)[f.name];
  // An optional field left unset is undefined; a `T | null` field may hold null. Neither is a number to range-check.
  if (value === undefined || (value === null && f.nullable)) return undefined;
  let ok: boolean;
  if (f.big) ok = typeof value === 'bigint' && value >= f.min && value <= f.max;
  else ok = typeof value === 'number' && Number.isInteger(value) && value >= f.minNumber && value <= f.maxNumber;
  if (ok) return undefined;
  return new RuntimeError(
    'RUNTIME_STATE_OUT_OF_RANGE',
    `${handler.handlerName}: state field "${f.name}" (${f.type}) ${problem(value, f)}; ${consequence}`,
  );
}

/**
 * The error for the first integer field the segment wrote (an OP_PROP entry on `instance` in its `journal`) out of
 * range, or undefined. A field it did not write holds what the last commit left: a value out of range from before
 * (written past the check) does not fail the segments that leave it alone.
 */
export function writtenRangeError(
  instance: object,
  fields: readonly RangedField[],
  journal: readonly unknown[],
  handler: { readonly handlerName: string },
  consequence = ROLLED_BACK,
): RuntimeError | undefined {
  // Each write is checked where the journal names it, without collecting the fields first: a field written twice is
  // read twice, which costs less than the list a handler writing one counter would allocate on every message.
  for (let i = 0; i < journal.length; i += 5) {
    if (journal[i + 1] !== instance || journal[i] !== OP_PROP) continue;
    const key = journal[i + 2];
    for (const f of fields) {
      if (f.name !== key) continue;
      const error = fieldError(instance, f, handler, consequence);
      if (error !== undefined) return error;
    }
  }
  return undefined;
}

/**
 * What is wrong with `value` as an integer of type `b`: the wrong JavaScript kind, not an integer, or out of range.
 * `where` places an element of a collection (` at key 0x…`, ` at index 2`), empty for a field itself.
 */
export function problem(value: unknown, b: IntegerBounds, where = ''): string {
  const int = b.nullable ? b.type.slice(0, -NULLABLE.length) : b.type;
  if (b.big && typeof value === 'number' && Number.isSafeInteger(value)) {
    return `holds the number ${value}${where}, but ${int} is a bigint: write ${value}n (or BigInt(x))`;
  }
  if (!b.big && typeof value === 'bigint') {
    return `holds the bigint ${value}n${where}, but ${int} is a number: write ${value} (or Number(x))`;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) return `holds ${value}${where}, which is not an integer`;
  if (value === null) {
    return `holds null${where}, which only ${where === '' ? 'a field' : 'elements'} declared \`${int} | null\` may hold`;
  }
  if (typeof value !== 'number' && typeof value !== 'bigint') return `holds ${kindOf(value)}${where}, not an integer`;
  const shown = typeof value === 'bigint' ? `${value}n` : String(value);
  return where === '' ? `is ${shown}, outside ${b.min}..${b.max}` : `holds ${shown}${where}, outside ${b.min}..${b.max}`;
}

/** `a string`, `an object`, `undefined`: the kind of a value that is not a number, for messages. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  const t = typeof value;
  return `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`;
}
