// The server's subscriptions, indexed by what they wait for: a block's notifications look up the subscriptions its
// events and mail concern instead of walking every subscription of every connection (with 10,000 subscriptions and
// a block of 1,000 events, the walk was ten million comparisons per block).
import type { WebSocket } from 'ws';
import type { EventCursor } from '../event-history.js';

/** One subscription of one connection. */
export interface Sub {
  readonly socket: WebSocket;
  readonly topic: string;
  /** The actor (`events`) or address (`mailbox`) it watches; none for `blocks`. */
  readonly filter: string | undefined;
  /** Events after this place are replayed once the subscribe answer is out, before any live event. */
  replay: EventCursor | undefined;
  /** The replay is under way (it sends in chunks, as the connection drains). */
  replaying: boolean;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Every subscription by id, with an index per topic and filter that add and remove keep in step. */
export class SubscriptionRegistry {
  private readonly all = new Map<string, Sub>();
  private readonly blockIds = new Set<string>();
  private readonly byActor = new Map<string, Set<string>>();
  private readonly byAddress = new Map<string, Set<string>>();

  /** How many subscriptions the server holds. */
  get size(): number {
    return this.all.size;
  }

  /** The subscription `id`, if it still exists. */
  get(id: string): Sub | undefined {
    return this.all.get(id);
  }

  /** Registers `sub` under `id` and in the index of its topic. */
  add(id: string, sub: Sub): void {
    this.all.set(id, sub);
    if (sub.topic === 'blocks') this.blockIds.add(id);
    else if (sub.topic === 'events') addTo(this.byActor, sub.filter as string, id);
    else if (sub.topic === 'mailbox') addTo(this.byAddress, sub.filter as string, id);
  }

  /** Removes `id` from the registry and its index; false when there was no such subscription. */
  delete(id: string): boolean {
    const sub = this.all.get(id);
    if (sub === undefined) return false;
    this.all.delete(id);
    if (sub.topic === 'blocks') this.blockIds.delete(id);
    else if (sub.topic === 'events') removeFrom(this.byActor, sub.filter as string, id);
    else if (sub.topic === 'mailbox') removeFrom(this.byAddress, sub.filter as string, id);
    return true;
  }

  /** The ids of the `blocks` subscriptions. */
  blocks(): ReadonlySet<string> {
    return this.blockIds;
  }

  /** The ids of the `events` subscriptions of `actor`. */
  events(actor: string): ReadonlySet<string> {
    return this.byActor.get(actor) ?? EMPTY;
  }

  /** The ids of the `mailbox` subscriptions of `address`. */
  mailbox(address: string): ReadonlySet<string> {
    return this.byAddress.get(address) ?? EMPTY;
  }

  /** Ids held by the indexes, and the filters they are kept under: what a test checks is released after a close. */
  indexed(): { readonly ids: number; readonly filters: number } {
    let ids = this.blockIds.size;
    for (const set of this.byActor.values()) ids += set.size;
    for (const set of this.byAddress.values()) ids += set.size;
    return { ids, filters: this.byActor.size + this.byAddress.size };
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set === undefined) index.set(key, new Set([id]));
  else set.add(id);
}

// An emptied set is dropped, or every actor ever watched would keep an entry after its watchers left.
function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}
