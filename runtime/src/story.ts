// One message's story from the trace: its records and those of every message it caused, for hosts (the node's
// message view) that show what happened to one message. Kept apart from system.ts: it reads the system's internals.
import type { MessageId } from '@sprocket/sdk';
import type { ActorSystem } from './system.js';
import { formatTrace, type TraceEntry, type TraceRecord } from './trace.js';

/**
 * The trace lines of `messageId` and of every message its handler sent (transitively), oldest first: messages,
 * replies, events and rollbacks. Empty for an id of another system or one whose records left the trace window.
 */
export function traceOf(system: ActorSystem, messageId: MessageId): TraceEntry[] {
  const s = system.internals;
  const prefix = s.messageIds.prefix;
  if (!messageId.startsWith(prefix)) return [];
  const family = new Set([Number.parseInt(messageId.slice(prefix.length), 16)]);
  const out: TraceRecord[] = [];
  for (const r of s.traceLog.toArray()) {
    if ((r.type === 'message' || r.type === 'mailbox') && r.cause !== undefined && family.has(r.cause)) family.add(r.seq);
    if (family.has(r.seq)) out.push(r);
  }
  return formatTrace(out, { label: (a) => system.label(a), messageId: (n) => system.messageId(n) });
}
