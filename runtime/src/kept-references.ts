import { types } from 'node:util';
import { RuntimeError } from './errors.js';
import { rawState } from './state-proxies.js';

// A handler that stores a new object in state keeps its own reference to it: `const deal = { paid: false }; this.deal
// = deal;`. Until the handler awaits, that reference is as good as `this.deal`: the object is new, and a rollback of
// the segment takes it out of state whole. After an await the segment has committed, and a write through the old
// reference (`deal.paid = true`) would reach state past the journal: it would survive a rollback, skip the range
// checks and stay unseen by a node's state root. So each handler that awaited keeps the objects its earlier segments
// stored new, images them when a later segment starts, and compares when it ends: what changed outside the journal
// is put back, and the segment fails, telling the author to reach state through `this` after an await. An object the
// handler took out of state meanwhile is its own again: changing it is no write to state, and is not refused.

/**
 * The objects each state owner's running segment stored new, listed as the journal checks them. Kept here, not in a
 * field of the owner: an idle actor stays as small as it was, and while no segment lists any, taking is one compare.
 */
const freshByOwner = new WeakMap<object, object[]>();
let listedOwners = 0;

/** Lists objects `owner`'s running segment stored new in state. */
export function listFresh(owner: object, objects: Iterable<object>): void {
  let list = freshByOwner.get(owner);
  if (list === undefined) {
    list = [];
    freshByOwner.set(owner, list);
    listedOwners++;
  }
  for (const o of objects) list.push(o);
}

/** The objects `owner`'s ending segment stored new (forgotten here), or undefined when it stored none. */
export function takeFresh(owner: object): object[] | undefined {
  if (listedOwners === 0) return undefined;
  const list = freshByOwner.get(owner);
  if (list === undefined) return undefined;
  freshByOwner.delete(owner);
  listedOwners--;
  return list;
}

/** The own entries of one kept object when the running segment started. */
type Image =
  | { readonly kind: 'object'; readonly keys: readonly PropertyKey[]; readonly values: readonly unknown[] }
  | { readonly kind: 'array'; readonly items: readonly unknown[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [unknown, unknown])[] }
  | { readonly kind: 'set'; readonly items: readonly unknown[] }
  | { readonly kind: 'bytes'; readonly copy: { readonly length: number; readonly [i: number]: unknown } }
  | { readonly kind: 'date'; readonly time: number };

// Read once: a segment runs with the block's Date in place of the global (sandbox-globals.ts).
const getTime = Date.prototype.getTime;
const setTime = Date.prototype.setTime;

type Bytes = { length: number; [i: number]: unknown; slice(): Bytes; set(from: Bytes): void };

/** The image of `o`'s own entries. */
function imageOf(o: object): Image {
  if (Array.isArray(o)) return { kind: 'array', items: o.slice() };
  if (o instanceof Map) return { kind: 'map', entries: [...o] };
  if (o instanceof Set) return { kind: 'set', items: [...o] };
  if (ArrayBuffer.isView(o)) return { kind: 'bytes', copy: (o as unknown as Bytes).slice() };
  // A Date's data is its time, which no own key holds.
  if (types.isDate(o)) return { kind: 'date', time: getTime.call(o) };
  const keys = Reflect.ownKeys(o);
  const values = keys.map((k) => (o as Record<PropertyKey, unknown>)[k]);
  return { kind: 'object', keys, values };
}

/** The own entries of `o` that differ from its image: their keys, `true` for a Map or Set whose size changed. */
function* changes(o: object, image: Image): Generator<unknown> {
  switch (image.kind) {
    case 'array': {
      const a = o as unknown[];
      const n = Math.max(a.length, image.items.length);
      for (let i = 0; i < n; i++) if (!Object.is(a[i], image.items[i])) yield i;
      if (a.length !== image.items.length) yield 'length';
      return;
    }
    case 'map': {
      const m = o as Map<unknown, unknown>;
      if (m.size !== image.entries.length) {
        yield true;
        return;
      }
      let i = 0;
      for (const [k, v] of m) {
        const e = image.entries[i++] as readonly [unknown, unknown];
        if (!Object.is(k, e[0])) yield true;
        else if (!Object.is(v, e[1])) yield k;
      }
      return;
    }
    case 'set': {
      const s = o as Set<unknown>;
      if (s.size !== image.items.length) {
        yield true;
        return;
      }
      let i = 0;
      for (const v of s) if (!Object.is(v, image.items[i++])) yield true;
      return;
    }
    case 'bytes': {
      const b = o as unknown as Bytes;
      for (let i = 0; i < b.length; i++) if (!Object.is(b[i], image.copy[i])) yield i;
      return;
    }
    case 'date': {
      if (!Object.is(getTime.call(o), image.time)) yield 'time';
      return;
    }
    default: {
      const r = o as Record<PropertyKey, unknown>;
      const keys = Reflect.ownKeys(o);
      for (const k of keys) if (!image.keys.includes(k)) yield k;
      for (let i = 0; i < image.keys.length; i++) {
        const k = image.keys[i] as PropertyKey;
        if (!Object.is(r[k], image.values[i]) || !Object.hasOwn(o, k)) yield k;
      }
    }
  }
}

