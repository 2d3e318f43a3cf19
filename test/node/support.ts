// Test support for the node: example bundles built with esbuild (the format `sprocket deploy` uploads),
// and a minimal signed JSON-RPC client over WebSocket.
import { type Account, type SignedTransaction, signTransaction, type TxCall } from '@sprocket/sdk';
import WebSocket from 'ws';

/** Bundles one actor of a module as uploaded code (the format `sprocket deploy` uploads). */
export { bundleActor } from '../../examples/node-bundle.js';

/** A JSON-RPC error as the client sees it. */
export class RpcError extends Error {
  constructor(
    readonly rpcCode: number,
    message: string,
    readonly data: { code: string; [k: string]: unknown },
  ) {
    super(message);
  }

  /** The stable string code (`data.code`). */
  get code(): string {
    return this.data.code;
  }
}

/** A minimal JSON-RPC 2.0 client over one WebSocket. */
export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private readonly listeners = new Map<string, (result: unknown) => void>();
  private early: { subscription: string; result: unknown }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as {
        id?: number;
        result?: unknown;
        error?: { code: number; message: string; data: { code: string } };
        method?: string;
        params?: { subscription: string; result: unknown };
      };
      if (msg.method === 'subscription' && msg.params !== undefined) {
        const listener = this.listeners.get(msg.params.subscription);
        // A notification may arrive in the same read as the subscribe answer, before the listener is set.
        if (listener === undefined) this.early.push(msg.params);
        else listener(msg.params.result);
        return;
      }
      const p = this.pending.get(msg.id as number);
      if (p === undefined) return;
      this.pending.delete(msg.id as number);
      if (msg.error !== undefined) p.reject(new RpcError(msg.error.code, msg.error.message, msg.error.data));
      else p.resolve(msg.result);
    });
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('connection closed'));
      this.pending.clear();
    });
  }

  /** Connects to `ws://…/rpc`. */
  static connect(url: string): Promise<RpcClient> {
    return new Promise((resolveClient, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolveClient(new RpcClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Calls a method. */
  // biome-ignore lint/suspicious/noExplicitAny: JSON-RPC results are untyped here; tests assert their shape.
  call<T = any>(method: string, params?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((res, rej) => {
      this.pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Subscribes; the listener gets each notification's result. */
  // biome-ignore lint/suspicious/noExplicitAny: notifications are untyped here; tests assert their shape.
  async subscribe(params: unknown, listener: (result: any) => void): Promise<string> {
    const id = await this.call<string>('subscribe', params);
    this.listeners.set(id, listener);
    const early = this.early.filter((n) => n.subscription === id);
    this.early = this.early.filter((n) => n.subscription !== id);
    for (const n of early) listener(n.result);
    return id;
  }

  /** Closes the socket. */
  close(): Promise<void> {
    return new Promise((res) => {
      if (this.socket.readyState === WebSocket.CLOSED) return res();
      this.socket.once('close', () => res());
      this.socket.close();
    });
  }
}

/** Signs transactions of one account with increasing nonces. */
export class Signer {
  nonce = 0n;

  constructor(
    readonly account: Account,
    readonly chainId: string,
  ) {}

  /** The next signed transaction. */
  sign(call: TxCall): SignedTransaction {
    return signTransaction(this.account, this.chainId, this.nonce++, call);
  }
}
