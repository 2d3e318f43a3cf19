// The JSON shapes the API returns (docs/rpc.md): blocks, messages, accounts, actors.
import { type ReplyRecord, type TraceEntry, traceOf } from '@sprocket/runtime';
import { HEADER_SIZE, type MessageId, toHex } from '@sprocket/sdk';
import type { BlockRecord, MessageInfo } from '../execution-records.js';
import type { Executor } from '../executor.js';
import { stringify } from './answers.js';

/** `Service.Function` of a payload sent to an actor, when the actor knows it. */
export function routeOf(executor: Executor, to: string, payload: Uint8Array): string | undefined {
  const actor = executor.system.actor(to as never);
  if (actor === undefined || payload.length < HEADER_SIZE) return undefined;
  return actor.code.entryOf(payload)?.route;
}

/** A deploy's route: its constructor's (`Program.New`), as its failure and story name it, else the program's name. */
function deployRouteOf(executor: Executor, to: string, payload: Uint8Array): string | null {
  const code = executor.system.actor(to as never)?.code;
  return code === undefined ? null : (code.ctorRouteOf(payload) ?? code.name);
}

/** The view of a message a transaction sent. */
export function messageView(executor: Executor, info: MessageInfo): Record<string, unknown> {
  // The runtime's record while it holds one; then the outcome stored with the message.
  const record: ReplyRecord | undefined = executor.system.replyOf(info.messageId) ?? info.outcome;
  return {
    messageId: info.messageId,
    from: info.from,
    to: info.to,
    kind: info.kind,
    route: info.kind === 'Deploy' ? deployRouteOf(executor, info.to, info.payload) : (routeOf(executor, info.to, info.payload) ?? null),
    // A message to a user gets no reply: it is `delivered` once it reached the user's mailbox.
    status: record !== undefined ? (record.ok ? 'ok' : 'error') : info.delivered !== undefined ? 'delivered' : 'pending',
    replyCode: record === undefined ? null : record.ok ? 'SUCCESS' : record.code,
    // A failure's reply is its error payload when it has one (a `throws` error), so the explorer can decode it.
    reply: record === undefined || (!record.ok && record.payload.length === 0) ? null : toHex(record.payload),
    reason: record !== undefined && !record.ok ? record.reason : undefined,
    events: info.events.map((e) => ({ actor: e.actor, name: e.name, payload: e.payload })),
    block: info.block,
    delivered: info.delivered ?? null,
    // What the explorer needs to decode the arguments and show the cost: the message itself, its size and gas.
    payload: toHex(info.payload),
    size: info.payload.length,
    gas: record === undefined ? null : record.gasUsed,
  };
}

/** JSON with bigints as decimal strings (decoded arguments and replies may hold u64 and wider). */
function plain(json: unknown): unknown {
  return json === undefined ? undefined : JSON.parse(JSON.stringify(json, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** One step of a message's story (`message_get.story`): a trace record of the message or of a message it caused. */
function storyStep(e: TraceEntry): Record<string, unknown> {
  const step: Record<string, unknown> = { type: e.type, block: e.block, messageId: e.messageId, from: e.from, to: e.to };
  if (e.causeId !== undefined) step.causeId = e.causeId;
  if (e.route !== undefined) step.route = e.route;
  if (e.json !== undefined) step.json = plain(e.json);
  if (e.value !== undefined && e.value !== '0') step.value = e.value;
  if (e.code !== undefined) step.code = e.code;
  if (e.reason !== undefined) step.reason = e.reason;
  if (e.gas !== undefined) step.gas = e.gas;
  step.text = e.text;
  return step;
}

/** `message_get`: the message view with its story (segments, messages it sent, replies, events, rollbacks). */
export function messageInDepth(executor: Executor, info: MessageInfo): Record<string, unknown> {
  const entries = traceOf(executor.system, info.messageId);
  return {
    ...messageView(executor, info),
    rolledBack: entries.some((e) => e.type === 'rollback' && e.messageId === info.messageId),
    sent: entries.filter((e) => (e.type === 'message' || e.type === 'mailbox') && e.causeId === info.messageId).map((e) => e.messageId),
    story: entries.map(storyStep),
  };
}

/** The view of a block, its messages included. */
export function blockView(executor: Executor, block: BlockRecord): Record<string, unknown> {
  return {
    height: block.height,
    hash: block.hash,
    parentHash: block.parentHash,
    stateRoot: block.stateRoot,
    timestamp: block.timestamp,
    inputs: block.inputs,
    messages: block.messages
      .map((id: MessageId) => executor.messages.get(id))
      .filter((m): m is MessageInfo => m !== undefined)
      .map((m) => messageView(executor, m)),
  };
}

/**
 * The text of a block notification. A block whose messages JSON cannot write in one string (dozens of 8 MiB payloads,
 * past the longest string JavaScript makes) is notified with their ids in `messageIds` instead, to read with
 * `message_get`: the exception would otherwise end the notifications of every later subscriber.
 */
export function blockNotificationText(executor: Executor, block: BlockRecord): string {
  const view = blockView(executor, block);
  try {
    return stringify(view);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return stringify({ ...view, messages: undefined, messageIds: block.messages, messagesLeftOut: true });
  }
}
