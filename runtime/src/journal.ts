import { CONTEXT_SLOT } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';

// Undo journal for actor state. Handlers run with `this` = a proxy of the
// actor instance; writes through it (and through proxies of the nested
// objects, arrays, Maps, Sets, typed arrays and Dates reached from it) record
// the old value before changing the target. Commit drops the journal;
// rollback replays it backwards. Cost: proportional to the writes of the
// segment, never to the size of the state.

/** Who owns a tracked object graph: one actor, with its current segment mode. */
export interface StateOwner {
  /** Whether one of the owner's segments is running (writes outside are refused). */
  readonly inSegment: boolean;
  /** Whether the running segment is read-only (a query). */
  readonly readOnly: boolean;
  /** Set when a read-only segment tried to write, even if the handler caught the error. */
  mutationAttempted: boolean;
  /** The undo entries of the running segment, 5 slots each. */
  readonly journal: unknown[];
  /** `Program` name for error messages. */
  readonly label: string;
}

const OP_PROP = 0;
const OP_MAP = 1;
const OP_SET = 2;
const OP_MAP_CLEAR = 3;
const OP_SET_CLEAR = 4;
const OP_COPY = 5;
const OP_DATE = 6;

const hasOwn = Object.prototype.hasOwnProperty;
const TYPED_MUTATORS = new Set(['set', 'fill', 'copyWithin', 'reverse', 'sort']);

function guard(owner: StateOwner): void {
  if (!owner.inSegment) {
    throw new RuntimeError(
      'RUNTIME_LATE_WRITE',
      `${owner.label}: state written outside an execution segment (a handler awaited something that is not a runtime operation)`,
    );
  }
  if (owner.readOnly) {
    owner.mutationAttempted = true;
    throw new RuntimeError('RUNTIME_QUERY_MUTATED', `${owner.label}: a query tried to change state`);
  }
}

type AnyMap = Map<unknown, unknown>;
type AnySet = Set<unknown>;
type Bytes = { slice(): Bytes; set(src: Bytes): void; [i: number]: unknown };

/** Tracks the object graphs of the actors of one system; one per system. */
export class StateTracker {
  private readonly proxies = new WeakMap<object, object>();
  private readonly targets = new WeakMap<object, object>();

  /** The proxy of `value` owned by `owner` (primitives and functions pass through). */
  wrap(owner: StateOwner & { traps?: ProxyHandler<object> }, value: object): object {
    const cached = this.proxies.get(value);
    if (cached !== undefined) return cached;
    if (this.targets.has(value)) return value;
    let handler: ProxyHandler<object>;
    if (value instanceof Map) handler = new MapTraps(this, owner, value);
    else if (value instanceof Set) handler = new SetTraps(this, owner, value);
    else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) handler = new MethodTraps(owner, value, 'bytes');
    else if (value instanceof Date) handler = new MethodTraps(owner, value, 'date');
    else if (
      value instanceof Promise ||
      value instanceof WeakMap ||
      value instanceof WeakSet ||
      value instanceof RegExp ||
      value instanceof ArrayBuffer
    ) {
      return value;
    } else {
      owner.traps ??= new ObjectTraps(this, owner);
      handler = owner.traps;
    }
    const proxy = new Proxy(value, handler);
    this.proxies.set(value, proxy);
    this.targets.set(proxy, value);
    return proxy;
  }

  /** The raw object behind a proxy (anything else unchanged): state never stores proxies. */
  unwrap<T>(value: T): T {
    if (typeof value === 'object' && value !== null) {
      const target = this.targets.get(value);
      if (target !== undefined) return target as T;
    }
    return value;
  }

  /** Forgets the journal: the segment's writes stay. */
  static commit(owner: StateOwner): void {
    owner.journal.length = 0;
  }

  /** Undoes every write of the segment, newest first. */
  static rollback(owner: StateOwner): void {
    const j = owner.journal;
    for (let i = j.length - 5; i >= 0; i -= 5) {
      const op = j[i] as number;
      const target = j[i + 1] as object;
      const key = j[i + 2];
      const had = j[i + 3] as boolean;
      const old = j[i + 4];
      switch (op) {
        case OP_PROP:
          if (had) (target as Record<PropertyKey, unknown>)[key as PropertyKey] = old;
          else delete (target as Record<PropertyKey, unknown>)[key as PropertyKey];
          break;
        case OP_MAP:
          if (had) (target as AnyMap).set(key, old);
          else (target as AnyMap).delete(key);
          break;
        case OP_SET:
          if (had) (target as AnySet).add(key);
          else (target as AnySet).delete(key);
          break;
        case OP_MAP_CLEAR:
          for (const [k, v] of key as [unknown, unknown][]) (target as AnyMap).set(k, v);
          break;
        case OP_SET_CLEAR:
          for (const v of key as unknown[]) (target as AnySet).add(v);
          break;
        case OP_COPY:
          (target as Bytes).set(old as Bytes);
          break;
        case OP_DATE:
          (target as Date).setTime(old as number);
          break;
      }
    }
    j.length = 0;
  }
}

