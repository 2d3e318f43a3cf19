import { CONTEXT_SLOT } from '@sprocket/sdk';

/**
 * Copies actor state deeply, keeping prototypes (class instances stay
 * instances), Maps, Sets, arrays, Dates and typed arrays; shared references
 * and cycles are preserved. Functions are shared; the context slot is dropped.
 */
export function deepClone<T>(value: T, seen: Map<object, unknown> = new Map()): T {
  if (typeof value !== 'object' || value === null) return value;
  const hit = seen.get(value);
  if (hit !== undefined) return hit as T;
  let out: unknown;
  if (value instanceof Map) {
    const m = new Map();
    seen.set(value, m);
    for (const [k, v] of value) m.set(deepClone(k, seen), deepClone(v, seen));
    out = m;
  } else if (value instanceof Set) {
    const s = new Set();
    seen.set(value, s);
    for (const v of value) s.add(deepClone(v, seen));
    out = s;
  } else if (value instanceof Date) {
    out = new Date(value.getTime());
    seen.set(value, out);
  } else if (ArrayBuffer.isView(value)) {
    out = (value as unknown as { slice(): unknown }).slice();
    seen.set(value, out);
  } else if (Array.isArray(value)) {
    const a: unknown[] = [];
    seen.set(value, a);
    for (let i = 0; i < value.length; i++) a[i] = deepClone(value[i], seen);
    out = a;
  } else {
    const o = Object.create(Object.getPrototypeOf(value)) as Record<PropertyKey, unknown>;
    seen.set(value, o);
    for (const key of Reflect.ownKeys(value)) {
      if (key === CONTEXT_SLOT) continue;
      const desc = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
      if ('value' in desc) desc.value = deepClone(desc.value, seen);
      Object.defineProperty(o, key, desc);
    }
    out = o;
  }
  return out as T;
}

/**
 * Gives a new actor instance its own copy of every object its fields point
 * to: a class field initialised from a module-level value (`tags = DEFAULTS`)
 * would otherwise share that value with every other instance, and a write
 * through one actor would change the others (and escape their rollback).
 */
export function isolateFields(instance: object): void {
  const seen = new Map<object, unknown>();
  for (const key of Reflect.ownKeys(instance)) {
    if (key === CONTEXT_SLOT) continue;
    const desc = Object.getOwnPropertyDescriptor(instance, key);
    if (desc === undefined || !('value' in desc) || typeof desc.value !== 'object' || desc.value === null) continue;
    (instance as Record<PropertyKey, unknown>)[key] = deepClone(desc.value, seen);
  }
}
