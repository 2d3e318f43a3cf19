// The events of recent blocks, kept so that a client that lost its connection can resubscribe from where it
// stopped and miss nothing (`subscribe` with `after`). Bounded: the oldest events are dropped first.
import type { EventView } from './execution-records.js';

/** A place in the event stream: the `index`-th event of block `block` (both as notifications carry them). */
export interface EventCursor {
  readonly block: number;
  readonly index: number;
}

/** One event with its place in the stream. */
export interface PlacedEvent {
  readonly index: number;
  readonly view: EventView;
}

/** What a replay from a cursor found. */
export interface EventReplay {
  /** The events after the cursor that the history still holds, oldest first. */
  readonly events: readonly PlacedEvent[];
  /** Whether events after the cursor were already dropped (the client missed some). */
  readonly gap: boolean;
}

/** Events kept by default: about the last hundred thousand. */
export const DEFAULT_EVENT_HISTORY = 100_000;

function after(a: EventCursor, b: EventCursor): boolean {
  return a.block > b.block || (a.block === b.block && a.index > b.index);
}

/** A ring of the newest events in block order. */
export class EventHistory {
  private readonly ring: (PlacedEvent | undefined)[];
  private head = 0;
  private size = 0;
  /** The first block recorded; blocks before it (e.g. before a checkpoint the node started from) are unknown. */
  private firstBlock: number | undefined = undefined;
  /** Per actor, the place of its newest event dropped so far. */
  private readonly dropped = new Map<string, EventCursor>();

  constructor(readonly capacity: number = DEFAULT_EVENT_HISTORY) {
    this.ring = new Array(Math.max(1, capacity));
  }

  /** Records the events of one block, in the order they were published (their index is their position). */
  addBlock(block: number, events: readonly EventView[]): void {
    this.firstBlock ??= block;
    // A height seen again comes after a dev_revert: the events of the reverted blocks never happened.
    while (this.size > 0) {
      const newest = this.ring[(this.head + this.size - 1) % this.ring.length] as PlacedEvent;
      if (newest.view.block < block) break;
      this.ring[(this.head + this.size - 1) % this.ring.length] = undefined;
      this.size--;
    }
    for (let index = 0; index < events.length; index++) {
      const view = events[index] as EventView;
      const slot = (this.head + this.size) % this.ring.length;
      if (this.size === this.ring.length) {
        const old = this.ring[this.head] as PlacedEvent;
        this.dropped.set(old.view.actor, { block: old.view.block, index: old.index });
        this.head = (this.head + 1) % this.ring.length;
        this.size--;
      }
      this.ring[slot] = { index, view };
      this.size++;
    }
  }

  /** The events of `actor` after `cursor` (at most `limit` of them, the oldest), and whether some after it are gone. */
  since(actor: string, cursor: EventCursor, limit = Number.POSITIVE_INFINITY): EventReplay {
    const events: PlacedEvent[] = [];
    for (let i = 0; i < this.size && events.length < limit; i++) {
      const entry = this.ring[(this.head + i) % this.ring.length] as PlacedEvent;
      if (entry.view.actor === actor && after({ block: entry.view.block, index: entry.index }, cursor)) events.push(entry);
    }
    const lost = this.dropped.get(actor);
    const unknown = this.firstBlock !== undefined && cursor.block < this.firstBlock - 1;
    return { events, gap: unknown || (lost !== undefined && after(lost, cursor)) };
  }
}
