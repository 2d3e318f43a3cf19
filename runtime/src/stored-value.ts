import { listFresh } from './kept-references.js';
import { type RefusalSite, SYMBOL_KEY_REASON, stateRefused, unstorable } from './state-rules.js';

// What a handler stores into actor state is checked as a whole, not only its top object: an ArrayBuffer, a Promise
// or a function nested in a fresh object would otherwise enter state unseen (writes through a nested buffer skip the
// journal and survive a rollback), and an array with holes (`new Array(2 ** 32 - 1)`, `a[1e9] = 1`) costs one write
// but makes every later walk over the state (range checks, snapshots, state roots) run over its whole length.
// The walk covers only what is new: objects already in state were checked when they came in. A symbol is refused as a
// value and as a key: it has no stored form (state-rules.ts).

const hasOwn = Object.prototype.hasOwnProperty;
const mapForEach = Map.prototype.forEach;
const setForEach = Set.prototype.forEach;

/** Why an array cannot be state (it has holes), or undefined. Stops at the first hole: never walks a sparse length. */
export function arrayHoles(array: readonly unknown[]): string | undefined {
  const n = array.length;
  for (let i = 0; i < n; i++) {
    if (!hasOwn.call(array, i)) return `an array with holes (length ${n}, nothing at index ${i}); build arrays by pushing items`;
  }
  return undefined;
}

/**
 * Throws RUNTIME_STATE_REFUSED when `value`, or anything new reachable from it, cannot be state. `isState` tells
 * objects already in state (not walked again), so moving state from one field to another costs nothing.
 */
export function checkStoredValue(
  site: RefusalSite,
  field: PropertyKey | undefined,
  value: unknown,
  isState: (o: object) => boolean,
  owner?: object,
): void {
  if (typeof value !== 'object' || value === null) {
    const why = unstorable(value);
    if (why !== undefined) throw stateRefused(site, field, `cannot hold ${why}`);
    return;
  }
  if (isState(value)) return;
  const seen = new Set<object>();
  const stack: object[] = [value];
  const visit = (v: unknown): void => {
    if (typeof v === 'object') {
      if (v !== null && !seen.has(v) && !isState(v)) stack.push(v);
    } else if (typeof v === 'function' || typeof v === 'symbol') {
      throw stateRefused(site, field, `cannot hold ${unstorable(v)} (nested in the value written)`);
    }
  };
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (seen.has(v)) continue;
    seen.add(v);
    const why = unstorable(v) ?? (Array.isArray(v) ? arrayHoles(v) : undefined);
    if (why !== undefined) throw stateRefused(site, field, `cannot hold ${why}${v === value ? '' : ' (nested in the value written)'}`);
    // A typed array's own keys are its elements (walking them costs its length): its other properties are not checked.
    if (ArrayBuffer.isView(v)) continue;
    if (v instanceof Date || v instanceof Map || v instanceof Set) {
      // Their data is their time or their entries: a property of their own would be kept past what state roots and
      // checkpoints see (and a write to it once in state is refused, journal.ts and collection-traps.ts).
      const own = Reflect.ownKeys(v)[0];
      if (own !== undefined) {
        const kind = v instanceof Date ? 'a Date' : v instanceof Map ? 'a Map' : 'a Set';
        throw stateRefused(site, field, `cannot hold ${kind} with a property of its own (${String(own)}); keep it in a field beside it`);
      }
      if (v instanceof Date) continue;
    }
    if (v instanceof Map) {
      mapForEach.call(v, (x: unknown, k: unknown) => {
        visit(k);
        visit(x);
      });
    } else if (v instanceof Set) {
      setForEach.call(v, (x: unknown) => visit(x));
    }
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key === 'symbol') {
        throw stateRefused(
          site,
          field,
          `cannot hold a property keyed by a symbol (${String(key)}, nested in the value written): ${SYMBOL_KEY_REASON}`,
        );
      }
      const d = Reflect.getOwnPropertyDescriptor(v, key);
      if (d === undefined) continue;
      if (!('value' in d)) throw stateRefused(site, field, `cannot hold a getter or setter (${String(key)}, nested in the value written)`);
      if (d.writable === false || d.configurable === false) {
        if (Array.isArray(v) && key === 'length') continue;
        throw stateRefused(
          site,
          field,
          `cannot hold a read-only or non-configurable property (${String(key)}, nested in the value written)`,
        );
      }
      visit(d.value);
    }
  }
  // What the handler stored new it may still hold after an await (kept-references.ts): listed for its owner.
  if (owner !== undefined) listFresh(owner, seen);
}
