// A connection's subscriptions: one node subscription per topic however many listeners share it, restored after a
// reconnect. An events subscription remembers the place of the last event delivered, so that the node replays what
// was published while the connection was down (or reports a gap when it no longer holds it).
import type { Unsubscribe } from '../client/transport.js';
import { CallError } from '../errors/call-error.js';
import { SdkError, type SprocketError } from '../errors/sprocket-error.js';
import type { ActorId } from '../types/scalars.js';
import { badReply } from './node-answers.js';
import { isRecord, NodeError } from './node-error.js';

/** The subscription topics of a node. */
export type Topic =
  | { readonly topic: 'blocks' }
  | {
      readonly topic: 'events';
      readonly actor: ActorId;
      /** Replay the events the node still holds from this block on first, then go on live (default: live only). */
      readonly fromBlock?: number;
    }
  | { readonly topic: 'mailbox'; readonly address: ActorId };

/** Options of `watch`. */
export interface WatchOptions {
  /**
   * Told when the subscription stops delivering: NODE_UNAVAILABLE when the connection was lost and its reconnect
   * attempts ran out (the subscription is suspended, and restored by the next successful reconnect: the next request,
   * or `conn.reconnect()`), or the error with which the node refused to restore it (it has ended). Also told the
   * notices `onError` gets about it (`isSubscriptionNotice`).
   */
  readonly onError?: (error: SprocketError) => void;
}

interface Subscription {
  readonly params: Topic;
  readonly listeners: Set<(result: unknown) => void>;
  /** The `onError` of each watch() sharing it. */
  readonly errorListeners: Set<(error: SprocketError) => void>;
  serverId: unknown;
  ready: Promise<void>;
  /** Events topic: the place of the last event delivered, so a resubscribe after a lost connection resumes there. */
  cursor?: { block: number; index: number };
  /** Counts subscribe requests: only the newest one's id is kept (see `open`). */
  attempt: number;
}

/** What subscriptions use of their connection. */
export interface SubscriptionHost {
  /** The node's URL (who unsubscribe requests are about). */
  readonly url: string;
  /** An unsigned request; failures are CallErrors. */
  read(method: string, params: unknown, actor: string): Promise<unknown>;
  /** Reports a failure no caller awaits. */
  onError(error: SprocketError): void;
}

/** Notifications kept for subscriptions whose id is not known yet. */
const MAX_EARLY_NOTIFICATIONS = 10_000;

/** The errors reported to `onError` after which their subscription went on (see `isSubscriptionNotice`). */
const notices = new WeakSet<object>();

/** Reports `error` to the host's `onError` as a notice: its subscription goes on. */
function notice(host: SubscriptionHost, sub: Subscription, error: SprocketError): void {
  notices.add(error);
  host.onError(error);
  tell(sub, error);
}

/** Hands an error about a subscription to the onError of each of its watchers (a throwing one does not stop the rest). */
function tell(sub: Subscription, error: SprocketError): void {
  for (const listener of [...sub.errorListeners]) {
    try {
      listener(error);
    } catch {
      // The app's handler failed; the other watchers are still told.
    }
  }
}

/**
 * Whether an error `connect()` reported to `onError` is a notice after which its events subscription went on (the
 * node's data was reset and it resubscribed from the node's head, or events were missed while the connection was
 * down), rather than a failure that ended a subscription or the connection.
 */
export function isSubscriptionNotice(error: unknown): boolean {
  return typeof error === 'object' && error !== null && notices.has(error);
}

/** The subscriptions of one connection, by topic and by the node's subscription id. */
export class Subscriptions {
  private readonly byTopic = new Map<string, Subscription>();
  private readonly byServerId = new Map<string, Subscription>();
  private early: Record<string, unknown>[] = [];
  /** Subscribe requests awaiting their answer; early notifications are kept only while there are some. */
  private opening = 0;
  /** The hash of the node's block 0 when an events subscription was made: another one means a new chain. */
  private genesis: string | undefined;

  constructor(private readonly host: SubscriptionHost) {}

  /** Whether any subscription is live (the connection is then kept up even with no request pending). */
  get active(): boolean {
    return this.byTopic.size > 0;
  }

