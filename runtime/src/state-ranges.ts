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
}

/** The bounds of the integer state fields a generated definition lists. */
export function rangedFields(fields: readonly GeneratedStateField[] | undefined): readonly RangedField[] {
  if (fields === undefined) return [];
  return fields.map(({ name, type }) => {
    const bits = BigInt(type.slice(1));
    const signed = type.startsWith('i');
    const min = signed ? -(1n << (bits - 1n)) : 0n;
    const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
    return { name, type, min, max, big: bits >= 64n, minNumber: Number(min), maxNumber: Number(max) };
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
    if (value === undefined) continue;
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
  if (f.big && typeof value === 'number' && Number.isSafeInteger(value)) {
    return `holds the number ${value}, but ${f.type} is a bigint: write ${value}n (or BigInt(x))`;
  }
  if (!f.big && typeof value === 'bigint') return `holds the bigint ${value}n, but ${f.type} is a number: write ${value} (or Number(x))`;
  if (typeof value === 'number' && !Number.isInteger(value)) return `holds ${value}, which is not an integer`;
  if (typeof value !== 'number' && typeof value !== 'bigint') return `holds a ${typeof value}, not an integer`;
  const shown = typeof value === 'bigint' ? `${value}n` : String(value);
  return `is ${shown}, outside ${f.min}..${f.max}`;
}
