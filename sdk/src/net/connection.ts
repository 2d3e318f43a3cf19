// `connect(url, { account })`: a Transport over a node's JSON-RPC WebSocket API (docs/rpc.md). Browser-safe: it
// uses only the WebSocket API, given or global. Writes are signed transactions whose nonces are fetched once and
// then assigned locally in call order; a BAD_NONCE answer resynchronises and retries.
import type { CallOptions, DeployOptions, SendOptions, Transport, Unsubscribe } from '../client/transport.js';
import { CallError } from '../errors/call-error.js';
import { SdkError, type SprocketError } from '../errors/sprocket-error.js';
import { fromHex, toHex } from '../scale/hex.js';
import type { ActorId, CodeId, MessageId } from '../types/scalars.js';
import { type Account, type DevAccountName, devAccount, type SignedTransaction } from './account.js';
import { callErrorFromNode, isRecord, NodeError, type RpcErrorObject } from './node-error.js';
import { parseUrl, printError } from './platform.js';
import { type ReconnectOptions, RpcSocket } from './rpc-socket.js';
import { type TransactionSigner, transactionSigner } from './signer.js';
import type { TxCall } from './transaction.js';
import { resolveWebSocket, type WebSocketClass } from './websocket.js';

/** Options of `connect`. */
export interface ConnectOptions {
  /** The account that signs writes (a dev account's name is enough on a dev node). Queries and events need none. */
  readonly account?: Account | DevAccountName;
  /** The WebSocket class; default `globalThis.WebSocket`. Node 20 has none: pass the `ws` package's export. */
  readonly WebSocket?: WebSocketClass;
  /** Milliseconds each request waits for the node's answer before it fails with TIMEOUT (default 30000). */
  readonly timeout?: number;
  /** How a dropped connection is re-established (`false`: never). */
  readonly reconnect?: ReconnectOptions | false;
  /** Failures no caller awaits (a subscription that could not be restored); default: `console.error`. */
  readonly onError?: (error: SprocketError) => void;
}

/** What `node_info` tells about a node. */
export interface NodeInfo {
  readonly chainId: string;
  readonly version: string;
  readonly dev: boolean;
  readonly blockTime: number;
  readonly height: number;
  readonly genesis: string;
}

/** An account's state on a node. */
export interface AccountState {
  readonly address: ActorId;
  readonly balance: bigint;
  /** The next nonce to use. */
  readonly nonce: bigint;
}

/** A message in a user's mailbox on a node. */
export interface MailboxEntry {
  readonly messageId: MessageId;
  readonly from: ActorId;
  /** The whole Sails message (header ‖ SCALE). */
  readonly payload: Uint8Array;
  readonly value: bigint;
  readonly block: number;
}

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

interface Subscription {
  readonly params: Topic;
  readonly listeners: Set<(result: unknown) => void>;
  serverId: unknown;
  ready: Promise<void>;
  /** Events topic: the place of the last event delivered, so a resubscribe after a lost connection resumes there. */
  cursor?: { block: number; index: number };
}

const DEFAULT_TIMEOUT = 30_000;
const NONCE_RETRIES = 3;
/** Notifications kept for subscriptions whose id is not known yet. */
const MAX_EARLY_NOTIFICATIONS = 10_000;

/** A Transport to a node, plus the node's own operations (code upload, balances, mailboxes). */
export class Connection implements Transport<Promise<MessageId>> {
  /** The node's WebSocket URL. */
  readonly url: string;
  /** The signing account, if any. */
  readonly account: Account | undefined;
  private readonly socket: RpcSocket;
  private readonly timeout: number;
  private readonly onError: (error: SprocketError) => void;
  private infoPromise: Promise<NodeInfo> | undefined;
  private nonceReady: Promise<void> | undefined;
  private nextNonce = 0n;
  private signer: TransactionSigner | undefined;
  /** Settles once the previous write has been handed to the socket: writes leave in nonce order. */
  private outbox: Promise<void> = Promise.resolve();
  private readonly subscriptions = new Map<string, Subscription>();
  private early: Record<string, unknown>[] = [];
  /** Subscribe requests awaiting their answer; early notifications are kept only while there are some. */
  private opening = 0;
  private readonly byServerId = new Map<string, Subscription>();
  /** Set by `close()`: what it cuts short was asked for, and is not reported to `onError`. */
  private closed = false;