class ObjectTraps implements ProxyHandler<object> {
  constructor(
    private readonly tracker: StateTracker,
    private readonly owner: StateOwner,
  ) {}

  get(target: object, key: string | symbol, receiver: unknown): unknown {
    // `this.ctx` reads the context slot on every runtime call: it is an own data property, no receiver needed.
    if (key === CONTEXT_SLOT) return (target as Record<symbol, unknown>)[key];
    // Only own properties are state; methods and getters come from the prototype (getters run with this = proxy).
    if (typeof key === 'symbol' || !hasOwn.call(target, key)) return Reflect.get(target, key, receiver);
    const value = (target as Record<string, unknown>)[key];
    if (typeof value !== 'object' || value === null) return value;
    return this.tracker.wrap(this.owner, value);
  }

  set(target: object, key: string | symbol, value: unknown, receiver: unknown): boolean {
    const t = target as Record<PropertyKey, unknown>;
    if (typeof key === 'symbol') {
      t[key] = value;
      return true;
    }
    guard(this.owner);
    const raw = this.tracker.unwrap(value);
    // Writing an index can grow an array: remember its length first (undone last).
    if (key !== 'length' && Array.isArray(target)) this.owner.journal.push(OP_PROP, target, 'length', true, target.length);
    if (hasOwn.call(target, key)) {
      this.owner.journal.push(OP_PROP, target, key, true, t[key]);
      t[key] = raw;
      return true;
    }
    // A setter on the prototype runs with this = proxy; a new property goes through defineProperty.
    return Reflect.set(target, key, raw, receiver);
  }

  defineProperty(target: object, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    if (typeof key !== 'symbol') {
      guard(this.owner);
      if (key !== 'length' && Array.isArray(target)) this.owner.journal.push(OP_PROP, target, 'length', true, target.length);
      const had = hasOwn.call(target, key);
      this.owner.journal.push(OP_PROP, target, key, had, had ? (target as Record<string, unknown>)[key] : undefined);
      if ('value' in descriptor) descriptor = { ...descriptor, value: this.tracker.unwrap(descriptor.value) };
    }
    return Reflect.defineProperty(target, key, descriptor);
  }

  deleteProperty(target: object, key: string | symbol): boolean {
    if (typeof key !== 'symbol' && hasOwn.call(target, key)) {
      guard(this.owner);
      this.owner.journal.push(OP_PROP, target, key, true, (target as Record<string, unknown>)[key]);
    }
    return Reflect.deleteProperty(target, key);
  }
}

class MapTraps implements ProxyHandler<object> {
  private readonly methods: Record<string | symbol, unknown>;