/** Puts `o`'s own entries back as its image holds them. */
function putBack(o: object, image: Image): void {
  switch (image.kind) {
    case 'array': {
      const a = o as unknown[];
      a.length = image.items.length;
      for (let i = 0; i < image.items.length; i++) a[i] = image.items[i];
      return;
    }
    case 'map': {
      const m = o as Map<unknown, unknown>;
      m.clear();
      for (const [k, v] of image.entries) m.set(k, v);
      return;
    }
    case 'set': {
      const s = o as Set<unknown>;
      s.clear();
      for (const v of image.items) s.add(v);
      return;
    }
    case 'bytes':
      (o as unknown as Bytes).set(image.copy as Bytes);
      return;
    case 'date':
      setTime.call(o, image.time);
      return;
    default: {
      const r = o as Record<PropertyKey, unknown>;
      for (const k of Reflect.ownKeys(o)) delete r[k];
      for (let i = 0; i < image.keys.length; i++) r[image.keys[i] as PropertyKey] = image.values[i];
    }
  }
}

/**
 * Whether the segment's journal holds a write to `o`: the handler wrote it through `this` too, and its changes are
 * taken as the journal's (a raw write beside a journaled one to the same object is not told apart: never a false
 * refusal of a handler that writes state only through `this`).
 */
function journaled(journal: readonly unknown[], o: object): boolean {
  for (let i = 1; i < journal.length; i += 5) if (journal[i] === o) return true;
  return false;
}

/** The objects a handler's earlier segments stored new in state, and their images at the start of the running segment. */
export class KeptReferences {
  private readonly objects: object[] = [];
  private images: Image[] = [];

  /** Keeps the objects a segment that committed stored new. */
  add(fresh: readonly object[]): void {
    for (const o of fresh) this.objects.push(o);
  }

  /** Images every kept object: a later segment of the handler starts. */
  start(): void {
    this.images = this.objects.map(imageOf);
  }

  /**
   * At the end of a later segment, before it commits: the first entry of a kept object still in the state under
   * `root` (the raw instance) that the segment changed outside its journal (`{ key }`; the segment then fails, and
   * its rollback puts every kept object back), or undefined when the handler wrote state only through `this`.
   */
  changedAround(journal: readonly unknown[], root: object | undefined): { readonly key: unknown } | undefined {
    let inState: Set<object> | undefined;
    for (let i = 0; i < this.images.length; i++) {
      const o = this.objects[i] as object;
      const first = changes(o, this.images[i] as Image).next();
      if (first.done === true || journaled(journal, o)) continue;
      // Only here, where a write around the journal was seen, is the state walked: rare, and only once per segment.
      inState ??= root === undefined ? undefined : reachableFrom(root);
      if (inState === undefined || inState.has(o)) return { key: first.value };
    }
    return undefined;
  }

  /** Puts every kept object back as the running segment found it (the segment is rolled back). */
  putBack(): void {
    for (let i = 0; i < this.images.length; i++) putBack(this.objects[i] as object, this.images[i] as Image);
  }
}

/** Every object reachable from `root` through own string-keyed values, Map keys and values and Set items, read raw. */
function reachableFrom(root: object): Set<object> {
  const seen = new Set<object>();
  const stack: object[] = [root];
  const visit = (v: unknown): void => {
    const raw = rawState(v);
    if (typeof raw === 'object' && raw !== null && !seen.has(raw)) stack.push(raw);
  };
  for (let o = stack.pop(); o !== undefined; o = stack.pop()) {
    if (seen.has(o)) continue;
    seen.add(o);
    if (ArrayBuffer.isView(o) || types.isDate(o)) continue;
    if (types.isMap(o)) {
      for (const [k, v] of Map.prototype.entries.call(o) as Iterable<[unknown, unknown]>) {
        visit(k);
        visit(v);
      }
    } else if (types.isSet(o)) {
      for (const v of Set.prototype.values.call(o) as Iterable<unknown>) visit(v);
    }
    for (const key of Object.keys(o)) visit((o as Record<string, unknown>)[key]);
  }
  return seen;
}

/** The refusal of a segment of `handler` that changed `key` of a kept object around the journal. */
export function keptChangedError(handler: string, key: unknown): RuntimeError {
  return new RuntimeError(
    'RUNTIME_STATE_REFUSED',
    `${handler} changed ${keptEntryName(key)} of an object it stored in state before an await, through the reference it kept: that write skips the rollback journal. After an await, reach state through \`this\` again (\`this.deal.paid = true\`, not \`deal.paid = true\`); the segment is rolled back`,
  );
}

/** What a kept object's changed entry is called in a refusal: `"paid"`, `item 3`, `an entry`. */
function keptEntryName(key: unknown): string {
  if (key === true) return 'an entry';
  if (typeof key === 'number') return `item ${key}`;
  if (typeof key === 'string') return JSON.stringify(key);
  return typeof key === 'symbol' ? String(key) : `the entry ${String(key)}`;
}