  /** Subscribes to a topic; resolves once the node confirmed, rejects with a CallError if it refused. */
  async watch(params: Topic, listener: (result: unknown) => void, options: WatchOptions = {}): Promise<Unsubscribe> {
    checkTopic(params);
    if (params.topic === 'events' && params.fromBlock !== undefined && !(Number.isSafeInteger(params.fromBlock) && params.fromBlock >= 0)) {
      throw new SdkError('SDK_BAD_OPTION', `fromBlock must be a block height (an integer >= 0), got ${String(params.fromBlock)}`);
    }
    const key = JSON.stringify(params);
    let sub = this.byTopic.get(key);
    if (sub === undefined) {
      const created: Subscription = {
        params,
        listeners: new Set(),
        errorListeners: new Set(),
        serverId: undefined,
        ready: Promise.resolve(),
        attempt: 0,
      };
      created.ready = this.open(created).catch((error: unknown) => {
        if (this.byTopic.get(key) === created) this.byTopic.delete(key);
        throw error;
      });
      this.byTopic.set(key, created);
      sub = created;
    }
    const entry = sub;
    const own = (result: unknown): void => listener(result);
    const onError = options.onError;
    const ownError = onError === undefined ? undefined : (error: SprocketError): void => onError(error);
    entry.listeners.add(own);
    if (ownError !== undefined) entry.errorListeners.add(ownError);
    try {
      await entry.ready;
    } catch (error) {
      entry.listeners.delete(own);
      if (ownError !== undefined) entry.errorListeners.delete(ownError);
      throw error;
    }
    return () => {
      if (ownError !== undefined) entry.errorListeners.delete(ownError);
      if (!entry.listeners.delete(own) || entry.listeners.size > 0) return;
      if (this.byTopic.get(key) === entry) this.byTopic.delete(key);
      const id = entry.serverId;
      if (id === undefined) return;
      this.byServerId.delete(String(id));
      this.host.read('unsubscribe', { subscription: id }, this.host.url).catch(() => {
        // Already gone on the node (e.g. after a reconnect): nothing to undo.
      });
    };
  }

  /** Subscribes every topic again on a new connection (the node forgot the old subscriptions). */
  resubscribe(): void {
    this.byServerId.clear();
    for (const sub of this.byTopic.values()) sub.serverId = undefined;
    const newChain = this.newChain();
    for (const [key, sub] of this.byTopic) {
      sub.ready = newChain
        .then((genesis) => {
          if (genesis !== undefined && sub.params.topic === 'events' && sub.cursor !== undefined) {
            // The node's data was reset while the connection was down, and its new chain may already be past the
            // place this subscription had reached: resuming there would skip the new chain's first events unseen.
            notice(
              this.host,
              sub,
              new CallError('NODE_REFUSED', {
                actor: sub.params.actor,
                reason: `the node is on a new chain (its block 0 is now ${genesis}; was the node's data reset?): this events subscription had reached block ${sub.cursor.block} of the old one, and goes on with the new chain's events from its first block`,
              }),
            );
            sub.cursor = { block: 0, index: Number.MAX_SAFE_INTEGER };
          }
          return this.open(sub);
        })
        .catch((error: SprocketError) => {
          // The node's head is below the place this subscription had reached: its chain was reset (data wiped, or
          // a dev_revert). Say so, and go on from its head rather than wait for events that will never come.
          const head = headAhead(error);
          if (head === undefined || sub.params.topic !== 'events') throw error;
          const was = sub.cursor?.block ?? 0;
          sub.cursor = { block: head, index: Number.MAX_SAFE_INTEGER };
          notice(
            this.host,
            sub,
            new CallError('NODE_REFUSED', {
              actor: sub.params.actor,
              reason: `the node's head is block ${head}, below block ${was} this events subscription had reached (was the node's data reset?); resubscribed from block ${head}: events of the node's blocks up to ${head} were not delivered`,
              cause: error,
            }),
          );
          return this.open(sub);
        })
        .catch((error: SprocketError) => {
          // Lost again before the node confirmed it: kept, and restored by the next reconnect, as after a drop.
          const unreachable = error instanceof CallError && error.code === 'NODE_UNAVAILABLE';
          if (!unreachable && this.byTopic.get(key) === sub) this.byTopic.delete(key);
          this.host.onError(error);
          tell(sub, error);
        });
    }
  }

