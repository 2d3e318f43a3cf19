// The chain's history as the executor keeps it: a bounded window of recent block records and message records in
// memory. What leaves a window is read back from a store (the node's database), so a node that runs for weeks
// holds only the window, while every block and every message stays answerable.
import type { ActorSystem } from '@sprocket/runtime';
import type { ActorId, MessageId } from '@sprocket/sdk';
import { NodeError } from './errors.js';
import type { BlockRecord, EventView, MailboxView, MessageInfo } from './execution-records.js';

/** Where records that left the in-memory windows are read back from. */
export interface HistoryStore {
  /** The record of block `height`, if stored. */
  block(height: number): BlockRecord | undefined;
  /** The record of a message a transaction sent, if stored. */
  message(id: MessageId): MessageInfo | undefined;
}

/** How much history the executor keeps in memory, and where the rest is. */
export interface HistoryOptions {
  /** Newest block records kept in memory (at least 1: the head). Default 1,000. */
  readonly blocks?: number;
  /** Inputs the block records in memory may list together (older blocks leave first; the head always stays). Default 10,000. */
  readonly blockInputs?: number;
  /** Newest message records kept in memory (messages still in flight are kept besides). Default 10,000. */
  readonly messages?: number;
  /** Trace records kept for `message_get`'s story and `dev_trace` (a recent window only). Default 100,000. */
  readonly trace?: number;
  /** The runtime's reply window: reply and gas records of the newest user messages (outcomes are stored besides). Default 10,000. */
  readonly replies?: number;
  /** Input results kept for a caller that asks after the input's block ran; the oldest are dropped. Default 10,000. */
  readonly results?: number;
  /** Where older records are read from (none: they are forgotten, as a verifying replay wants). */
  readonly store?: HistoryStore;
}

/** Block records kept in memory by default. */
export const DEFAULT_BLOCK_WINDOW = 1_000;
/** Inputs listed by the block records in memory, by default. */
export const DEFAULT_BLOCK_INPUTS = 10_000;
/** Message records kept in memory by default. */
export const DEFAULT_MESSAGE_WINDOW = 10_000;

/** A history option's value (or its default), checked: a whole number of at least `min`. */
export function windowOf(value: number | undefined, fallback: number, min: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < min)
    throw new NodeError('NODE_BAD_OPTION', `history.${name} must be a whole number ≥ ${min}, got ${n}`, { path: `history.${name}` });
  return n;
}

/** The block records: the newest `window` (listing at most `inputs` inputs together) in memory, older ones from the store. */
export class BlockHistory {
  private readonly recent = new Map<number, BlockRecord>();
  private top: BlockRecord | undefined = undefined;
  /** The oldest height in memory. */
  private low = 0;
  /** Inputs the records in memory list. */
  private listed = 0;
  readonly window: number;
  readonly inputs: number;

  constructor(
    options: HistoryOptions,
    private readonly store: HistoryStore | undefined = options.store,
  ) {
    this.window = windowOf(options.blocks, DEFAULT_BLOCK_WINDOW, 1, 'blocks');
    this.inputs = windowOf(options.blockInputs, DEFAULT_BLOCK_INPUTS, 0, 'blockInputs');
  }

  /** Height of the newest block (-1 before the genesis block). */
  get height(): number {
    return this.top === undefined ? -1 : this.top.height;
  }

  /** The newest block. */
  get head(): BlockRecord {
    if (this.top === undefined) throw new NodeError('NODE_STORE', 'the chain has no block yet');
    return this.top;
  }

  /** Block records held in memory now. */
  get size(): number {
    return this.recent.size;
  }

  /** The record of block `height` (undefined above the head, or when it is neither in memory nor stored). */
  get(height: number): BlockRecord | undefined {
    if (!Number.isSafeInteger(height) || height < 0 || height > this.height) return undefined;
    return this.recent.get(height) ?? this.store?.block(height);
  }

  /** Appends the next block; the oldest records in memory leave until the window fits. */
  push(block: BlockRecord): void {
    if (this.recent.size === 0) this.low = block.height;
    this.recent.set(block.height, block);
    this.listed += block.inputs.length;
    this.top = block;
    while (this.recent.size > this.window || (this.listed > this.inputs && this.recent.size > 1)) {
      const oldest = this.recent.get(this.low);
      if (oldest !== undefined) this.listed -= oldest.inputs.length;
      this.recent.delete(this.low++);
    }
  }

