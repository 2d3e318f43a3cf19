import {
  type AnyMap,
  type AnySet,
  guard,
  OP_MAP,
  OP_MAP_CLEAR,
  OP_ORDER,
  OP_SET,
  OP_SET_CLEAR,
  Refusals,
  type StateOwner,
  type StateWrapper,
  undoClock,
} from './journal-entries.js';
import { ownPropertyRefused } from './state-rules.js';
import { checkStoredValue } from './stored-value.js';

// Proxies of the Maps and Sets in actor state: their mutators journal the entry they change before changing it.

/** A key no Map holds: an empty {@link RecentEntry}. */
const NO_KEY = Symbol('no key');

/** The entry a Map's proxy read or wrote last, with the {@link undoClock} it was seen in. */
interface RecentEntry {
  key: unknown;
  value: unknown;
  epoch: number;
}

/** Before the first delete from a Map or Set in a segment: remember its order (rollback re-adds in place). */
class OrderKeeper {
  private saved: unknown[] | undefined = undefined;
  private at = -1;

  save(owner: StateOwner, target: AnyMap | AnySet): void {
    const j = owner.journal;
    const at = this.at;
    if (this.saved !== undefined && at >= 0 && at < j.length && j[at + 2] === this.saved) return;
    this.saved = [...target.keys()];
    this.at = j.length;
    j.push(OP_ORDER, target, this.saved, true, undefined);
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Refusals shared by the proxies of Maps and Sets: they hold entries only. A property of a Map's own (`m.extra = 1`,
 * `m[sym] = 1`) was written past the journal (it survived a rollback), and state roots and checkpoints never see it.
 */
class EntriesOnly extends Refusals {
  set(_target: object, key: string | symbol): boolean {
    throw propertyRefused(this.owner, key);
  }

  defineProperty(_target: object, key: string | symbol): boolean {
    throw propertyRefused(this.owner, key);
  }

  deleteProperty(target: object, key: string | symbol): boolean {
    if (hasOwn.call(target, key)) throw propertyRefused(this.owner, key);
    return true;
  }
}

/** The refusal of a property written on a Map or Set of state. */
function propertyRefused(owner: StateOwner, key: string | symbol): Error {
  return ownPropertyRefused(owner, key, 'a Map or Set', 'entries', 'use set() or add()');
}

export class MapTraps extends EntriesOnly implements ProxyHandler<object> {
  private readonly methods: Record<string | symbol, unknown>;