  /** The node's new genesis hash when it differs from the one known (its data was reset), else undefined. */
  private async newChain(): Promise<string | undefined> {
    const known = this.genesis;
    if (known === undefined) return undefined;
    let info: unknown;
    try {
      info = await this.host.read('node_info', {}, this.host.url);
    } catch {
      // Each subscribe below meets the same failure and reports it.
      return undefined;
    }
    const genesis = isRecord(info) && typeof info.genesis === 'string' ? info.genesis : undefined;
    if (genesis === undefined || genesis === known) return undefined;
    this.genesis = genesis;
    return genesis;
  }

  /** A server notification: a subscription's result goes to its listeners. */
  notified(method: string, params: unknown): void {
    if (method !== 'subscription' || !isRecord(params)) return;
    const sub = this.byServerId.get(String(params.subscription));
    if (sub === undefined) {
      // The node may send a subscription's first notifications in the same read as its answer, before open()
      // has recorded the id: keep a few until then.
      if (this.opening > 0 && this.early.length < MAX_EARLY_NOTIFICATIONS) this.early.push(params);
      return;
    }
    this.deliver(sub, params.result);
  }

  /**
   * The connection was lost and its reconnect attempts ran out: every subscription is suspended until the next
   * successful reconnect restores it. Returns the error that says so (told to each watcher's onError), or undefined
   * when there is no subscription.
   */
  suspended(cause: SprocketError): SprocketError | undefined {
    const count = this.byTopic.size;
    if (count === 0) return undefined;
    for (const sub of this.byTopic.values()) sub.serverId = undefined;
    this.byServerId.clear();
    const error = new CallError('NODE_UNAVAILABLE', {
      actor: this.host.url,
      reason: `${cause instanceof CallError ? cause.reason : cause.message}; ${count === 1 ? '1 subscription is' : `${count} subscriptions are`} suspended: no events arrive until the connection reconnects (on the next request, or conn.reconnect()), which restores ${count === 1 ? 'it' : 'them'} (events replayed from where ${count === 1 ? 'it' : 'they'} stopped, while the node still holds them)`,
      cause,
    });
    for (const sub of this.byTopic.values()) tell(sub, error);
    return error;
  }

  /** Forgets every subscription (the connection is closing). */
  clear(): void {
    this.byTopic.clear();
    this.byServerId.clear();
  }

  private async open(sub: Subscription): Promise<void> {
    // A first subscribe from `fromBlock` (not a resubscribe, which resumes from the cursor it reached).
    let fromBlock: number | undefined;
    if (sub.params.topic === 'events' && sub.cursor === undefined) {
      fromBlock = sub.params.fromBlock;
      const from = sub.params.fromBlock;
      if (from !== undefined) {
        // After every event of the block before: the node replays what it holds from `from` on (block 0 has none).
        sub.cursor = { block: Math.max(0, from - 1), index: Number.MAX_SAFE_INTEGER };
      } else {
        // Start after the newest block: events of later blocks reach this subscription live or, if the connection
        // drops, by replay on resubscribe.
        const info = await this.host.read('node_info', {}, this.host.url);
        // Another open of this subscription (a resubscribe while this one waited) may have delivered events meanwhile.
        if (isRecord(info) && typeof info.genesis === 'string') this.genesis ??= info.genesis;
        if (isRecord(info) && typeof info.height === 'number' && sub.cursor === undefined) {
          sub.cursor = { block: info.height, index: Number.MAX_SAFE_INTEGER };
        }
      }
    }
    const { fromBlock: _from, ...topic } = sub.params as Topic & { fromBlock?: number };
    const params = sub.cursor === undefined ? topic : { ...topic, after: sub.cursor };
    const attempt = ++sub.attempt;
    this.opening++;
    let id: unknown;
    try {
      id = await this.host.read('subscribe', params, subject(sub.params));
    } catch (error) {
      const head = fromBlock === undefined ? undefined : headAhead(error);
      if (head === undefined) throw error;
      throw new SdkError(
        'SDK_BAD_OPTION',
        `fromBlock ${fromBlock} is beyond the node's next block, ${head + 1}: its events are not published yet (leave fromBlock out to follow the new events)`,
      );
    } finally {
      this.opening--;
    }
    const early = this.early.filter((n) => String(n.subscription) === String(id));
    if (this.opening === 0) this.early = [];
    else if (early.length > 0) this.early = this.early.filter((n) => String(n.subscription) !== String(id));
    if (typeof id !== 'string' && typeof id !== 'number') throw badReply(subject(sub.params), 'subscribe did not answer an id');
    // A subscribe in flight when the connection dropped is sent again on the new one, while resubscribe() has sent
    // another: both reach the node. Keeping both would deliver every event twice, so only the newest stands.
    const superseded = sub.attempt !== attempt;
    if (superseded || this.byTopic.get(JSON.stringify(sub.params)) !== sub) {
      // Superseded, or its last listener left while the node was confirming it: undo it on the node too.
      this.host.read('unsubscribe', { subscription: id }, this.host.url).catch(() => {});
      // A watch() waiting on this one resolves when the newer one is confirmed, as it promised.
      if (superseded) await sub.ready;
      return;
    }
    const before = sub.serverId;
    if (before !== undefined && String(before) !== String(id)) {
      // An earlier open on this same connection answered first: the newest subscription replaces it.
      this.byServerId.delete(String(before));
      this.host.read('unsubscribe', { subscription: before }, this.host.url).catch(() => {});
    }
    sub.serverId = id;
    this.byServerId.set(String(id), sub);
    for (const n of early) this.deliver(sub, n.result);
  }

