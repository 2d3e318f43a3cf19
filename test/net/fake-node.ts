// A small stand-in for a node's JSON-RPC WebSocket API (docs/rpc.md), enough to test `connect()`: it checks signed
// transactions (decode, chain id, signature, nonce) like a node, runs a counter with its generated codecs, and lets a
// test drop connections, stall methods and rewrite answers.
import {
  type ActorId,
  decodeTransaction,
  fromHex,
  type GeneratedEvent,
  type GeneratedFunction,
  type GeneratedService,
  readHeader,
  ScaleReader,
  toHex,
  verifySignature,
} from '@sprocket/sdk';
import { type WebSocket, WebSocketServer } from 'ws';
import { CounterDefinition } from '../../examples/counter/counter.gen.js';

/** The answer of a method: a result, or a JSON-RPC error. */
export class RpcFailure {
  constructor(
    readonly code: number,
    readonly message: string,
    readonly data: Record<string, unknown>,
  ) {}
}

/** A method handler of the fake node. */
export type Handler = (params: Record<string, unknown>, socket: WebSocket) => unknown;

const CHAIN = 'fake-chain';
export const COUNTER_ADDRESS: ActorId = `0x${'c0'.repeat(32)}`;
export const CODE_ID = `0x${'cd'.repeat(32)}`;

