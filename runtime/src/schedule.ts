/** A reply deadline: the block it falls due at, and the bucket holding it while registered. */
export interface Deadline {
  readonly deadline: number;
  bucket: Bucket | undefined;
}

/** What falls due at one block: delayed messages and wake-ups in order, and reply deadlines. */
export interface Bucket<I = unknown, W extends Deadline = Deadline> {
  readonly items: I[];
  /**
   * Reply deadlines in registration order. Removal is lazy (a waiter whose
   * `bucket` no longer points here is dead): no hashing per call, and the
   * array is compacted once most of it is dead.
   */
  readonly timeouts: W[];
  /** Deadlines registered here and not removed. */
  live: number;
}

/** Buckets with fewer entries are not worth compacting. */
const COMPACT_MIN = 64;

/** Work keyed by block height (a timing wheel over a min-heap of heights): delayed messages, sleeps and reply timeouts. */
export class BlockSchedule<I, W extends Deadline> {
  private readonly buckets = new Map<number, Bucket<I, W>>();
  private readonly heap: number[] = [];
  // Most deadlines registered in a row share one height: skip the Map for them.
  private lastHeight = -1;
  private lastBucket: Bucket<I, W> | undefined = undefined;

  private bucket(height: number): Bucket<I, W> {
    if (height === this.lastHeight && this.lastBucket !== undefined) return this.lastBucket;
    // The bucket in use until now stays while empty (a call answered at once leaves it empty, and the next call
    // of the same block fills it again): it goes when the calls move on to another height.
    const previous = this.lastBucket;
    if (previous !== undefined && previous.live === 0 && previous.items.length === 0 && this.buckets.get(this.lastHeight) === previous) {
      this.buckets.delete(this.lastHeight);
    }
    let b = this.buckets.get(height);
    if (b === undefined) {
      // Heights of forgotten buckets stay in the heap until they come up: rebuilt once they outnumber the buckets.
      if (this.heap.length > 2 * this.buckets.size + COMPACT_MIN) this.rebuildHeap();
      b = { items: [], timeouts: [], live: 0 };
      this.buckets.set(height, b);
      this.push(height);
    }
    this.lastHeight = height;
    this.lastBucket = b;
    return b;
  }

  /** Schedules a message (or wake-up) for a block. */
  add(height: number, item: I): void {
    this.bucket(height).items.push(item);
  }

  /** Registers a reply deadline (at `waiter.deadline`). */
  addTimeout(waiter: W): void {
    const b = this.bucket(waiter.deadline);
    b.timeouts.push(waiter);
    b.live++;
    waiter.bucket = b;
  }

  /** Forgets a reply deadline (the reply arrived): O(1), the slot is dropped at the next compaction. */
  removeTimeout(waiter: W): void {
    const b = waiter.bucket;
    if (b === undefined) return;
    waiter.bucket = undefined;
    b.live--;
    if (b.live === 0) {
      // Every deadline of this height is gone: the dead ones go now, and so does a bucket with nothing else due.
      // Left for the height to come, each block's answered calls (and what their waiters hold) would stay for as
      // long as the reply timeout, every block adding more.
      b.timeouts.length = 0;
      if (b.items.length === 0 && b !== this.lastBucket && this.buckets.get(waiter.deadline) === b) this.forget(waiter.deadline);
    } else if (b.timeouts.length >= COMPACT_MIN && b.live * 2 < b.timeouts.length) compact(b);
  }

  /** The lowest height with work, or undefined when nothing is scheduled. */
  nextDue(): number | undefined {
    while (this.heap.length > 0) {
      const h = this.heap[0] as number;
      const b = this.buckets.get(h);
      if (b !== undefined && (b.items.length > 0 || b.live > 0)) return h;
      this.forget(h);
      this.pop();
    }
    return undefined;
  }

  /** Removes and returns the work of every height up to `height`, in height order (timeouts: live ones only). */
  takeUpTo(height: number): Bucket<I, W>[] {
    const out: Bucket<I, W>[] = [];
    while (this.heap.length > 0 && (this.heap[0] as number) <= height) {
      const h = this.pop();
      const b = this.buckets.get(h);
      this.forget(h);
      if (b !== undefined) {
        compact(b);
        // Taken deadlines are no longer registered: a later removeTimeout must not touch this bucket.
        for (const w of b.timeouts) w.bucket = undefined;
        b.live = 0;
        out.push(b);
      }
    }
    return out;
  }

  /** Whether a registered reply deadline satisfies `test` (a scan of every bucket: for rare questions only). */
  someTimeout(test: (waiter: W) => boolean): boolean {
    for (const b of this.buckets.values()) {
      for (const w of b.timeouts) if (w.bucket === b && test(w)) return true;
    }
    return false;
  }

  /** Every scheduled item with its height, live timeouts only (for snapshots). */
  entries(): [number, Bucket<I, W>][] {
    for (const b of this.buckets.values()) compact(b);
    // The bucket kept empty for the next call of its height (see bucket()) holds nothing to save.
    return [...this.buckets.entries()].filter(([, b]) => b.items.length > 0 || b.live > 0).sort((a, b) => a[0] - b[0]);
  }

  /** Drops everything. */
  clear(): void {
    this.buckets.clear();
    this.heap.length = 0;
    this.lastHeight = -1;
    this.lastBucket = undefined;
  }

  private forget(h: number): void {
    this.buckets.delete(h);
    if (h === this.lastHeight) {
      this.lastHeight = -1;
      this.lastBucket = undefined;
    }
  }

  /** The heap of the heights that have a bucket (a sorted array is a valid heap). */
  private rebuildHeap(): void {
    const heights = [...this.buckets.keys()].sort((a, b) => a - b);
    this.heap.length = 0;
    for (const h of heights) this.heap.push(h);
  }

  private push(h: number): void {
    const heap = this.heap;
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as number) <= h) break;
      heap[i] = heap[parent] as number;
      i = parent;
    }
    heap[i] = h;
  }

  private pop(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && (heap[r] as number) < (heap[l] as number) ? r : l;
        if ((heap[c] as number) >= last) break;
        heap[i] = heap[c] as number;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

/** Drops the dead deadlines of a bucket, keeping the order of the live ones. */
function compact<I, W extends Deadline>(b: Bucket<I, W>): void {
  const t = b.timeouts;
  if (t.length === b.live) return;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const w = t[i] as W;
    if (w.bucket === b) t[n++] = w;
  }
  t.length = n;
}
