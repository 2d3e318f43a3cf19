import { CONTEXT_SLOT } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';
import { checkDescriptor, checkStorable, type RefusalSite, stateRefused } from './state-rules.js';

// Undo journal for actor state. Handlers run with `this` = a proxy of the
// actor instance; writes through it (and through proxies of the nested
// objects, arrays, Maps, Sets, typed arrays and Dates reached from it) record
// the old value before changing the target. Commit drops the journal;
// rollback replays it backwards and never throws. What the journal could not
// undo (freezing, accessors, prototypes, raw buffers) is refused at the proxy
// (state-rules.ts). Cost: proportional to the writes of the segment.

/** Who owns a tracked object graph: one actor, with its current segment mode. */
export interface StateOwner extends RefusalSite {
  /** Whether one of the owner's segments is running (writes outside are refused). */
  readonly inSegment: boolean;
  /** Whether the running segment is read-only (a query). */
  readonly readOnly: boolean;
  /** Set when a read-only segment tried to write, even if the handler caught the error. */
  mutationAttempted: boolean;
  /** Set when contract code read the context slot: the running task has been handed out (see Dispatcher's task reuse). */
  ctxRead: boolean;
  /** The undo entries of the running segment, 5 slots each. */
  readonly journal: unknown[];
}

const OP_PROP = 0;
const OP_MAP = 1;
const OP_SET = 2;
const OP_MAP_CLEAR = 3;
const OP_SET_CLEAR = 4;
const OP_COPY = 5;
const OP_DATE = 6;
/** The iteration order of a Map or Set before its first delete in the segment. */
const OP_ORDER = 7;

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

/** Undoes one journal entry. */
function undo(op: number, target: object, key: unknown, had: boolean, old: unknown): void {
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
      (target as AnyMap).clear();
      for (const [k, v] of key as [unknown, unknown][]) (target as AnyMap).set(k, v);
      break;
    case OP_SET_CLEAR:
      (target as AnySet).clear();
      for (const v of key as unknown[]) (target as AnySet).add(v);
      break;
    case OP_ORDER:
      if (target instanceof Map) {
        const now = new Map(target);
        target.clear();
        for (const k of key as unknown[]) target.set(k, now.get(k));
      } else {
        (target as AnySet).clear();
        for (const v of key as unknown[]) (target as AnySet).add(v);
      }
      break;
    case OP_COPY:
      (target as Bytes).set(old as Bytes);
      break;
    case OP_DATE:
      (target as Date).setTime(old as number);
      break;
  }
}

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
    else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) handler = new MethodTraps(this, owner, value, 'bytes');
    else if (value instanceof Date) handler = new MethodTraps(this, owner, value, 'date');
    else if (
      value instanceof Promise ||
      value instanceof WeakMap ||
      value instanceof WeakSet ||
      value instanceof RegExp ||
      value instanceof ArrayBuffer ||
      !Object.isExtensible(value)
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
    clearJournal(owner.journal);
  }

  /**
   * Undoes every write of the segment, newest first. Never throws: an entry
   * that cannot be undone (its write never happened) is skipped.
   */
  static rollback(owner: StateOwner): void {
    const j = owner.journal;
    for (let i = j.length - 5; i >= 0; i -= 5) {
      try {
        undo(j[i] as number, j[i + 1] as object, j[i + 2], j[i + 3] as boolean, j[i + 4]);
      } catch {
        // The write this entry guards failed itself (the proxy refuses what it could not undo).
      }
    }
    clearJournal(j);
  }
}

/**
 * Empties a journal, dropping its references. A short one is popped: setting `length = 0` frees the backing store,
 * which the next segment's first write allocates again (most segments write a few fields).
 */
export function clearJournal(j: unknown[]): void {
  let n = j.length;
  if (n > 64) j.length = 0;
  else while (n-- > 0) j.pop();
}

/** Refusals shared by every proxy of state: nothing may freeze it or change its prototype. */
class Refusals {
  constructor(protected readonly owner: StateOwner) {}

  preventExtensions(): boolean {
    throw stateRefused(this.owner, undefined, 'cannot be frozen, sealed or made non-extensible');
  }

  setPrototypeOf(): boolean {
    throw stateRefused(this.owner, undefined, 'cannot change its prototype (Object.setPrototypeOf)');
  }
}