/** A fake node on a free port. */
export class FakeNode {
  readonly server: WebSocketServer;
  /** Every request received, in order. */
  readonly requests: { method: string; params: Record<string, unknown> }[] = [];
  /** Last accepted nonce per signer (the next one must be greater). */
  readonly lastNonce = new Map<string, bigint>();
  /** Methods a test overrides. */
  readonly overrides = new Map<string, Handler>();
  count = 0;
  /** Writes refused for a nonce not above the last accepted one. */
  nonceRefusals = 0;
  private nextSub = 1;
  private nextMessage = 1;
  private readonly subs = new Map<string, { socket: WebSocket; actor: string }>();
  connections = 0;

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (socket) => {
      this.connections++;
      socket.on('message', (data) => this.receive(socket, String(data)));
      socket.on('close', () => {
        for (const [id, sub] of this.subs) if (sub.socket === socket) this.subs.delete(id);
      });
    });
  }

  /** Starts a fake node on `port` (default 0: a free one; a given one restarts a node where a stopped one was). */
  static async start(port = 0): Promise<FakeNode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port, path: '/rpc' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new FakeNode(server);
  }

  /** The node's URL. */
  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the fake node is not listening on a port');
    return `ws://127.0.0.1:${address.port}/rpc`;
  }

  /** Live subscriptions. */
  get subscriptionCount(): number {
    return this.subs.size;
  }

  /** Closes every client connection (the server keeps listening). */
  dropConnections(): void {
    for (const client of this.server.clients) client.terminate();
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Publishes an event payload of `actor` to its subscribers. */
  emit(actor: string, payload: Uint8Array): void {
    for (const [id, sub] of this.subs) {
      if (sub.actor !== actor) continue;
      const result = { actor, payload: toHex(payload), messageId: this.messageId(), block: 1 };
      sub.socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { subscription: id, result } }));
    }
  }

  private receive(socket: WebSocket, text: string): void {
    const request = JSON.parse(text) as { id: number; method: string; params: Record<string, unknown> };
    this.requests.push({ method: request.method, params: request.params });
    let answer: unknown;
    try {
      const handler = this.overrides.get(request.method) ?? this.handlers[request.method];
      if (handler === undefined) throw new RpcFailure(-32601, 'method not found', { code: 'METHOD_NOT_FOUND', method: request.method });
      answer = handler(request.params, socket);
    } catch (error) {
      answer = error;
    }
    Promise.resolve(answer).then(
      (result) => this.answer(socket, request.id, result),
      (error: unknown) => this.answer(socket, request.id, error),
    );
  }

  private answer(socket: WebSocket, id: number, result: unknown): void {
    if (result === STALL) return;
    if (socket.readyState !== socket.OPEN) return;
    if (result instanceof RpcFailure) {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, error: { code: result.code, message: result.message, data: result.data } }));
    } else if (result instanceof Error) {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32603, message: result.message, data: { code: 'INTERNAL' } } }));
    } else {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, result }));
    }
  }

  private messageId(): string {
    return `0x${(this.nextMessage++).toString(16).padStart(64, '0')}`;
  }

  /** Checks a signed write like a node does; returns the decoded call. */
  accept(params: Record<string, unknown>): ReturnType<typeof decodeTransaction> {
    const bytes = fromHex(String(params.tx));
    const tx = decodeTransaction(bytes);
    if (tx.chainId !== CHAIN) throw new RpcFailure(1002, 'wrong chain', { code: 'WRONG_CHAIN', expected: CHAIN });
    if (!verifySignature(tx.signer, bytes, fromHex(String(params.signature)))) {
      throw new RpcFailure(1003, 'bad signature', { code: 'BAD_SIGNATURE' });
    }
    const last = this.lastNonce.get(tx.signer) ?? -1n;
    if (tx.nonce <= last) this.nonceRefusals++;
    if (tx.nonce <= last) throw new RpcFailure(1004, 'nonce already used', { code: 'BAD_NONCE', next: String(last + 1n) });
    this.lastNonce.set(tx.signer, tx.nonce);
    return tx;
  }

  private runCounter(payload: Uint8Array): Uint8Array {
    const service = CounterDefinition.services[0] as GeneratedService;
    const header = readHeader(new ScaleReader(payload));
    const fn = service.functions.find((f) => f.entryId === header.entryId) as GeneratedFunction;
    const reader = new ScaleReader(payload);
    readHeader(reader);
    const [value] = fn.decodeArgs(reader) as [number];
    if (fn.name === 'Add') {
      this.count += value;
      this.emit(COUNTER_ADDRESS, (service.events[0] as GeneratedEvent).encode(value));
    } else if (fn.name === 'Sub') {
      if (value > this.count) {
        throw new RpcFailure(1008, 'call failed', {
          code: 'CALL_FAILED',
          error: 'HANDLER_FAILED',
          reason: `underflow: ${this.count} - ${value}`,
          payload: '0x',
        });
      }
      this.count -= value;
    }
    return fn.encodeReply(this.count);
  }

  private readonly handlers: Record<string, Handler> = {
    node_info: () => ({ chainId: CHAIN, version: '0.0.0-fake', dev: true, blockTime: 0, height: 1, genesis: `0x${'00'.repeat(32)}` }),
    account_get: (params) => {
      const address = String(params.address);
      return { address, balance: '1000000000000000000000', nonce: String((this.lastNonce.get(address) ?? -1n) + 1n) };
    },
    code_upload: (params) => {
      this.accept(params);
      return { codeId: CODE_ID };
    },
    actor_deploy: (params) => {
      const tx = this.accept(params);
      if (tx.call.kind !== 'Deploy') throw new RpcFailure(-32602, 'not a deploy', { code: 'INVALID_PARAMS', path: 'tx' });
      if (tx.call.codeId !== CODE_ID) throw new RpcFailure(1006, 'no such code', { code: 'UNKNOWN_CODE' });
      const [start] = (CounterDefinition.constructors[0]?.decodeArgs(readAfterHeader(tx.call.payload)) ?? [null]) as [number | null];
      this.count = start ?? 0;
      return { address: COUNTER_ADDRESS, messageId: this.messageId() };
    },
    message_call: (params) => {
      const tx = this.accept(params);
      if (tx.call.kind !== 'Call') throw new RpcFailure(-32602, 'not a call', { code: 'INVALID_PARAMS', path: 'tx' });
      if (tx.call.to !== COUNTER_ADDRESS) throw new RpcFailure(1007, 'no actor there', { code: 'UNKNOWN_ACTOR' });
      return { messageId: this.messageId(), reply: toHex(this.runCounter(tx.call.payload)) };
    },
    message_send: (params) => {
      const tx = this.accept(params);
      if (tx.call.kind !== 'Send') throw new RpcFailure(-32602, 'not a send', { code: 'INVALID_PARAMS', path: 'tx' });
      this.runCounter(tx.call.payload);
      return { messageId: this.messageId() };
    },
    actor_query: (params) => {
      if (params.to !== COUNTER_ADDRESS) throw new RpcFailure(1007, 'no actor there', { code: 'UNKNOWN_ACTOR' });
      return { reply: toHex(this.runCounter(fromHex(String(params.payload)))) };
    },
    actor_get: (params) => {
      if (params.address !== COUNTER_ADDRESS) throw new RpcFailure(1007, 'no actor there', { code: 'UNKNOWN_ACTOR' });
      return { address: COUNTER_ADDRESS, actor: 'Counter', label: 'Counter', balance: '0', status: 'active', state: null };
    },
    mailbox_get: (params) => [
      { messageId: this.messageId(), from: COUNTER_ADDRESS, payload: '0x0102', value: '5', block: 3, to: params.address },
    ],
    subscribe: (params, socket) => {
      if (params.topic !== 'events') throw new RpcFailure(-32602, 'unknown topic', { code: 'INVALID_PARAMS', path: 'topic' });
      const id = `sub-${this.nextSub++}`;
      this.subs.set(id, { socket, actor: String(params.actor) });
      return id;
    },
    unsubscribe: (params) => this.subs.delete(String(params.subscription)),
  };
}

/** Answer nothing (a stalled method). */
export const STALL = Symbol('stall');

function readAfterHeader(payload: Uint8Array): ScaleReader {
  const reader = new ScaleReader(payload);
  readHeader(reader);
  return reader;
}