  constructor(tracker: StateTracker, owner: StateOwner, map: AnyMap) {
    const wrap = (v: unknown): unknown => (typeof v === 'object' && v !== null ? tracker.wrap(owner, v) : v);
    const un = (v: unknown): unknown => tracker.unwrap(v);
    function* wrappedEntries(): IterableIterator<[unknown, unknown]> {
      for (const [k, v] of map) yield [k, wrap(v)];
    }
    function* wrappedValues(): IterableIterator<unknown> {
      for (const v of map.values()) yield wrap(v);
    }
    const methods: Record<string | symbol, unknown> = {
      get: (k: unknown) => wrap(map.get(un(k))),
      has: (k: unknown) => map.has(un(k)),
      set(this: unknown, k: unknown, v: unknown) {
        guard(owner);
        const key = un(k);
        // One lookup when the key is present (the common case in big maps, where each lookup is a cache miss).
        const old = map.get(key);
        owner.journal.push(OP_MAP, map, key, old !== undefined || map.has(key), old);
        map.set(key, un(v));
        return this;
      },
      delete: (k: unknown) => {
        const key = un(k);
        const old = map.get(key);
        if (old === undefined && !map.has(key)) return false;
        guard(owner);
        owner.journal.push(OP_MAP, map, key, true, old);
        return map.delete(key);
      },
      clear: () => {
        if (map.size === 0) return;
        guard(owner);
        owner.journal.push(OP_MAP_CLEAR, map, [...map], false, undefined);
        map.clear();
      },
      forEach(this: unknown, cb: (v: unknown, k: unknown, m: unknown) => void, thisArg?: unknown) {
        map.forEach((v, k) => {
          cb.call(thisArg, wrap(v), k, this);
        });
      },
      keys: () => map.keys(),
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

class SetTraps implements ProxyHandler<object> {
  private readonly methods: Record<string | symbol, unknown>;

  constructor(tracker: StateTracker, owner: StateOwner, set: AnySet) {
    const un = (v: unknown): unknown => tracker.unwrap(v);
    this.methods = {
      has: (v: unknown) => set.has(un(v)),
      add(this: unknown, v: unknown) {
        const value = un(v);
        if (!set.has(value)) {
          guard(owner);
          owner.journal.push(OP_SET, set, value, false, undefined);
          set.add(value);
        }
        return this;
      },
      delete: (v: unknown) => {
        const value = un(v);
        if (!set.has(value)) return false;
        guard(owner);
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
          cb.call(thisArg, v, v, this);
        });
      },
      keys: () => set.keys(),
      values: () => set.values(),
      entries: () => set.entries(),
      [Symbol.iterator]: () => set.values(),
    };
  }

  get(target: object, key: string | symbol): unknown {
    if (key === 'size') return (target as AnySet).size;
    const method = this.methods[key];
    return method !== undefined ? method : Reflect.get(target, key, target);
  }
}

/** Typed arrays and Dates: methods run on the target; mutators record a copy (bytes) or the old time (dates). */
class MethodTraps implements ProxyHandler<object> {
  private readonly cache = new Map<string | symbol, unknown>();

  constructor(
    private readonly owner: StateOwner,
    private readonly target: object,
    private readonly kind: 'bytes' | 'date',
  ) {}

  get(target: object, key: string | symbol): unknown {
    const value = Reflect.get(target, key, target);
    if (typeof value !== 'function') return value;
    let method = this.cache.get(key);
    if (method === undefined) {
      const owner = this.owner;
      const self = this.target;
      const fn = value as (...args: unknown[]) => unknown;
      const mutates = typeof key === 'string' && (this.kind === 'bytes' ? TYPED_MUTATORS.has(key) : key.startsWith('set'));
      const kind = this.kind;
      method = mutates
        ? (...args: unknown[]) => {
            guard(owner);
            if (kind === 'bytes') owner.journal.push(OP_COPY, self, undefined, true, (self as Bytes).slice());
            else owner.journal.push(OP_DATE, self, undefined, true, (self as Date).getTime());
            return fn.apply(self, args);
          }
        : (...args: unknown[]) => fn.apply(self, args);
      this.cache.set(key, method);
    }
    return method;
  }

  set(target: object, key: string | symbol, value: unknown): boolean {
    const t = target as Record<PropertyKey, unknown>;
    if (typeof key !== 'symbol') {
      guard(this.owner);
      this.owner.journal.push(OP_PROP, target, key, hasOwn.call(target, key), t[key]);
    }
    t[key] = value;
    return true;
  }
}
