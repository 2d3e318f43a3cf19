import { CONTEXT_SLOT } from '@sprocket/sdk';
import { MapTraps, SetTraps } from './collection-traps.js';
import type { RuntimeError } from './errors.js';
import {
  type Bytes,
  clearJournal,
  guard,
  OP_COPY,
  OP_DATE,
  OP_KEYS,
  OP_PROP,
  Refusals,
  type StateOwner,
  type StateWrapper,
  trailingDeletes,
  trailingHole,
  undo,
  undoClock,
} from './journal-entries.js';
import { isStateProxy, rawState, registerStateProxy } from './state-proxies.js';
import { checkDescriptor, ownPropertyRefused, type RefusalSite, stateRefused, symbolKeyRefused } from './state-rules.js';
import { stateView } from './state-view.js';
import { checkStoredValue } from './stored-value.js';

// Undo journal for actor state. Handlers run with `this` = a proxy of the
// actor instance; writes through it (and through proxies of the nested
// objects, arrays, Maps, Sets, typed arrays and Dates reached from it) record
// the old value before changing the target. Commit drops the journal;
// rollback replays it backwards and never throws. What the journal could not
// undo (freezing, accessors, prototypes, raw buffers) is refused at the proxy
// (state-rules.ts). Cost: proportional to the writes of the segment.

export type { StateOwner } from './journal-entries.js';
export { clearJournal, mayLeaveHole } from './journal-entries.js';

const hasOwn = Object.prototype.hasOwnProperty;
const TYPED_MUTATORS = new Set(['set', 'fill', 'copyWithin', 'reverse', 'sort']);

/** Tracks the object graphs of the actors of one system; one per system. */
export class StateTracker implements StateWrapper {
  private readonly proxies = new WeakMap<object, object>();

  /** The proxy of `value` owned by `owner` (primitives and functions pass through). */
  wrap(owner: StateOwner & { traps?: ProxyHandler<object> }, value: object): object {
    const cached = this.proxies.get(value);
    if (cached !== undefined) return cached;
    if (isStateProxy(value)) return value;
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
    registerStateProxy(proxy, value);
    return proxy;
  }

  /**
   * What an actor's handlers run with as `this`: the accessor view of its declared `fields` (state-view.ts) when the
   * generator listed them all, else the general proxy.
   */
  wrapActor(owner: StateOwner & { traps?: ProxyHandler<object> }, instance: object, fields: readonly string[] | undefined): object {
    const cached = this.proxies.get(instance);
    if (cached !== undefined) return cached;
    const view = fields === undefined ? undefined : stateView(this, owner, instance, fields);
    if (view === undefined) return this.wrap(owner, instance);
    this.proxies.set(instance, view);
    registerStateProxy(view, instance);
    return view;
  }

  /** Whether `value` is a proxy of state or an object of state a proxy was made for. */
  readonly isTracked = (value: object): boolean => this.proxies.has(value) || isStateProxy(value);

