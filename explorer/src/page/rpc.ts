import { signal } from '@preact/signals';
import { SprocketError } from '@sprocket/sdk';

/** An error answer of the node (or a transport failure): `code` is the node's `data.code` (docs/rpc.md). */
export class RpcError extends SprocketError {
  /** The JSON-RPC `error.code` (0 for transport failures). */
  readonly rpcCode: number;
  /** The JSON-RPC `error.data`, when the node sent one. */
  readonly data: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, rpcCode: number, data?: Record<string, unknown>, cause?: unknown) {
    super(code, message, { cause });
    this.rpcCode = rpcCode;
    this.data = data;
  }
}

/** The connection's state, for the header's indicator. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending {
  resolve(value: unknown): void;
  reject(error: RpcError): void;
  timer: ReturnType<typeof setTimeout>;
}

interface Subscription {
  readonly params: Record<string, unknown>;
  readonly onResult: (result: unknown) => void;
  serverId: unknown;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A JSON-RPC 2.0 client over one WebSocket: requests with timeouts, subscriptions that are renewed after a
 * reconnect, and a reconnect with backoff when the socket closes.
 */
export class RpcClient {
  /** The current connection state. */
  readonly state = signal<ConnectionState>('connecting');
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Set<Subscription>();
  private readonly byServerId = new Map<string, Subscription>();
  // Settles when a socket opens. A failed attempt keeps it, so a request made while the node is away goes out once
  // the node is back (bounded by its timeout) instead of waiting on an attempt that never opens.
  private opened: Promise<void> | undefined;
  private markOpen: (() => void) | undefined;
  private dialing = false;
  private readonly openListeners = new Set<() => void>();
  private retry = 0;
  private closedByUser = false;

  constructor(readonly url: string) {}

  /** Opens the socket (idempotent); resolves when it is open, however many attempts that takes. */
  connect(): Promise<void> {
    if (this.opened === undefined)
      this.opened = new Promise<void>((resolve) => {
        this.markOpen = resolve;
      });
    if (!this.dialing) this.dial();
    return this.opened;
  }

  /** Calls `listener` whenever a socket opens (after a close, the node may have restarted or reset its chain). */
  onOpen(listener: () => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  private dial(): void {
    this.dialing = true;
    if (this.state.value !== 'closed') this.state.value = 'connecting';
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.state.value = 'open';
      this.markOpen?.();
      if (this.opened === undefined) this.opened = Promise.resolve();
      for (const sub of this.subs) void this.renew(sub);
      for (const l of this.openListeners) l();
    };
    ws.onmessage = (ev) => this.onFrame(String(ev.data));
    ws.onclose = () => {
      const wasOpen = this.state.value === 'open';
      this.ws = undefined;
      if (wasOpen) {
        this.opened = undefined;
        this.markOpen = undefined;
      }
      this.state.value = 'closed';
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new RpcError('DISCONNECTED', 'the connection to the node closed', 0));
        this.pending.delete(id);
      }
      this.byServerId.clear();
      if (this.closedByUser) {
        this.dialing = false;
        return;
      }
      const delay = Math.min(5000, 250 * 2 ** this.retry++);
      setTimeout(() => this.dial(), delay);
    };
  }

  /** Closes the socket for good. */
  close(): void {
    this.closedByUser = true;
    this.ws?.close();
  }

  /** Calls a method; rejects with an RpcError carrying the node's stable code. */
  async request<T>(method: string, params?: unknown): Promise<T> {
    // The timeout covers the wait for a connection too: a node that stays away gives an error, never a spinner.
    const deadline = Date.now() + REQUEST_TIMEOUT_MS;
    const timedOut = () => new RpcError('TIMEOUT', `${method}: no answer from the node in ${REQUEST_TIMEOUT_MS / 1000} s`, 0);
    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.connect(),
        new Promise<never>((_, reject) => {
          waitTimer = setTimeout(() => reject(timedOut()), REQUEST_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(waitTimer);
    }
    const ws = this.ws;
    if (ws === undefined) throw new RpcError('DISCONNECTED', 'not connected to the node', 0);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.pending.delete(id);
          reject(timedOut());
        },
        Math.max(0, deadline - Date.now()),
      );
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      ws.send(JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Subscribes to a topic (`{ topic: 'blocks' }` …); renewed on reconnect; returns the unsubscribe function. */
  subscribe(params: Record<string, unknown>, onResult: (result: unknown) => void): () => void {
    const sub: Subscription = { params, onResult, serverId: undefined };
    this.subs.add(sub);
    void this.renew(sub);
    return () => {
      this.subs.delete(sub);
      if (sub.serverId !== undefined) {
        this.byServerId.delete(String(sub.serverId));
        this.request('unsubscribe', { subscription: sub.serverId }).catch(() => undefined);
      }
    };
  }

  private async renew(sub: Subscription): Promise<void> {
    try {
      const id = await this.request<unknown>('subscribe', sub.params);
      if (!this.subs.has(sub)) {
        this.request('unsubscribe', { subscription: id }).catch(() => undefined);
        return;
      }
      sub.serverId = id;
      this.byServerId.set(String(id), sub);
    } catch {
      // Renewed on the next reconnect.
    }
  }

  private onFrame(text: string): void {
    let msg: {
      id?: unknown;
      result?: unknown;
      error?: { code?: number; message?: string; data?: Record<string, unknown> };
      method?: string;
      params?: { subscription?: unknown; result?: unknown };
    };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.method === 'subscription' && msg.params !== undefined) {
      this.byServerId.get(String(msg.params.subscription))?.onResult(msg.params.result);
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = this.pending.get(msg.id);
    if (p === undefined) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error !== undefined) {
      const data = msg.error.data;
      const code = typeof data?.code === 'string' ? data.code : 'RPC_ERROR';
      p.reject(new RpcError(code, msg.error.message ?? code, msg.error.code ?? 0, data));
    } else p.resolve(msg.result);
  }
}

/** The node's WebSocket URL: `?node=ws://…` in the page's address, else `/rpc` on the page's own host. */
export function defaultRpcUrl(): string {
  const fromQuery = new URLSearchParams(location.search).get('node');
  if (fromQuery !== null && /^wss?:\/\//.test(fromQuery)) return fromQuery;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`;
}