  constructor(url: string, options: ConnectOptions = {}) {
    this.url = rpcUrl(url);
    const account = options.account;
    this.account = typeof account === 'string' ? devAccount(account) : account;
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this.onError = options.onError ?? ((error) => printError(error.message));
    this.socket = new RpcSocket(
      this.url,
      resolveWebSocket(options.WebSocket),
      {
        notification: (method, params) => this.notified(method, params),
        reopened: () => this.resubscribe(),
        wantsConnection: () => this.subscriptions.size > 0,
        error: (error) => this.onError(error),
      },
      options.reconnect,
    );
  }

  // ---- Transport

  /** Sends a signed `Call` and resolves with the reply payload once the node has it (`message_call`). */
  async call(target: ActorId, payload: Uint8Array, options: CallOptions = {}): Promise<Uint8Array> {
    const result = await this.write('message_call', target, {
      kind: 'Call',
      to: target,
      payload,
      value: options.value ?? 0n,
      gasLimit: gasLimitOf(options.gasLimit, target),
      timeout: options.timeout ?? null,
    });
    return hexField(result, 'reply', target);
  }

  /** Sends a signed `Send`; resolves with its MessageId once the node has durably accepted it (`message_send`). */
  async send(target: ActorId, payload: Uint8Array, options: SendOptions = {}): Promise<MessageId> {
    const result = await this.write('message_send', target, {
      kind: 'Send',
      to: target,
      payload,
      value: options.value ?? 0n,
      gasLimit: gasLimitOf(options.gasLimit, target),
      delay: options.delay ?? 0,
    });
    return idField(result, 'messageId', target);
  }

  /** Runs a query on the node's current state (`actor_query`, unsigned, nothing logged). */
  async query(target: ActorId, payload: Uint8Array, options: CallOptions = {}): Promise<Uint8Array> {
    const params: Record<string, unknown> = { to: target, payload: toHex(payload) };
    if (this.account !== undefined) params.from = this.account.address;
    if (options.value !== undefined) params.value = options.value.toString();
    return hexField(await this.read('actor_query', params, target), 'reply', target);
  }

  /** Deploys uploaded code with a constructor payload (`actor_deploy`); resolves with the address once it replied. */
  async deploy(code: CodeId, payload: Uint8Array, options: DeployOptions = {}): Promise<ActorId> {
    const result = await this.write(
      'actor_deploy',
      code,
      {
        kind: 'Deploy',
        codeId: code,
        payload,
        value: options.value ?? 0n,
        salt: options.salt ?? new Uint8Array(0),
        gasLimit: gasLimitOf(options.gasLimit, code),
      },
      options.timeout === undefined ? undefined : { timeout: options.timeout },
    );
    return idField(result, 'address', code);
  }

  /** Delivers the payload (whole Sails event message) of every event `source` publishes, while connected. */
  subscribe(source: ActorId, listener: (payload: Uint8Array) => void): Unsubscribe {
    let stop: Unsubscribe | undefined;
    let stopped = false;
    this.watch({ topic: 'events', actor: source }, (result) => {
      if (isRecord(result) && typeof result.payload === 'string') {
        let bytes: Uint8Array;
        try {
          bytes = fromHex(result.payload, 'payload');
        } catch (error) {
          this.onError(new CallError('BAD_REPLY', { actor: source, reason: 'an event payload is not 0x hex', cause: error }));
          return;
        }
        listener(bytes);
      }
    }).then(
      (unsubscribe) => {
        if (stopped) unsubscribe();
        else stop = unsubscribe;
      },
      (error: SprocketError) => {
        // A subscription the app stopped, or whose connection it closed, before the node confirmed it: nothing to report.
        if (!stopped && !this.closed) this.onError(error);
      },
    );
    return () => {
      stopped = true;
      stop?.();
    };
  }

