// `connect(url, { account })`: a Transport over a node's JSON-RPC WebSocket API (docs/rpc.md). Browser-safe: it
// uses only the WebSocket API, given or global. Writes are signed transactions sent in nonce order
// (signed-writes.ts); subscriptions are shared per topic and restored after a reconnect (subscriptions.ts).
import type { CallOptions, DeployOptions, SendOptions, Transport, Unsubscribe } from '../client/transport.js';
import { CallError } from '../errors/call-error.js';
import { SdkError, type SprocketError } from '../errors/sprocket-error.js';
import { fromHex, toHex } from '../scale/hex.js';
import type { ActorId, CodeId, MessageId } from '../types/scalars.js';
import { type Account, type DevAccountName, devAccount } from './account.js';
import { checkReconnect, checkTimeout } from './connect-options.js';
import {
  type AccountState,
  badReply,
  bigintField,
  hexField,
  idField,
  type MailboxEntry,
  type NodeInfo,
  numberField,
  type TxRecord,
  type TxRef,
  txRecordOf,
} from './node-answers.js';
import { asCallError, isRecord } from './node-error.js';
import { printError } from './platform.js';
import { type ReconnectOptions, RpcSocket } from './rpc-socket.js';
import { rpcUrl } from './rpc-url.js';
import { gasLimitOf, SignedWrites } from './signed-writes.js';
import { Subscriptions, type Topic, type WatchOptions } from './subscriptions.js';
import type { TxCall } from './transaction.js';
import { resolveWebSocket, type WebSocketClass } from './websocket.js';

/** Options of `connect`. */
export interface ConnectOptions {
  /** The account that signs writes (a dev account's name is enough on a dev node). Queries and events need none. */
  readonly account?: Account | DevAccountName;
  /** The WebSocket class; default `globalThis.WebSocket`. Node 20 has none: pass the `ws` package's export. */
  readonly WebSocket?: WebSocketClass;
  /** Milliseconds each request waits for the node's answer before it fails with TIMEOUT (default 30000, Infinity: no limit); NODE_UNAVAILABLE if it never reached the node. */
  readonly timeout?: number;
  /** How a dropped connection is re-established (`false`: never). */
  readonly reconnect?: ReconnectOptions | false;
  /** Failures no caller awaits (a subscription that could not be restored); default: `console.error`. */
  readonly onError?: (error: SprocketError) => void;
}

/** Milliseconds a request waits for the node's answer by default. */
const DEFAULT_TIMEOUT = 30_000;

/** The API's methods that change nothing (docs/rpc.md): sending one again after a lost connection is harmless. */
const READS: ReadonlySet<string> = new Set([
  'node_info',
  'chain_head',
  'chain_block',
  'account_get',
  'account_list',
  'code_get',
  'code_list',
  'actor_query',
  'actor_get',
  'actor_list',
  'mailbox_get',
  'message_get',
  'tx_get',
  'dev_trace',
  'unsubscribe',
]);

/** A Transport to a node, plus the node's own operations (code upload, balances, mailboxes). */
export class Connection implements Transport<Promise<MessageId>> {
  /** The node's WebSocket URL. */
  readonly url: string;
  /** The signing account, if any. */
  readonly account: Account | undefined;
  private readonly socket: RpcSocket;
  private readonly timeout: number;
  private readonly onError: (error: SprocketError) => void;
  /** Set by `close()`: what it cuts short was asked for, and is not reported to `onError`. */
  private closed = false;
  private infoPromise: Promise<NodeInfo> | undefined;
  /** The account's writes (made on the first one). */
  private writes: SignedWrites | undefined;
  private readonly subscriptions: Subscriptions;

