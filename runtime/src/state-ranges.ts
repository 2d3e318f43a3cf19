import type { GeneratedStateField } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';

/** An integer state field with its bounds, checked when a segment commits. */
export interface RangedField {
  readonly name: string;
  readonly type: GeneratedStateField['type'];
  readonly min: bigint;
  readonly max: bigint;
  /** Held as a bigint (64 bits and more) rather than a number. */
  readonly big: boolean;
  /** `min` and `max` as numbers, for the fields held as numbers (converted once, not per check). */
  readonly minNumber: number;
  readonly maxNumber: number;
  /** Declared `T | null`: null is a value of the field, not a wrong kind. */
  readonly nullable: boolean;
}

const NULLABLE = ' | null';

/** The bounds of the integer state fields a generated definition lists. */
export function rangedFields(fields: readonly GeneratedStateField[] | undefined): readonly RangedField[] {
  if (fields === undefined) return [];
  return fields.map(({ name, type }) => {
    const nullable = type.endsWith(NULLABLE);
    const int = nullable ? type.slice(0, -NULLABLE.length) : type;
    const bits = BigInt(int.slice(1));
    const signed = int.startsWith('i');
    const min = signed ? -(1n << (bits - 1n)) : 0n;
    const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
    return { name, type, min, max, big: bits >= 64n, minNumber: Number(min), maxNumber: Number(max), nullable };
  });
}

/**
 * The error for the first integer field of `state` out of its type's range, or undefined. `handler.handlerName`
 * names the handler in the message, read only when a field is out of range (a task builds it on demand).
 */
export function rangeError(
  state: object,
  fields: readonly RangedField[],
  handler: { readonly handlerName: string },
): RuntimeError | undefined {
  for (const f of fields) {
    const value = (state as Record<string, unknown>)[f.name];
    // An optional field left unset is undefined; a `T | null` field may hold null. Neither is a number to range-check.
    if (value === undefined || (value === null && f.nullable)) continue;
    let ok: boolean;
    if (f.big) ok = typeof value === 'bigint' && value >= f.min && value <= f.max;
    else ok = typeof value === 'number' && Number.isInteger(value) && value >= f.minNumber && value <= f.maxNumber;
    if (!ok) {
      return new RuntimeError(
        'RUNTIME_STATE_OUT_OF_RANGE',
        `${handler.handlerName}: state field "${f.name}" (${f.type}) ${problem(value, f)}; the segment is rolled back`,
      );
    }
  }
  return undefined;
}

/** What is wrong with `value` as the integer field `f`: the wrong JavaScript kind, not an integer, or out of range. */
function problem(value: unknown, f: RangedField): string {
  const int = f.nullable ? f.type.slice(0, -NULLABLE.length) : f.type;
  if (f.big && typeof value === 'number' && Number.isSafeInteger(value)) {
    return `holds the number ${value}, but ${int} is a bigint: write ${value}n (or BigInt(x))`;
  }
  if (!f.big && typeof value === 'bigint') return `holds the bigint ${value}n, but ${int} is a number: write ${value} (or Number(x))`;
  if (typeof value === 'number' && !Number.isInteger(value)) return `holds ${value}, which is not an integer`;
  if (value === null) return `holds null, which only a field declared \`${int} | null\` may hold`;
  if (typeof value !== 'number' && typeof value !== 'bigint') return `holds a ${typeof value}, not an integer`;
  const shown = typeof value === 'bigint' ? `${value}n` : String(value);
  return `is ${shown}, outside ${f.min}..${f.max}`;
}