  /** Starts again from `head` (a restored checkpoint's block): the blocks before it are in the store. */
  resume(head: BlockRecord): void {
    this.recent.clear();
    this.listed = 0;
    this.push(head);
  }
}

/**
 * The records of messages sent by transactions: the newest `window` in memory, plus every message still in flight
 * (no reply yet: its events and outcome are still to come), older ones from the store. Each block's new and
 * changed records are handed out (`takeChanged`) to be stored with the block.
 */
export class MessageHistory {
  private readonly recent = new Map<MessageId, MessageInfo>();
  private readonly open = new Map<MessageId, MessageInfo>();
  private changed = new Set<MessageInfo>();
  readonly window: number;

  constructor(
    options: HistoryOptions,
    private readonly store: HistoryStore | undefined = options.store,
  ) {
    this.window = windowOf(options.messages, DEFAULT_MESSAGE_WINDOW, 0, 'messages');
  }

  /** Message records held in memory now (recent and in flight). */
  get size(): number {
    let extra = 0;
    for (const id of this.open.keys()) if (!this.recent.has(id)) extra++;
    return this.recent.size + extra;
  }

  /** The record of a message a transaction sent (undefined when unknown). */
  get(id: MessageId): MessageInfo | undefined {
    return this.recent.get(id) ?? this.open.get(id) ?? this.store?.message(id);
  }

  /** Records a message a transaction just sent. */
  track(info: MessageInfo): void {
    this.recent.set(info.messageId, info);
    this.open.set(info.messageId, info);
    this.changed.add(info);
    if (this.recent.size > this.window) this.recent.delete(this.recent.keys().next().value as MessageId);
  }

  /** Adds an event a message's handler published (ignored for messages no transaction sent). */
  event(view: EventView): void {
    const id = view.messageId as MessageId;
    const info = this.open.get(id) ?? this.recent.get(id);
    if (info === undefined) return;
    info.events.push(view);
    this.changed.add(info);
  }

  /**
   * Takes the outcome of every message in flight whose reply the runtime now holds (checked after every block, so a
   * reply is taken before the runtime's reply window drops it unless one block records more replies than it holds).
   * `mailbox` is what reached users' mailboxes in the block: those messages get no reply, and one whose reply fell out
   * of the runtime's window never will. Neither is in flight any more: kept open, each would stay in memory for good.
   * `overflowed` names the users whose mailbox may have dropped some of the block's messages before they were reported:
   * a message to one of them that is no longer queued or scheduled reached it.
   */
  settle(system: ActorSystem, mailbox: readonly MailboxView[] = [], overflowed: ReadonlySet<ActorId> = new Set()): void {
    for (const view of mailbox) {
      const info = this.open.get(view.messageId as MessageId);
      if (info !== undefined) this.deliver(info, view.block);
    }
    const unreported: MessageInfo[] = [];
    for (const [id, info] of this.open) {
      const record = system.replyOf(id);
      if (record === undefined) {
        if (system.replyDropped(id)) this.open.delete(id);
        else if (overflowed.has(info.to)) unreported.push(info);
        continue;
      }
      info.outcome = record;
      this.open.delete(id);
      this.changed.add(info);
    }
    if (unreported.length === 0) return;
    const waiting = waitingIds(system);
    for (const info of unreported) if (!waiting.has(info.messageId)) this.deliver(info, system.blockHeight);
  }

  private deliver(info: MessageInfo, block: number): void {
    info.delivered = block;
    this.open.delete(info.messageId);
    this.changed.add(info);
  }

  /** The records new or changed since the last call, in the order they were first changed. */
  takeChanged(): MessageInfo[] {
    if (this.changed.size === 0) return [];
    const out = [...this.changed];
    this.changed = new Set();
    return out;
  }

  /** Starts again after a restored checkpoint, with the messages that were in flight at it. */
  resume(inFlight: readonly MessageInfo[]): void {
    this.recent.clear();
    this.open.clear();
    this.changed.clear();
    for (const info of inFlight) this.open.set(info.messageId, info);
  }
}

/** The ids of the messages still queued or scheduled in `system` (not handled yet). */
function waitingIds(system: ActorSystem): Set<string> {
  const s = system.internals;
  const ids = new Set<string>();
  for (const env of s.queue.toArray()) ids.add(system.messageId(env.seq));
  for (const [, bucket] of s.schedule.entries()) for (const env of bucket.items) ids.add(system.messageId(env.seq));
  return ids;
}