  constructor(url: string, options: ConnectOptions = {}) {
    this.url = rpcUrl(url);
    const account = options.account;
    this.account = typeof account === 'string' ? devAccount(account) : account;
    this.timeout = checkTimeout(options.timeout ?? DEFAULT_TIMEOUT);
    const reconnect = checkReconnect(options.reconnect);
    this.onError = options.onError ?? ((error) => printError(error.message));
    this.subscriptions = new Subscriptions({
      url: this.url,
      read: (method, params, actor) => this.read(method, params, actor),
      onError: (error) => {
        if (!this.closed) this.onError(error);
      },
    });
    this.socket = new RpcSocket(
      this.url,
      resolveWebSocket(options.WebSocket),
      {
        notification: (method, params) => this.subscriptions.notified(method, params),
        reopened: () => this.subscriptions.resubscribe(),
        wantsConnection: () => this.subscriptions.active,
        // Reconnect attempts ran out while subscriptions were live: each watcher learns its subscription is suspended.
        error: (error) => {
          if (!this.closed) this.onError(this.subscriptions.suspended(error) ?? error);
        },
      },
      reconnect,
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

  /**
   * Subscribes to a topic; resolves once the node confirmed, rejects with a CallError if it refused. `options.onError`
   * is told when the subscription stops delivering (see `WatchOptions`).
   */
  watch(params: Topic, listener: (result: unknown) => void, options?: WatchOptions): Promise<Unsubscribe> {
    return this.subscriptions.watch(params, listener, options);
  }

  /**
   * Connects again now if the connection is down (after its reconnect attempts ran out), restoring its subscriptions;
   * any request does the same.
   */
  reconnect(): void {
    this.socket.connect();
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

  /**
   * Where the signed transaction of `signer` with `nonce` ran (`tx_get`): its block, place among the block's inputs,
   * message and status; null when the node ran none (never received, not run yet, or refused). A `pendingWrite` is a ref.
   */
  async transaction(ref: TxRef): Promise<TxRecord | null> {
    const params = { signer: ref.signer, nonce: ref.nonce.toString() };
    return txRecordOf(await this.read('tx_get', params, ref.signer), ref.signer);
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

  /**
   * Any method of the API with raw JSON params and result (e.g. `dev_mine`); failures are CallErrors. Only the API's
   * reads are sent again after a lost connection: anything else (`dev_mine`, `dev_mint`, a signed write) fails with
   * NODE_UNAVAILABLE then, since the node may have carried it out.
   */
  request(method: string, params: unknown = {}): Promise<unknown> {
    if (READS.has(method)) return this.read(method, params, this.url);
    return this.socket.request(method, params, { timeout: this.timeout, write: true, actor: this.url }).catch((error: unknown) => {
      throw asCallError(error, this.url);
    });
  }

  /** Closes the connection; pending requests fail with NODE_UNAVAILABLE. */
  close(): void {
    this.closed = true;
    this.subscriptions.clear();
    this.socket.close();
  }

  // ---- internals

  /** An unsigned request; failures are CallErrors about `actor`. */
  private read(method: string, params: unknown, actor: string): Promise<unknown> {
    return this.socket.request(method, params, { timeout: this.timeout, write: false, actor }).catch((error: unknown) => {
      throw asCallError(error, actor);
    });
  }

  /** Signs and sends a transaction with the connection's account (see signed-writes.ts). */
  private write(method: string, actor: string, call: TxCall, extra?: Record<string, unknown>): Promise<unknown> {
    const account = this.account;
    if (account === undefined) {
      return Promise.reject(
        new SdkError('SDK_BAD_ACCOUNT', `${method} is a signed write: pass connect(url, { account }) (e.g. devAccount('alice'))`),
      );
    }
    this.writes ??= new SignedWrites(account, {
      socket: this.socket,
      timeout: this.timeout,
      info: () => this.info(),
      forgetInfo: () => {
        this.infoPromise = undefined;
      },
      accountState: (address) => this.accountState(address),
      transaction: (ref) => this.transaction(ref),
      message: (messageId) => this.read('message_get', { messageId }, messageId),
    });
    return this.writes.write(method, actor, call, extra);
  }
}

/** Connects to a node (`ws://HOST:PORT/rpc`; a URL without a path gets `/rpc`). The socket opens on first use. */
export function connect(url: string, options: ConnectOptions = {}): Connection {
  return new Connection(url, options);
}