class ObjectTraps extends Refusals implements ProxyHandler<object> {
  constructor(
    private readonly tracker: StateTracker,
    owner: StateOwner,
  ) {
    super(owner);
  }

  get(target: object, key: string | symbol, receiver: unknown): unknown {
    // `this.ctx` reads the context slot on every runtime call: it is an own data property, no receiver needed.
    if (key === CONTEXT_SLOT) {
      this.owner.ctxRead = true;
      return (target as Record<symbol, unknown>)[key];
    }
    // Only own properties are state; methods and getters come from the prototype (getters run with this = proxy).
    if (!hasOwn.call(target, key)) return Reflect.get(target, key, receiver);
    const value = (target as Record<PropertyKey, unknown>)[key];
    if (typeof value !== 'object' || value === null) return value;
    return this.tracker.wrap(this.owner, value);
  }

  getOwnPropertyDescriptor(target: object, key: string | symbol): PropertyDescriptor | undefined {
    if (key === CONTEXT_SLOT) this.owner.ctxRead = true;
    const d = Reflect.getOwnPropertyDescriptor(target, key);
    if (d !== undefined && d.configurable === true && typeof d.value === 'object' && d.value !== null && key !== CONTEXT_SLOT) {
      d.value = this.tracker.wrap(this.owner, d.value);
    }
    return d;
  }

  set(target: object, key: string | symbol, value: unknown, receiver: unknown): boolean {
    const t = target as Record<PropertyKey, unknown>;
    if (key === CONTEXT_SLOT) {
      t[key] = value;
      return true;
    }
    const owner = this.owner;
    guard(owner);
    const raw = this.tracker.unwrap(value);
    if (typeof raw === 'object' || typeof raw === 'function') checkStorable(owner, key, raw);
    const j = owner.journal;
    if (Array.isArray(target)) {
      if (key === 'length') journalTruncation(j, target, raw);
      // Writing an index can grow an array: remember its length first (undone last).
      else j.push(OP_PROP, target, 'length', true, target.length);
    }
    if (hasOwn.call(target, key)) {
      j.push(OP_PROP, target, key, true, t[key]);
      t[key] = raw;
      return true;
    }
    // A setter on the prototype runs with this = proxy; a new property goes through defineProperty.
    return Reflect.set(target, key, raw, receiver);
  }

  defineProperty(target: object, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    if (key !== CONTEXT_SLOT) {
      const owner = this.owner;
      guard(owner);
      const had = hasOwn.call(target, key);
      checkDescriptor(owner, key, descriptor, !had);
      if ('value' in descriptor) {
        descriptor = { ...descriptor, value: this.tracker.unwrap(descriptor.value) };
        checkStorable(owner, key, descriptor.value);
      }
      if (Array.isArray(target)) {
        if (key === 'length') journalTruncation(owner.journal, target, descriptor.value);
        else owner.journal.push(OP_PROP, target, 'length', true, target.length);
      }
      owner.journal.push(OP_PROP, target, key, had, had ? (target as Record<PropertyKey, unknown>)[key] : undefined);
    }
    return Reflect.defineProperty(target, key, descriptor);
  }

  deleteProperty(target: object, key: string | symbol): boolean {
    if (key !== CONTEXT_SLOT && hasOwn.call(target, key)) {
      guard(this.owner);
      this.owner.journal.push(OP_PROP, target, key, true, (target as Record<PropertyKey, unknown>)[key]);
    }
    return Reflect.deleteProperty(target, key);
  }
}