  // ---- the node's own operations

  /** Subscribes to a topic; resolves once the node confirmed, rejects with a CallError if it refused. */
  async watch(params: Topic, listener: (result: unknown) => void): Promise<Unsubscribe> {
    if (params.topic === 'events' && params.fromBlock !== undefined && !(Number.isSafeInteger(params.fromBlock) && params.fromBlock >= 0)) {
      throw new SdkError('SDK_BAD_OPTION', `fromBlock must be a block height (an integer >= 0), got ${String(params.fromBlock)}`);
    }
    const key = JSON.stringify(params);
    let sub = this.subscriptions.get(key);
    if (sub === undefined) {
      const created: Subscription = { params, listeners: new Set(), serverId: undefined, ready: Promise.resolve() };
      created.ready = this.open(created).catch((error: unknown) => {
        if (this.subscriptions.get(key) === created) this.subscriptions.delete(key);
        throw error;
      });
      this.subscriptions.set(key, created);
      sub = created;
    }
    const entry = sub;
    const own = (result: unknown): void => listener(result);
    entry.listeners.add(own);
    try {
      await entry.ready;
    } catch (error) {
      entry.listeners.delete(own);
      throw error;
    }
    return () => {
      if (!entry.listeners.delete(own) || entry.listeners.size > 0) return;
      if (this.subscriptions.get(key) === entry) this.subscriptions.delete(key);
      const id = entry.serverId;
      if (id === undefined) return;
      this.byServerId.delete(String(id));
      this.read('unsubscribe', { subscription: id }, this.url).catch(() => {
        // Already gone on the node (e.g. after a reconnect): nothing to undo.
      });
    };
  }

  /** Uploads code (the text of a contract bundle, see docs/rpc.md "Code"); resolves with its CodeId. */
  async uploadCode(code: Uint8Array): Promise<CodeId> {
    return idField(await this.write('code_upload', this.url, { kind: 'UploadCode', code }), 'codeId', this.url);
  }

  /** Transfers value to an account or actor (`balance_transfer`). */
  async transfer(to: ActorId, value: bigint): Promise<void> {
    await this.write('balance_transfer', to, { kind: 'Transfer', to, value });
  }

  /** An account's balance and next nonce (`account_get`). */
  async accountState(address: ActorId): Promise<AccountState> {
    const result = await this.read('account_get', { address }, address);
    return { address, balance: bigintField(result, 'balance', address), nonce: bigintField(result, 'nonce', address) };
  }

  /** An account's or actor's balance. */
  async balance(address: ActorId): Promise<bigint> {
    return (await this.accountState(address)).balance;
  }

  /** The messages in a user's mailbox, oldest first (`mailbox_get`). */
  async mailbox(address: ActorId): Promise<MailboxEntry[]> {
    const result = await this.read('mailbox_get', { address }, address);
    if (!Array.isArray(result)) throw badReply(address, 'mailbox_get did not answer a list');
    return result.map((item: unknown) => ({
      messageId: idField(item, 'messageId', address),
      from: idField(item, 'from', address),
      payload: hexField(item, 'payload', address),
      value: bigintField(item, 'value', address),
      block: numberField(item, 'block', address),
    }));
  }

  /** The node's chain id, version and height (`node_info`; cached after the first answer). */
  info(): Promise<NodeInfo> {
    if (this.infoPromise === undefined) {
      const pending = this.read('node_info', {}, this.url).then((result) => {
        if (!isRecord(result) || typeof result.chainId !== 'string') throw badReply(this.url, 'node_info has no chainId');
        return result as unknown as NodeInfo;
      });
      this.infoPromise = pending;
      pending.catch(() => {
        if (this.infoPromise === pending) this.infoPromise = undefined;
      });
    }
    return this.infoPromise;
  }

