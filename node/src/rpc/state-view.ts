// `actor_get`'s `state`: an actor's fields as JSON, for the explorer and other readers. The instance lives in the
// contract's vm context, so values are recognised by their internal class (`instanceof` does not cross realms), and
// only own data properties are read: no getter of contract code runs. Large state is cut, so the view costs what it
// shows, not what the actor holds.
import { types } from 'node:util';
import { rawState } from '@sprocket/runtime';
import { toHex } from '@sprocket/sdk';

/** How much of the state a view shows. */
export interface StateViewLimits {
  /** Items shown of each Map, Set or array (then a `"… N more"` marker). */
  readonly items: number;
  /** Nesting shown (deeper values become `"…"`). */
  readonly depth: number;
  /** Characters shown of a string, and bytes shown of a byte array. */
  readonly chars: number;
}

/** What `actor_get` shows by default. */
export const STATE_VIEW_LIMITS: StateViewLimits = { items: 50, depth: 6, chars: 200 };

const classOf = (value: object): string => Object.prototype.toString.call(value).slice(8, -1);
const mapEntries = Map.prototype.entries;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')?.get as (this: Map<unknown, unknown>) => number;
const setValues = Set.prototype.values;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')?.get as (this: Set<unknown>) => number;
const dateTime = Date.prototype.getTime;

function more(shown: unknown[], total: number): unknown[] {
  if (total > shown.length) shown.push(`… ${total - shown.length} more`);
  return shown;
}

function cut(text: string, limits: StateViewLimits): string {
  return text.length > limits.chars ? `${text.slice(0, limits.chars)}… (${text.length} characters)` : text;
}

/** The JSON view of one value of state. */
function view(given: unknown, limits: StateViewLimits, depth: number): unknown {
  // A proxy of state stored in state is shown as the object it stands for (runtime state-proxies.ts).
  const value = rawState(given);
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'string':
      return cut(value, limits);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return `(${typeof value})`;
  }
  if (value === null) return null;
  // Any other proxy's traps would be contract code running here: it is named, not read.
  if (types.isProxy(value)) return '(proxy)';
  if (depth >= limits.depth) return '…';
  const next = depth + 1;
  switch (classOf(value)) {
    case 'Map': {
      const shown: unknown[] = [];
      for (const [k, v] of mapEntries.call(value as Map<unknown, unknown>)) {
        if (shown.length >= limits.items) break;
        shown.push([view(k, limits, next), view(v, limits, next)]);
      }
      return more(shown, mapSize.call(value as Map<unknown, unknown>));
    }
    case 'Set': {
      const shown: unknown[] = [];
      for (const v of setValues.call(value as Set<unknown>)) {
        if (shown.length >= limits.items) break;
        shown.push(view(v, limits, next));
      }
      return more(shown, setSize.call(value as Set<unknown>));
    }
    case 'Array': {
      const array = value as unknown[];
      const shown: unknown[] = [];
      for (let i = 0; i < array.length && i < limits.items; i++) shown.push(view(ownValue(array, String(i)), limits, next));
      return more(shown, array.length);
    }
    case 'Uint8Array': {
      const bytes = value as Uint8Array;
      const hex = toHex(bytes.length > limits.chars ? bytes.subarray(0, limits.chars) : bytes);
      return bytes.length > limits.chars ? `${hex}… (${bytes.length} bytes)` : hex;
    }
    case 'Date': {
      // An invalid Date (`new Date(NaN)`) is state like any other; toISOString would throw on it.
      const time = dateTime.call(value as Date);
      return Number.isNaN(time) ? 'Invalid Date' : new Date(time).toISOString();
    }
    default:
      return fields(value, limits, next);
  }
}

/** An own data property's value; an accessor is not called. */
function ownValue(target: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(target, key);
  return d !== undefined && 'value' in d ? d.value : undefined;
}

/** Fields shown of one object (a record in state, or the actor itself). */
const MAX_FIELDS = 200;

function fields(target: object, limits: StateViewLimits, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let shown = 0;
  const keys = Object.keys(target);
  for (const key of keys) {
    if (shown >= MAX_FIELDS) {
      out['…'] = `${keys.length - shown} more fields`;
      break;
    }
    out[key] = view(ownValue(target, key), limits, depth);
    shown++;
  }
  return out;
}

/** The fields of an actor instance as JSON (bigints as decimal strings, Maps as `[key, value]` pairs), cut to `limits`. */
export function stateView(instance: object, limits: StateViewLimits = STATE_VIEW_LIMITS): Record<string, unknown> {
  return types.isProxy(instance) ? {} : fields(instance, limits, 0);
}
