/** A FIFO queue over a growable ring buffer: O(1) push and shift, no array shifting. */
export class Fifo<T> {
  private items: (T | undefined)[] = new Array(16);
  private head = 0;
  private tail = 0;
  /** Number of queued items. */
  size = 0;

  /** Appends an item. */
  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[this.tail] = item;
    this.tail = (this.tail + 1) & (this.items.length - 1);
    this.size++;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.size--;
    return item;
  }

  /** The items, oldest first (a copy). */
  toArray(): T[] {
    const out: T[] = [];
    const mask = this.items.length - 1;
    for (let i = 0; i < this.size; i++) out.push(this.items[(this.head + i) & mask] as T);
    return out;
  }

  /** Empties the queue. */
  clear(): void {
    this.items = new Array(16);
    this.head = this.tail = this.size = 0;
  }

  private grow(): void {
    const old = this.items;
    const next: (T | undefined)[] = new Array(old.length * 2);
    const mask = old.length - 1;
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & mask];
    this.items = next;
    this.head = 0;
    this.tail = this.size;
  }
}