/** Shortening an array drops its tail: remember the dropped items (undone after the length). */
function journalTruncation(j: unknown[], array: unknown[], length: unknown): void {
  const n = typeof length === 'number' ? length : Number(length);
  if (!(n < array.length)) return;
  for (let i = array.length - 1; i >= n; i--) {
    if (hasOwn.call(array, i)) j.push(OP_PROP, array, String(i), true, array[i]);
  }
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

class MapTraps extends Refusals implements ProxyHandler<object> {
  private readonly methods: Record<string | symbol, unknown>;

  constructor(tracker: StateTracker, owner: StateOwner, map: AnyMap) {
    super(owner);
    const wrap = (v: unknown): unknown => (typeof v === 'object' && v !== null ? tracker.wrap(owner, v) : v);
    const un = (v: unknown): unknown => tracker.unwrap(v);
    const order = new OrderKeeper();
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
      get: (k: unknown) => wrap(map.get(un(k))),
      has: (k: unknown) => map.has(un(k)),
      set(this: unknown, k: unknown, v: unknown) {
        guard(owner);
        const key = un(k);
        const value = un(v);
        if (typeof key === 'object' || typeof key === 'function') checkStorable(owner, 'Map key', key);
        if (typeof value === 'object' || typeof value === 'function') checkStorable(owner, 'Map value', value);
        // One lookup when the key is present (the common case in big maps, where each lookup is a cache miss).
        const old = map.get(key);
        owner.journal.push(OP_MAP, map, key, old !== undefined || map.has(key), old);
        map.set(key, value);
        return this;
      },
      delete: (k: unknown) => {
        const key = un(k);
        const old = map.get(key);
        if (old === undefined && !map.has(key)) return false;
        guard(owner);
        order.save(owner, map);
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

class SetTraps extends Refusals implements ProxyHandler<object> {
  private readonly methods: Record<string | symbol, unknown>;

  constructor(tracker: StateTracker, owner: StateOwner, set: AnySet) {
    super(owner);
    const wrap = (v: unknown): unknown => (typeof v === 'object' && v !== null ? tracker.wrap(owner, v) : v);
    const un = (v: unknown): unknown => tracker.unwrap(v);
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
          if (typeof value === 'object' || typeof value === 'function') checkStorable(owner, 'Set item', value);
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

/**
 * Typed arrays and Dates: methods run on the target; mutators record a copy
 * (bytes) or the old time (dates). A view made by `subarray` is tracked
 * itself; the raw `buffer` is not handed out (writes through it would escape).
 */
class MethodTraps extends Refusals implements ProxyHandler<object> {
  private readonly cache = new Map<string | symbol, unknown>();

  constructor(
    private readonly tracker: StateTracker,
    owner: StateOwner,
    private readonly target: object,
    private readonly kind: 'bytes' | 'date',
  ) {
    super(owner);
  }

  get(target: object, key: string | symbol): unknown {
    if (this.kind === 'bytes' && key === 'buffer') {
      throw stateRefused(this.owner, 'buffer', 'a typed array in state does not hand out its buffer; copy it with slice()');
    }
    const value = Reflect.get(target, key, target);
    if (typeof value !== 'function') return value;
    let method = this.cache.get(key);
    if (method === undefined) {
      const owner = this.owner;
      const self = this.target;
      const fn = value as (...args: unknown[]) => unknown;
      const mutates = typeof key === 'string' && (this.kind === 'bytes' ? TYPED_MUTATORS.has(key) : key.startsWith('set'));
      const kind = this.kind;
      const tracker = this.tracker;
      if (mutates) {
        method = (...args: unknown[]) => {
          guard(owner);
          if (kind === 'bytes') owner.journal.push(OP_COPY, self, undefined, true, (self as Bytes).slice());
          else owner.journal.push(OP_DATE, self, undefined, true, (self as Date).getTime());
          return fn.apply(
            self,
            args.map((a) => tracker.unwrap(a)),
          );
        };
      } else if (key === 'subarray') {
        method = (...args: unknown[]) => tracker.wrap(owner, fn.apply(self, args) as object);
      } else
        method = (...args: unknown[]) =>
          fn.apply(
            self,
            args.map((a) => tracker.unwrap(a)),
          );
      this.cache.set(key, method);
    }
    return method;
  }

  set(target: object, key: string | symbol, value: unknown): boolean {
    const t = target as Record<PropertyKey, unknown>;
    guard(this.owner);
    this.owner.journal.push(OP_PROP, target, key, hasOwn.call(target, key), t[key]);
    t[key] = value;
    return true;
  }

  defineProperty(_target: object, key: string | symbol): boolean {
    throw stateRefused(this.owner, key, 'cannot be redefined (defineProperty) on a typed array or Date in state');
  }

  deleteProperty(_target: object, key: string | symbol): boolean {
    throw stateRefused(this.owner, key, 'cannot be deleted from a typed array or Date in state');
  }
}
