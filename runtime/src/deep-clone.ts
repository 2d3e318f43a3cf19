import { CONTEXT_SLOT } from '@sprocket/sdk';
import { rawState } from './state-proxies.js';

/**
 * Copies actor state deeply, keeping prototypes (class instances stay
 * instances), Maps, Sets, arrays, Dates and typed arrays; shared references
 * and cycles are preserved. Functions are shared; the context slot is dropped.
 * Iterative: a linked list of any length copies without growing the stack.
 */
export function deepClone<T>(value: T, seen: Map<object, unknown> = new Map()): T {
  if (typeof value !== 'object' || value === null) return value;
  const fills: (() => void)[] = [];
  const copy = (given: unknown): unknown => {
    if (typeof given !== 'object' || given === null) return given;
    // A proxy of state stored in state is the object it stands for: one object, one copy.
    const v = rawState(given);
    const hit = seen.get(v);
    if (hit !== undefined) return hit;
    const shell = shellOf(v, fills, copy);
    seen.set(v, shell);
    return shell;
  };
  const root = copy(value);
  for (let fill = fills.pop(); fill !== undefined; fill = fills.pop()) fill();
  return root as T;
}

/** An empty copy of `v` (complete for leaves); filling it with copied children is queued on `fills`. */
function shellOf(v: object, fills: (() => void)[], copy: (v: unknown) => unknown): object {
  if (v instanceof Map) {
    const m = new Map();
    fills.push(() => {
      for (const [k, x] of v) m.set(copy(k), copy(x));
    });
    return m;
  }
  if (v instanceof Set) {
    const s = new Set();
    fills.push(() => {
      for (const x of v) s.add(copy(x));
    });
    return s;
  }
  if (v instanceof Date) {
    // A Date of contract code may be a subclass (the node's block-time Date): the copy keeps its class.
    const d = new Date(v.getTime());
    const proto = Object.getPrototypeOf(v) as object;
    if (proto !== Date.prototype) Object.setPrototypeOf(d, proto);
    return d;
  }
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): object }).slice();
  if (Array.isArray(v)) {
    const a: unknown[] = new Array(v.length);
    fills.push(() => {
      for (let i = 0; i < v.length; i++) if (i in v) a[i] = copy(v[i]);
    });
    return a;
  }
  const o = Object.create(Object.getPrototypeOf(v)) as object;
  fills.push(() => {
    for (const key of Reflect.ownKeys(v)) {
      if (key === CONTEXT_SLOT) continue;
      const desc = Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor;
      if ('value' in desc) desc.value = copy(desc.value);
      Object.defineProperty(o, key, desc);
    }
  });
  return o;
}
