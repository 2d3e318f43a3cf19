import { RuntimeError } from './errors.js';

/**
 * A bounded log: keeps the newest `capacity` items (oldest first) and counts the ones that fell
 * out, so a long run retains nothing per item beyond the window. Storage grows up to `capacity`
 * and is then reused as a ring.
 */
export class Window<T> {
  private items: T[] = [];
  private head = 0;
  /** Items that fell out of the window so far. */
  dropped = 0;
  /** While {@link Window.mark}ed: the items pushes since the mark displaced, oldest first; undefined otherwise. */
  private displaced: T[] | undefined = undefined;
  /** Pushes since the mark. */
  private pushedSinceMark = 0;

  constructor(
    /** Largest number of items kept (0 keeps none). */
    readonly capacity: number,
  ) {}

  /** Items currently kept. */
  get size(): number {
    return this.items.length;
  }

  /** Appends an item, dropping the oldest when the window is full. */
  push(item: T): void {
    if (this.displaced !== undefined) this.pushedSinceMark++;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    if (this.capacity === 0) {
      this.dropped++;
      return;
    }
    this.displaced?.push(this.items[this.head] as T);
    this.items[this.head] = item;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.dropped++;
  }

  /** The kept items, oldest first. */
  toArray(): T[] {
    if (this.head === 0) return this.items.slice();
    return [...this.items.slice(this.head), ...this.items.slice(0, this.head)];
  }

  /** Starts keeping what later pushes displace, so that {@link Window.rewind} can take them back exactly (a dry run). */
  mark(): void {
    if (this.displaced !== undefined)
      throw new RuntimeError('RUNTIME_BUSY', 'a dry run is already running on this system: run one at a time');
    this.displaced = [];
    this.pushedSinceMark = 0;
  }

  /** Takes back every push since {@link Window.mark}: the window holds and counts what it did at the mark. */
  rewind(): void {
    const displaced = this.displaced;
    if (displaced === undefined) return;
    this.displaced = undefined;
    // Pushes first grew the window, then (once full) displaced its oldest item: undo them newest first.
    for (let i = displaced.length - 1; i >= 0; i--) {
      this.head = this.head === 0 ? this.capacity - 1 : this.head - 1;
      this.items[this.head] = displaced[i] as T;
      this.dropped--;
    }
    const others = this.pushedSinceMark - displaced.length;
    if (this.capacity === 0) this.dropped -= others;
    else this.items.length -= others;
  }

  /** Forgets every item and the drop count. */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.dropped = 0;
  }

  /** An independent copy (items are shared, they are never mutated). */
  copy(): Window<T> {
    const other = new Window<T>(this.capacity);
    other.assign(this);
    return other;
  }

  /** Makes this window hold what `other` holds. */
  assign(other: Window<T>): void {
    const all = other.toArray();
    const keep = all.slice(Math.max(0, all.length - this.capacity));
    this.items = keep;
    this.head = 0;
    this.dropped = other.dropped + all.length - keep.length;
  }
}

/**
 * A bounded map keyed by message counter: keeps the newest `capacity` entries by insertion and
 * remembers the highest key it dropped, so a miss can be told apart from a record that fell out.
 */
export class WindowMap<V> {
  // Each entry carries its insertion number; `order` lists (key, number) oldest first, so the oldest is found
  // in O(1) (a Map's first key is not: deleted slots at its front are scanned on every lookup).
  private readonly map = new Map<number, { value: V; n: number }>();
  private orderKeys: number[] = [];
  private orderNs: number[] = [];
  private head = 0;
  private inserted = 0;
  /** Entries dropped so far. */
  dropped = 0;
  /** The highest key dropped so far (-1 when none). */
  highestDropped = -1;

  constructor(
    /** Largest number of entries kept (0 keeps none). */
    readonly capacity: number,
  ) {}

  /** Entries currently kept. */
  get size(): number {
    return this.map.size;
  }

  /** The entry of `key`, if kept. */
  get(key: number): V | undefined {
    return this.map.get(key)?.value;
  }

  /** Stores an entry, dropping the oldest when the window is full. */
  set(key: number, value: V): void {
    const known = this.map.get(key);
    if (known !== undefined) {
      known.value = value;
      return;
    }
    const n = this.inserted++;
    this.map.set(key, { value, n });
    this.orderKeys.push(key);
    this.orderNs.push(n);
    this.trim();
  }

  private trim(): void {
    while (this.map.size > this.capacity) {
      const oldest = this.orderKeys[this.head] as number;
      const n = this.orderNs[this.head] as number;
      this.head++;
      if (this.map.get(oldest)?.n !== n) continue;
      this.map.delete(oldest);
      this.dropped++;
      if (oldest > this.highestDropped) this.highestDropped = oldest;
    }
    if (this.head > 1024 && this.head * 2 > this.orderKeys.length) {
      this.orderKeys = this.orderKeys.slice(this.head);
      this.orderNs = this.orderNs.slice(this.head);
      this.head = 0;
    }
  }

  /** Whether `key` may have been stored and dropped since (a key above every dropped one was not). */
  mayHaveDropped(key: number): boolean {
    return this.dropped > 0 && key <= this.highestDropped;
  }

  /** Forgets the entry of `key` (not counted as dropped). */
  delete(key: number): void {
    const entry = this.map.get(key);
    if (entry === undefined) return;
    this.map.delete(key);
    // The order keeps a slot per insertion: an undone newest entry (a dry run's) gives its slot back, and slots of
    // older deletions are swept once they outnumber the entries, or deletes without inserts would grow it for good.
    const last = this.orderNs.length - 1;
    if (last >= this.head && this.orderNs[last] === entry.n) {
      this.orderKeys.pop();
      this.orderNs.pop();
    } else if (this.orderNs.length - this.head > 2 * this.map.size + 1024) this.sweep();
  }

  /** Keeps only the order slots of kept entries. */
  private sweep(): void {
    const keys: number[] = [];
    const ns: number[] = [];
    for (let i = this.head; i < this.orderKeys.length; i++) {
      const key = this.orderKeys[i] as number;
      const n = this.orderNs[i] as number;
      if (this.map.get(key)?.n !== n) continue;
      keys.push(key);
      ns.push(n);
    }
    this.orderKeys = keys;
    this.orderNs = ns;
    this.head = 0;
  }

  /** The kept entries, oldest first. */
  entries(): [number, V][] {
    const out: [number, V][] = [];
    for (const [k, e] of this.map) out.push([k, e.value]);
    return out;
  }

  /** Forgets every entry and the drop count. */
  clear(): void {
    this.map.clear();
    this.orderKeys = [];
    this.orderNs = [];
    this.head = 0;
    this.dropped = 0;
    this.highestDropped = -1;
  }

  /** An independent copy. */
  copy(): WindowMap<V> {
    const other = new WindowMap<V>(this.capacity);
    other.assign(this);
    return other;
  }

  /** Makes this map hold what `other` holds. */
  assign(other: WindowMap<V>): void {
    const entries = other.entries();
    this.clear();
    for (const [k, v] of entries) {
      const n = this.inserted++;
      this.map.set(k, { value: v, n });
      this.orderKeys.push(k);
      this.orderNs.push(n);
    }
    this.dropped = other.dropped;
    this.highestDropped = other.highestDropped;
    this.trim();
  }
}

/** Checks a window size option: a whole number ≥ 0 (RUNTIME_BAD_OPTION otherwise). */
export function checkWindow(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RuntimeError('RUNTIME_BAD_OPTION', `${what} must be a whole number ≥ 0, got ${n}`);
  return n;
}
