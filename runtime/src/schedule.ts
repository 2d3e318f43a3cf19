import type { Envelope, Waiter } from './message.js';

/** What falls due at one block: delayed messages and wake-ups in order, and reply deadlines. */
export interface Bucket {
  readonly items: Envelope[];
  readonly timeouts: Set<Waiter>;
}

/** Work keyed by block height: delayed messages, sleeps and reply timeouts. */
export class BlockSchedule {
  private readonly buckets = new Map<number, Bucket>();
  private readonly heap: number[] = [];

  private bucket(height: number): Bucket {
    let b = this.buckets.get(height);
    if (b === undefined) {
      b = { items: [], timeouts: new Set() };
      this.buckets.set(height, b);
      this.push(height);
    }
    return b;
  }

  /** Schedules a message (or wake-up) for a block. */
  add(height: number, item: Envelope): void {
    this.bucket(height).items.push(item);
  }

  /** Registers a reply deadline. */
  addTimeout(waiter: Waiter): void {
    this.bucket(waiter.deadline).timeouts.add(waiter);
  }

  /** Forgets a reply deadline (the reply arrived). */
  removeTimeout(waiter: Waiter): void {
    this.buckets.get(waiter.deadline)?.timeouts.delete(waiter);
  }

  /** The lowest height with work, or undefined when nothing is scheduled. */
  nextDue(): number | undefined {
    while (this.heap.length > 0) {
      const h = this.heap[0] as number;
      const b = this.buckets.get(h);
      if (b !== undefined && (b.items.length > 0 || b.timeouts.size > 0)) return h;
      this.buckets.delete(h);
      this.pop();
    }
    return undefined;
  }

  /** Removes and returns the work of every height up to `height`, in height order. */
  takeUpTo(height: number): Bucket[] {
    const out: Bucket[] = [];
    while (this.heap.length > 0 && (this.heap[0] as number) <= height) {
      const h = this.pop();
      const b = this.buckets.get(h);
      this.buckets.delete(h);
      if (b !== undefined) out.push(b);
    }
    return out;
  }

  /** Every scheduled item with its height (for snapshots). */
  entries(): [number, Bucket][] {
    return [...this.buckets.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** Drops everything. */
  clear(): void {
    this.buckets.clear();
    this.heap.length = 0;
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