  /** The raw object behind a proxy (anything else unchanged): state never stores proxies. */
  unwrap<T>(value: T): T {
    return rawState(value);
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
    if (j.length > 0) undoClock.epoch++;
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
    if (!hasOwn.call(target, key)) {
      if ((key === 'splice' || key === 'unshift') && Array.isArray(target)) return inserter(target, key, receiver);
      return Reflect.get(target, key, receiver);
    }
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
    if (typeof key === 'symbol') {
      if (key !== CONTEXT_SLOT) throw symbolKeyRefused(this.owner, key);
      t[key] = value;
      return true;
    }
    const owner = this.owner;
    guard(owner);
    const raw = this.tracker.unwrap(value);
    if (typeof raw === 'object' || typeof raw === 'function' || typeof raw === 'symbol') {
      checkStoredValue(owner, key, raw, this.tracker.isTracked, owner);
    }
    const j = owner.journal;
    if (Array.isArray(target)) {
      checkNoHoles(owner, target, key, raw);
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
      if (typeof key === 'symbol') throw symbolKeyRefused(owner, key);
      guard(owner);
      const had = hasOwn.call(target, key);
      checkDescriptor(owner, key, descriptor, !had);
      if ('value' in descriptor) {
        descriptor = { ...descriptor, value: this.tracker.unwrap(descriptor.value) };
        checkStoredValue(owner, key, descriptor.value, this.tracker.isTracked, owner);
      }
      if (Array.isArray(target)) {
        checkNoHoles(owner, target, key, descriptor.value);
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
      if (Array.isArray(target)) {
        // pop, shift and splice delete from the end down before they shorten the array: only a delete with an item
        // still after it leaves a hole in the middle (a `delete arr[last]` cannot be told from pop's).
        if (typeof key === 'string' && ARRAY_INDEX.test(key)) {
          if (hasOwn.call(target, Number(key) + 1)) {
            throw stateRefused(
              this.owner,
              key,
              `cannot leave holes in an array (delete of index ${key}, length ${target.length}); remove items with splice, pop or shift`,
            );
          }
          trailingDeletes.push(target, Number(key));
        }
      } else saveKeyOrder(this.owner.journal, target, key);
      this.owner.journal.push(OP_PROP, target, key, true, (target as Record<PropertyKey, unknown>)[key]);
    }
    return Reflect.deleteProperty(target, key);
  }
}

/**
 * The refusal of a segment that ends with an array of state ending in a hole where it deleted an item (`delete
 * arr[last]`, not shortened after), or undefined: the journal cannot refuse that delete when it happens.
 */
export function trailingHoleRefusal(site: RefusalSite): RuntimeError | undefined {
  const hole = trailingHole();
  if (hole === undefined) return undefined;
  return stateRefused(
    site,
    undefined,
    `cannot leave holes in an array (delete of index ${hole.index}, length ${hole.length}, and the array was not shortened after it); remove items with pop, splice or shift`,
  );
}

/** Where the journal holds the key order saved for an object (its slot, and the saved keys), to save it once a segment. */
const savedKeyOrder = new WeakMap<object, { at: number; keys: string[] }>();

/**
 * Before a delete from a plain object: a rollback re-adds the key at the end, so unless it is the last key, the key
 * order is saved first (once in a segment, O(keys); only in segments that delete a key that is not the last).
 */
function saveKeyOrder(j: unknown[], target: object, key: string | symbol): void {
  const saved = savedKeyOrder.get(target);
  if (saved !== undefined && saved.at < j.length && j[saved.at] === OP_KEYS && j[saved.at + 2] === saved.keys) return;
  const keys = Object.keys(target);
  if (keys[keys.length - 1] === key) return;
  savedKeyOrder.set(target, { at: j.length, keys });
  j.push(OP_KEYS, target, keys, true, undefined);
}

/** Refuses a write that would leave holes in a state array: growing its length, or an index past its end. */
function checkNoHoles(owner: StateOwner, array: unknown[], key: string | symbol, value: unknown): void {
  if (typeof key !== 'string' || inserting === array) return;
  let past: number;
  if (key === 'length') past = (typeof value === 'number' ? value : Number(value)) - array.length;
  else if (ARRAY_INDEX.test(key)) past = Number(key) - array.length;
  else return;
  if (past > 0) {
    throw stateRefused(
      owner,
      key,
      `cannot leave holes in an array (length ${array.length}, ${key === 'length' ? `new length ${String(value)}` : `index ${key}`}); append at the end (push)`,
    );
  }
}

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** The state array a `splice` or `unshift` runs on: inserting, it moves items up past the end before it sets the length. */
let inserting: unknown[] | undefined;

/** `splice` / `unshift` of a state array: run through the proxy (every write journaled), its moves past the end allowed. */
function inserter(target: unknown[], key: 'splice' | 'unshift', receiver: unknown): unknown {
  const fn = Reflect.get(target, key, receiver);
  if (typeof fn !== 'function') return fn;
  return function (this: unknown, ...args: unknown[]): unknown {
    if (this !== receiver) return Reflect.apply(fn, this, args);
    const outer = inserting;
    inserting = target;
    try {
      return Reflect.apply(fn, receiver, args);
    } finally {
      inserting = outer;
    }
  };
}

/** Shortening an array drops its tail: remember the dropped items (undone after the length). */
function journalTruncation(j: unknown[], array: unknown[], length: unknown): void {
  const n = typeof length === 'number' ? length : Number(length);
  if (!(n < array.length)) return;
  for (let i = array.length - 1; i >= n; i--) {
    if (hasOwn.call(array, i)) j.push(OP_PROP, array, String(i), true, array[i]);
  }
}

/** Whether `key` names an element of a typed array (a canonical numeric string: writes to those never add a property). */
function isElementKey(key: string): boolean {
  return key === '-0' || String(Number(key)) === key;
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
    if (typeof key === 'symbol') throw symbolKeyRefused(this.owner, key);
    // Only a typed array's elements are data: any other property (and any property of a Date) would be kept past
    // what state roots and checkpoints see.
    if (this.kind === 'date' || !isElementKey(key)) {
      const [holder, holds] = this.kind === 'date' ? ['a Date', 'time'] : ['a typed array', 'elements'];
      throw ownPropertyRefused(this.owner, key, holder, holds, 'keep it in a field beside it');
    }
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