  /** Any method of the API with raw JSON params and result (e.g. `dev_mine`); failures are CallErrors. */
  request(method: string, params: unknown = {}): Promise<unknown> {
    return this.read(method, params, this.url);
  }

  /** Closes the connection; pending requests fail with NODE_UNAVAILABLE. */
  close(): void {
    this.closed = true;
    this.subscriptions.clear();
    this.byServerId.clear();
    this.socket.close();
  }

  // ---- internals

  private read(method: string, params: unknown, actor: string): Promise<unknown> {
    return this.socket.request(method, params, { timeout: this.timeout, write: false, actor }).catch((error: unknown) => {
      throw asCallError(error, actor);
    });
  }

  /** Signs and sends a transaction; on BAD_NONCE takes the node's next nonce and signs again. */
  private async write(method: string, actor: string, call: TxCall, extra?: Record<string, unknown>): Promise<unknown> {
    const account = this.account;
    if (account === undefined) {
      throw new SdkError('SDK_BAD_ACCOUNT', `${method} is a signed write: pass connect(url, { account }) (e.g. devAccount('alice'))`);
    }
    this.signer ??= transactionSigner(account);
    const signer = this.signer;
    for (let attempt = 0; ; attempt++) {
      const chainId = (await this.info()).chainId;
      if (this.nonceReady === undefined) this.nonceReady = this.syncNonce(account.address);
      await this.nonceReady;
      // Nonces are taken in call order; signatures are made in parallel, and each request is sent only after the
      // one before it, so transactions leave in nonce order.
      const nonce = this.nextNonce++;
      const signing = signer.sign(chainId, nonce, call);
      let answer: Promise<unknown> | undefined;
      const issued = this.outbox
        .then(() => signing)
        .then((signed: SignedTransaction) => {
          answer = this.socket.request(method, extra === undefined ? signed : { ...signed, ...extra }, {
            timeout: this.timeout,
            write: true,
            actor,
          });
        });
      this.outbox = issued.catch(() => {});
      try {
        await issued;
        return await (answer as Promise<unknown>);
      } catch (error) {
        const failure = asCallError(error, actor);
        const cause = failure.cause;
        if (!(cause instanceof NodeError) || cause.code !== 'BAD_NONCE' || attempt >= NONCE_RETRIES) throw failure;
        const next = cause.data.next;
        if (typeof next === 'string' || typeof next === 'number') {
          const n = BigInt(next);
          if (n > this.nextNonce) this.nextNonce = n;
        } else {
          this.nonceReady = undefined;
        }
      }
    }
  }

  private async syncNonce(address: ActorId): Promise<void> {
    try {
      const state = await this.accountState(address);
      if (state.nonce > this.nextNonce) this.nextNonce = state.nonce;
    } catch (error) {
      this.nonceReady = undefined;
      throw error;
    }
  }

  private async open(sub: Subscription): Promise<void> {
    if (sub.params.topic === 'events' && sub.cursor === undefined) {
      const from = sub.params.fromBlock;
      if (from !== undefined) {
        // After every event of the block before: the node replays what it holds from `from` on (block 0 has none).
        sub.cursor = { block: Math.max(0, from - 1), index: Number.MAX_SAFE_INTEGER };
      } else {
        // Start after the newest block: events of later blocks reach this subscription live or, if the connection
        // drops, by replay on resubscribe.
        const info = await this.read('node_info', {}, this.url);
        if (isRecord(info) && typeof info.height === 'number') sub.cursor = { block: info.height, index: Number.MAX_SAFE_INTEGER };
      }
    }
    const { fromBlock: _from, ...topic } = sub.params as Topic & { fromBlock?: number };
    const params = sub.cursor === undefined ? topic : { ...topic, after: sub.cursor };
    this.opening++;
    let id: unknown;
    try {
      id = await this.read('subscribe', params, subject(sub.params));
    } finally {
      this.opening--;
    }
    const early = this.early.filter((n) => String(n.subscription) === String(id));
    if (this.opening === 0) this.early = [];
    else if (early.length > 0) this.early = this.early.filter((n) => String(n.subscription) !== String(id));
    if (typeof id !== 'string' && typeof id !== 'number') throw badReply(subject(sub.params), 'subscribe did not answer an id');
    if (this.subscriptions.get(JSON.stringify(sub.params)) !== sub) {
      // Its last listener left while the node was confirming it: undo it on the node too.
      this.read('unsubscribe', { subscription: id }, this.url).catch(() => {});
      return;
    }
    sub.serverId = id;
    this.byServerId.set(String(id), sub);
    for (const n of early) this.deliver(sub, n.result);
  }