  constructor(tracker: StateWrapper, owner: StateOwner, map: AnyMap) {
    super(owner);
    const wrap = (v: unknown): unknown => (typeof v === 'object' && v !== null ? tracker.wrap(owner, v) : v);
    const un = (v: unknown): unknown => tracker.unwrap(v);
    const known = tracker.isTracked;
    const order = new OrderKeeper();
    const recent: RecentEntry = { key: NO_KEY, value: undefined, epoch: -1 };
    function* wrappedEntries(): IterableIterator<[unknown, unknown]> {
      for (const [k, v] of map) yield [wrap(k), wrap(v)];
    }
    function* wrappedKeys(): IterableIterator<unknown> {
      for (const k of map.keys()) yield wrap(k);
    }
    function* wrappedValues(): IterableIterator<unknown> {
      for (const v of map.values()) yield wrap(v);
    }
    const methods: Record<string | symbol, unknown> = {
      get: (k: unknown) => {
        const key = un(k);
        const value = map.get(key);
        recent.key = key;
        recent.value = value;
        recent.epoch = undoClock.epoch;
        return wrap(value);
      },
      has: (k: unknown) => map.has(un(k)),
      set(this: unknown, k: unknown, v: unknown) {
        guard(owner);
        const key = un(k);
        const value = un(v);
        if (typeof key === 'object' || typeof key === 'function' || typeof key === 'symbol')
          checkStoredValue(owner, 'Map key', key, known, owner);
        if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') {
          checkStoredValue(owner, 'Map value', value, known, owner);
        }
        // Read-modify-write (`m.set(k, f(m.get(k)))`) journals the value its read saw: in a big map every lookup is a
        // cache miss. Otherwise one lookup when the key is present.
        const old = recent.key === key && recent.epoch === undoClock.epoch ? recent.value : map.get(key);
        owner.journal.push(OP_MAP, map, key, old !== undefined || map.has(key), old);
        map.set(key, value);
        recent.key = key;
        recent.value = value;
        recent.epoch = undoClock.epoch;
        return this;
      },
      delete: (k: unknown) => {
        recent.key = NO_KEY;
        const key = un(k);
        const old = map.get(key);
        if (old === undefined && !map.has(key)) return false;
        guard(owner);
        order.save(owner, map);
        owner.journal.push(OP_MAP, map, key, true, old);
        return map.delete(key);
      },
      clear: () => {
        recent.key = NO_KEY;
        if (map.size === 0) return;
        guard(owner);
        owner.journal.push(OP_MAP_CLEAR, map, [...map], false, undefined);
        map.clear();
      },
      forEach(this: unknown, cb: (v: unknown, k: unknown, m: unknown) => void, thisArg?: unknown) {
        map.forEach((v, k) => {
          cb.call(thisArg, wrap(v), wrap(k), this);
        });
      },
      keys: wrappedKeys,
      values: wrappedValues,
      entries: wrappedEntries,
      [Symbol.iterator]: wrappedEntries,
    };
    this.methods = methods;
  }

  get(target: object, key: string | symbol): unknown {
    if (key === 'size') return (target as AnyMap).size;
    const method = this.methods[key];
    return method !== undefined ? method : Reflect.get(target, key, target);
  }
}

export class SetTraps extends EntriesOnly implements ProxyHandler<object> {
  private readonly methods: Record<string | symbol, unknown>;

  constructor(tracker: StateWrapper, owner: StateOwner, set: AnySet) {
    super(owner);
    const wrap = (v: unknown): unknown => (typeof v === 'object' && v !== null ? tracker.wrap(owner, v) : v);
    const un = (v: unknown): unknown => tracker.unwrap(v);
    const known = tracker.isTracked;
    const order = new OrderKeeper();
    function* wrappedValues(): IterableIterator<unknown> {
      for (const v of set) yield wrap(v);
    }
    function* wrappedEntries(): IterableIterator<[unknown, unknown]> {
      for (const v of set) {
        const w = wrap(v);
        yield [w, w];
      }
    }
    this.methods = {
      has: (v: unknown) => set.has(un(v)),
      add(this: unknown, v: unknown) {
        const value = un(v);
        if (!set.has(value)) {
          guard(owner);
          if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') {
            checkStoredValue(owner, 'Set item', value, known, owner);
          }
          owner.journal.push(OP_SET, set, value, false, undefined);
          set.add(value);
        }
        return this;
      },
      delete: (v: unknown) => {
        const value = un(v);
        if (!set.has(value)) return false;
        guard(owner);
        order.save(owner, set);
        owner.journal.push(OP_SET, set, value, true, undefined);
        return set.delete(value);
      },
      clear: () => {
        if (set.size === 0) return;
        guard(owner);
        owner.journal.push(OP_SET_CLEAR, set, [...set], false, undefined);
        set.clear();
      },
      forEach(this: unknown, cb: (v: unknown, k: unknown, s: unknown) => void, thisArg?: unknown) {
        set.forEach((v) => {
          const w = wrap(v);
          cb.call(thisArg, w, w, this);
        });
      },
      keys: wrappedValues,
      values: wrappedValues,
      entries: wrappedEntries,
      [Symbol.iterator]: wrappedValues,
    };
  }

  get(target: object, key: string | symbol): unknown {
    if (key === 'size') return (target as AnySet).size;
    const method = this.methods[key];
    return method !== undefined ? method : Reflect.get(target, key, target);
  }
}
