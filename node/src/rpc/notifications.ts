// The notifications of subscriptions: their text, and the fan-out of one block to the subscriptions it concerns.
import type { WebSocket } from 'ws';
import type { PlacedEvent } from '../event-history.js';
import type { BlockOutput } from '../execution-records.js';
import { stringify } from './answers.js';
import type { SubscriptionRegistry } from './subscriptions.js';

/** The notification of one event: its place (`block`, `index`) lets a client resubscribe after it. */
export function eventNotification(subscription: string, { index, view }: PlacedEvent): string {
  return stringify({
    jsonrpc: '2.0',
    method: 'subscription',
    params: {
      subscription,
      result: { actor: view.actor, name: view.name, payload: view.payload, messageId: view.messageId, block: view.block, index },
    },
  });
}

/**
 * Sends each subscription what `out` holds for it: the block, the events of its actor in block order, the mail of
 * its address. Only the subscriptions indexed under the block's actors and addresses are read. `blockText` runs at
 * most once, and only when someone subscribed to blocks.
 */
export function notifyBlock(
  registry: SubscriptionRegistry,
  out: BlockOutput,
  blockText: () => string,
  send: (socket: WebSocket, text: string) => void,
): void {
  if (registry.size === 0) return;
  const blockIds = registry.blocks();
  if (blockIds.size > 0) {
    const block = blockText();
    for (const id of blockIds) {
      const sub = registry.get(id);
      if (sub !== undefined)
        send(sub.socket, `{"jsonrpc":"2.0","method":"subscription","params":{"subscription":"${id}","result":${block}}}`);
    }
  }
  // Events in block order, each to the subscriptions of its actor: every subscription still gets its own in order.
  for (let index = 0; index < out.events.length; index++) {
    const view = out.events[index] as PlacedEvent['view'];
    for (const id of registry.events(view.actor)) {
      const sub = registry.get(id);
      // A subscription waiting for its replay gets this block from the history, in order.
      if (sub === undefined || sub.replay !== undefined) continue;
      send(sub.socket, eventNotification(id, { index, view }));
    }
  }
  for (const m of out.mailbox) {
    for (const id of registry.mailbox(m.address)) {
      const sub = registry.get(id);
      if (sub === undefined) continue;
      send(
        sub.socket,
        stringify({
          jsonrpc: '2.0',
          method: 'subscription',
          params: {
            subscription: id,
            result: { messageId: m.messageId, from: m.from, payload: m.payload, value: m.value, block: m.block },
          },
        }),
      );
    }
  }
}