  private resubscribe(): void {
    this.byServerId.clear();
    for (const [key, sub] of this.subscriptions) {
      sub.serverId = undefined;
      sub.ready = this.open(sub).catch((error: SprocketError) => {
        this.subscriptions.delete(key);
        if (!this.closed) this.onError(error);
      });
    }
  }

  private notified(method: string, params: unknown): void {
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

  private deliver(sub: Subscription, result: unknown): void {
    if (sub.params.topic === 'events' && isRecord(result)) {
      if (result.gap === true) {
        this.onError(
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

/** Connects to a node (`ws://HOST:PORT/rpc`; a URL without a path gets `/rpc`). The socket opens on first use. */
export function connect(url: string, options: ConnectOptions = {}): Connection {
  return new Connection(url, options);
}

function rpcUrl(url: string): string {
  let parsed: ReturnType<typeof parseUrl>;
  try {
    parsed = parseUrl(url);
  } catch {
    throw new SdkError('SDK_BAD_URL', `not a node URL: ${JSON.stringify(url)} (expected ws://HOST:PORT/rpc)`);
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  else if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new SdkError('SDK_BAD_URL', `not a node URL: ${JSON.stringify(url)} (expected ws://HOST:PORT/rpc)`);
  }
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = '/rpc';
  return parsed.toString();
}

function subject(topic: Topic): string {
  return topic.topic === 'events' ? topic.actor : topic.topic === 'mailbox' ? topic.address : 'blocks';
}

function asCallError(error: unknown, actor: string): CallError {
  if (error instanceof CallError) return error;
  if (isRecord(error) && typeof error.code === 'number') return callErrorFromNode(error as unknown as RpcErrorObject, actor);
  return new CallError('NODE_UNAVAILABLE', { actor, reason: error instanceof Error ? error.message : String(error), cause: error });
}

function badReply(actor: string, reason: string, cause?: unknown): CallError {
  return new CallError('BAD_REPLY', { actor, reason: `the node answered something unexpected: ${reason}`, cause });
}

function hexField(result: unknown, name: string, actor: string): Uint8Array {
  const value = isRecord(result) ? result[name] : undefined;
  try {
    return fromHex(value as string, name);
  } catch (error) {
    throw badReply(actor, `${name} is not 0x hex`, error);
  }
}

function idField(result: unknown, name: string, actor: string): `0x${string}` {
  const value = isRecord(result) ? result[name] : undefined;
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) throw badReply(actor, `${name} is not a 32-byte 0x hex id`);
  return value.toLowerCase() as `0x${string}`;
}

function bigintField(result: unknown, name: string, actor: string): bigint {
  const value = isRecord(result) ? result[name] : undefined;
  if ((typeof value === 'string' && /^[0-9]+$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    return BigInt(value);
  }
  throw badReply(actor, `${name} is not a decimal integer`);
}

/** A call option's `gasLimit` as the transaction field (null: the node's default). */
function gasLimitOf(limit: number | undefined, actor: string): bigint | null {
  if (limit === undefined) return null;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new SdkError('SDK_BAD_OPTION', `gasLimit must be a positive safe integer, got ${String(limit)} (calling ${actor})`);
  }
  return BigInt(limit);
}

function numberField(result: unknown, name: string, actor: string): number {
  const value = isRecord(result) ? result[name] : undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badReply(actor, `${name} is not a number`);
  return value;
}