  private deliver(sub: Subscription, result: unknown): void {
    if (sub.params.topic === 'events' && isRecord(result)) {
      if (result.gap === true) {
        notice(
          this.host,
          sub,
          new CallError('NODE_UNAVAILABLE', {
            actor: sub.params.actor,
            reason: `events published after block ${sub.cursor?.block ?? 0} while the connection was down are no longer held by the node; some were missed`,
          }),
        );
        return;
      }
      if (typeof result.block === 'number' && typeof result.index === 'number') sub.cursor = { block: result.block, index: result.index };
    }
    for (const listener of [...sub.listeners]) listener(result);
  }
}

/** The subscription topics of a node, with the param each one needs besides `topic`. */
const TOPICS: Readonly<Record<Topic['topic'], 'actor' | 'address' | undefined>> = {
  blocks: undefined,
  events: 'actor',
  mailbox: 'address',
};

/** A watch() param as an error message shows it. */
function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  return typeof v === 'string' ? JSON.stringify(v) : typeof v;
}

/**
 * Refuses a topic the node does not have, or one without the address it is about, with SDK_BAD_OPTION: unchecked, it
 * would be labelled as another topic (or as `undefined`) in every error about the subscription.
 */
function checkTopic(params: unknown): asserts params is Topic {
  const known = Object.keys(TOPICS).join(', ');
  if (typeof params !== 'object' || params === null) {
    throw new SdkError('SDK_BAD_OPTION', `watch(): expected { topic } with a topic of ${known}, got ${shown(params)}`);
  }
  const fields = params as Record<string, unknown>;
  const topic = fields.topic;
  if (typeof topic !== 'string' || !Object.hasOwn(TOPICS, topic)) {
    throw new SdkError('SDK_BAD_OPTION', `watch(): topic must be one of ${known}, got ${shown(topic)}`);
  }
  const needs = TOPICS[topic as Topic['topic']];
  if (needs !== undefined && typeof fields[needs] !== 'string') {
    throw new SdkError('SDK_BAD_OPTION', `watch(): the ${topic} topic needs an ${needs} (a 0x address), got ${shown(fields[needs])}`);
  }
}

/** The node's head when it refused an events subscription's `after.block` as beyond it, else undefined. */
function headAhead(error: unknown): number | undefined {
  const cause = error instanceof CallError ? error.cause : undefined;
  if (!(cause instanceof NodeError) || cause.code !== 'INVALID_PARAMS' || cause.data.path !== 'after.block') return undefined;
  const head = cause.data.head;
  return typeof head === 'number' && Number.isSafeInteger(head) && head >= 0 ? head : undefined;
}

/** Who a topic is about, for error messages. */
function subject(topic: Topic): string {
  return topic.topic === 'events' ? topic.actor : topic.topic === 'mailbox' ? topic.address : 'blocks';
}
