// The events a block published, taken out of the runtime's event log in an order that depends only on the state.
import type { ActorSystem } from '@sprocket/runtime';
import { type ActorId, toHex } from '@sprocket/sdk';
import type { EventView } from './execution-records.js';
import type { MessageHistory } from './history.js';

/**
 * Takes the events the block at `height` published (the runtime's event log is emptied: the node keeps them per
 * message, so each is also added to its message's record).
 */
export function takeBlockEvents(
  state: ActorSystem['internals'],
  touched: ReadonlySet<ActorId>,
  height: number,
  messages: MessageHistory,
): EventView[] {
  const out: EventView[] = [];
  // Events are published when a segment commits, which marks its actor touched: only those logs can hold new ones.
  // Actors in address order, each actor's events in publication order: the same order however the state was reached.
  const logs = state.eventLog;
  const publishing: ActorId[] = [];
  for (const address of touched) if ((logs.get(address)?.size ?? 0) > 0) publishing.push(address);
  for (const address of publishing.sort()) {
    const log = logs.get(address) as NonNullable<ReturnType<typeof logs.get>>;
    for (const e of log.toArray()) {
      const view: EventView = { actor: e.actor, name: e.name, payload: toHex(e.payload), messageId: e.messageId, block: height };
      out.push(view);
      messages.event(view);
    }
    log.clear();
  }
  return out;
}
