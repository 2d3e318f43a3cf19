// The JSON-RPC 2.0 server: WebSocket (with subscriptions) and HTTP POST on one port, /health, limits on
// frames, batches, connections and pending requests. Bad input gets a stable error; nothing else is touched.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serveExplorer } from '@sprocket/explorer';
import { type WebSocket, WebSocketServer } from 'ws';
import { isNodeError, NodeError } from '../errors.js';
import type { PlacedEvent } from '../event-history.js';
import type { BlockOutput } from '../execution-records.js';
import type { SprocketNode } from '../node.js';
import { type Answer, AnswerBudget, type ErrorBody, errorBody, stringify } from './answers.js';
import { ConnectionLimit } from './connections.js';
import { requestIdOf, requestIdOfStart } from './frame-id.js';
import { METHOD_PARAMS, METHODS, type MethodContext } from './methods.js';
import { eventNotification, notifyBlock } from './notifications.js';
import { onlyParams, paramsOf } from './params.js';
import { type Sub, SubscriptionRegistry } from './subscriptions.js';
import { blockNotificationText } from './views.js';

/** Limits and address of the server. */
export interface RpcServerOptions {
  readonly host?: string;
  readonly port?: number;
  /** Largest frame or HTTP body in bytes. Default 16 MiB. */
  readonly maxFrame?: number;
  /**
   * Most open connections of any kind (HTTP keep-alive, WebSocket, a request still arriving); a WebSocket counts once.
   * One more is answered OVERLOADED and closed (HTTP 503; a WebSocket closes 1013). Default 1024.
   */
  readonly maxConnections?: number;
  /** Milliseconds a client has to send a request's headers before its connection is closed. Default 20,000 (0: none). */
  readonly headersTimeout?: number;
  /** Milliseconds a client has to send a whole request, body included. Default 120,000 (0: none). */
  readonly requestTimeout?: number;
  /** Milliseconds an idle HTTP keep-alive connection stays open between requests. Default 5,000. */
  readonly keepAliveTimeout?: number;
  /** Most requests in flight per connection. Default 4096. */
  readonly maxPending?: number;
  /** Most requests in one batch. Default 1000. */
  readonly maxBatch?: number;
  /** Most subscriptions per connection. Default 1024. */
  readonly maxSubscriptions?: number;
  /**
   * Most bytes of answers and notifications a connection may leave unread in the server's send buffer; a client
   * past it is disconnected (a consumer that never reads would otherwise grow the node's memory without end).
   * Default: 64 MiB, or 4 frames and 1 MiB if that is more (the largest single answer always fits).
   */
  readonly maxBuffered?: number;
  /**
   * Milliseconds between the pings the server sends each WebSocket connection; one that has answered neither a ping
   * nor sent anything for a whole interval is closed. Default 30,000 (0: no pings).
   */
  readonly pingInterval?: number;
}

/** A replay pauses once the connection holds this many unsent bytes (or a quarter of maxBuffered), until they are written out. */
const REPLAY_CHUNK = 1024 * 1024;
/** Events read from the history at a time for a replay. */
const REPLAY_EVENTS = 1000;

type Id = string | number | null;

function toErrorBody(error: unknown): ErrorBody {
  if (isNodeError(error))
    return errorBody(error.code === 'NODE_STORE' || error.code === 'NODE_VERIFY_FAILED' ? 'INTERNAL' : error.code, error.message, {
      ...error.data,
    });
  const message = error instanceof Error ? error.message : String(error);
  return errorBody('INTERNAL', `internal error: ${message}`);
}

/** Resolves on the next turn of the event loop, after every pending promise job. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function validId(id: unknown): id is Id {
  return id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
}

/** A running server. */
export class RpcServer {
  readonly http: Server;
  readonly wss: WebSocketServer;
  private readonly maxFrame: number;
  /** Every TCP connection, counted against maxConnections. */
  readonly connections: ConnectionLimit;
  private readonly maxPending: number;
  private readonly maxBatch: number;
  private readonly maxSubscriptions: number;
  private readonly maxBuffered: number;
  private readonly replayChunkBytes: number;
  private readonly sockets = new Set<WebSocket>();
  /** The connections that answered a ping or sent something since the last ping. */
  private readonly alive = new WeakSet<WebSocket>();
  private readonly pinger: NodeJS.Timeout | undefined;
  private nextSubscription = 1;
  private readonly stopBlocks: () => void;
  /** Every subscription, indexed by topic and filter. */
  readonly subs = new SubscriptionRegistry();

  constructor(
    readonly node: SprocketNode,
    private readonly options: RpcServerOptions = {},
  ) {
    this.maxFrame = options.maxFrame ?? 16 * 1024 * 1024;
    this.maxPending = options.maxPending ?? 4096;
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxSubscriptions = options.maxSubscriptions ?? 1024;
    this.maxBuffered = options.maxBuffered ?? Math.max(64 * 1024 * 1024, 4 * this.maxFrame + 1024 * 1024);
    this.replayChunkBytes = Math.min(REPLAY_CHUNK, Math.floor(this.maxBuffered / 4));
    const headersTimeout = options.headersTimeout ?? 20_000;
    const requestTimeout = options.requestTimeout ?? 120_000;
    if (requestTimeout > 0 && headersTimeout > requestTimeout)
      throw new NodeError('NODE_BAD_OPTION', `headersTimeout (${headersTimeout} ms) must not exceed requestTimeout (${requestTimeout} ms)`);
    this.connections = new ConnectionLimit(options.maxConnections ?? 1024, headersTimeout);
    this.http = createServer(
      {
        headersTimeout,
        requestTimeout,
        keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
        // Node checks the two timeouts only this often (30 s by default): a stalled client would keep its place
        // that much longer than the timeout says.
        connectionsCheckingInterval: Math.max(
          10,
          Math.min(5_000, Math.floor(Math.min(headersTimeout || 5_000, requestTimeout || 5_000) / 4)),
        ),
      },
      (req, res) => this.onHttp(req, res),
    );
    this.http.on('connection', (socket: Socket) => this.connections.admit(socket));
    this.http.on('clientError', (_e, socket) => socket.destroy());
    // The upgrade is handled here, not by ws, so that a refused connection is told why instead of being served.
    this.wss = new WebSocketServer({ noServer: true, path: '/rpc', maxPayload: this.maxFrame * 2 + 1024 });
    this.http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      if (!this.connections.isRefused(socket)) this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
      else if (!this.wss.shouldHandle(req)) this.connections.refuseUpgrade(socket);
      // A browser reports nothing of a refused handshake's status (a 503 would read as "no node there"): the socket
      // opens only to carry OVERLOADED and close 1013 (try again later), within the refused connection's grace.
      else this.wss.handleUpgrade(req, socket, head, (ws) => this.connections.refuseWebSocket(ws));
    });
    this.wss.on('connection', (socket) => this.onConnection(socket));
    this.wss.on('error', () => undefined);
    this.stopBlocks = node.onBlock((out) => this.notify(out));
    // A peer gone without a close (a laptop asleep, a dropped network path) never reads and never closes: without
    // pings its connection, and its place among maxConnections, would be held until the node stops.
    const pingInterval = options.pingInterval ?? 30_000;
    if (pingInterval > 0) {
      this.pinger = setInterval(() => this.ping(), pingInterval);
      this.pinger.unref();
    }
  }

  /** Closes the connections silent since the last ping, and pings the others. */
  private ping(): void {
    for (const socket of this.sockets) {
      if (!this.alive.has(socket)) {
        socket.terminate();
        continue;
      }
      this.alive.delete(socket);
      socket.ping();
    }
  }

  /** Listens; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 9944, this.options.host ?? '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  /** Closes every connection and the listener. */
  async close(): Promise<void> {
    this.stopBlocks();
    clearInterval(this.pinger);
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections?.();
    // Upgraded and refused connections are no longer the http server's to close.
    this.connections.destroyAll();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---------------------------------------------------------------- HTTP

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    if (this.connections.isRefused(req.socket)) {
      req.resume(); // a body left unread would make the close a reset, and the client could lose the answer
      res.setHeader('connection', 'close');
      this.send(res, 503, this.connections.overloadedAnswer());
      return;
    }
    const url = (req.url ?? '/').split('?')[0];
    // HEAD answers as GET does, with the same headers and no body (Node's response drops the body of a HEAD).
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (get && url === '/health') {
      this.send(res, 200, { ok: true, height: this.node.executor.height });
      return;
    }
    if (req.method === 'POST' && (url === '/rpc' || url === '/')) {
      this.onPost(req, res);
      return;
    }
    if (serveExplorer(req, res)) return; // the explorer page and its assets (GET/HEAD)
    if (get && url === '/') {
      const text = `Sprocket node ${this.node.chainId}: JSON-RPC at ws://HOST:PORT/rpc and POST /rpc (docs/rpc.md)\n`;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
      return;
    }
    this.send(res, 404, {
      jsonrpc: '2.0',
      id: null,
      error: errorBody('METHOD_NOT_FOUND', `no route ${req.method} ${url}; POST /rpc or GET /health`, {
        route: `${req.method} ${(url ?? '/').slice(0, 200)}`,
      }),
    });
  }

  private onPost(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > this.maxFrame) {
        over = true;
        const id = requestIdOfStart([...chunks, chunk]);
        chunks.length = 0;
        this.send(res, 413, {
          jsonrpc: '2.0',
          id,
          error: errorBody('FRAME_TOO_LARGE', `the body exceeds the limit of ${this.maxFrame} bytes`, { limit: this.maxFrame }),
        });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    // The client gone before its answer was written (it closed the connection): its waits for replies end.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    req.on('end', () => {
      if (over) return;
      const ctx: MethodContext = { node: this.node, maxCode: this.maxFrame, gone: gone.signal };
      void this.handleText(Buffer.concat(chunks).toString('utf8'), ctx).then((reply) => {
        if (reply === undefined) {
          res.writeHead(204);
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(reply);
        }
      });
    });
    req.on('error', () => res.destroy());
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    const text = stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  // ---------------------------------------------------------------- WebSocket

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    this.alive.add(socket);
    socket.on('pong', () => this.alive.add(socket));
    let pending = 0;
    // This connection's subscriptions: bounded, and what a request's replay and the close walk (never every one).
    const mine = new Set<string>();
    const gone = new AbortController();
    const ctx: MethodContext = {
      node: this.node,
      maxCode: this.maxFrame,
      gone: gone.signal,
      subscriptions: {
        subscribe: (topic, filter, after) => {
          if (mine.size >= this.maxSubscriptions) {
            throw new NodeError(
              'OVERLOADED',
              `too many subscriptions on this connection (limit ${this.maxSubscriptions}); unsubscribe first or open another connection`,
              { limit: this.maxSubscriptions },
            );
          }
          const id = `0x${(this.nextSubscription++).toString(16)}`;
          this.subs.add(id, { socket, topic, filter, replay: after, replaying: false });
          mine.add(id);
          return id;
        },
        unsubscribe: (id) => {
          const sub = this.subs.get(id);
          if (sub === undefined || sub.socket !== socket) return false;
          this.subs.delete(id);
          mine.delete(id);
          return true;
        },
      },
    };
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      this.alive.add(socket);
      if (data.length > this.maxFrame) {
        this.reply(
          socket,
          stringify({
            jsonrpc: '2.0',
            id: requestIdOf(data),
            error: errorBody('FRAME_TOO_LARGE', `the frame exceeds the limit of ${this.maxFrame} bytes`, { limit: this.maxFrame }),
          }),
        );
        return;
      }
      if (pending >= this.maxPending) {
        this.reply(
          socket,
          stringify({
            jsonrpc: '2.0',
            id: requestIdOf(data),
            error: errorBody('OVERLOADED', `too many requests in flight on this connection (limit ${this.maxPending}); retry later`),
          }),
        );
        return;
      }
      pending++;
      void this.handleText(isBinary ? data.toString('utf8') : data.toString(), ctx).then((reply) => {
        pending--;
        if (reply !== undefined) this.reply(socket, reply);
        this.replayPending(socket, mine);
      });
    });
    socket.on('close', () => {
      gone.abort();
      this.sockets.delete(socket);
      for (const id of mine) this.subs.delete(id);
      mine.clear();
    });
    socket.on('error', () => socket.terminate());
  }

  /** Sends `text`; `written` runs once it is written out (never if the connection closes first). */
  private reply(socket: WebSocket, text: string, written?: () => void): void {
    if (socket.readyState !== socket.OPEN) return;
    // A client that leaves this much unread is not reading: drop it rather than buffer for it without end.
    if (socket.bufferedAmount > this.maxBuffered) {
      socket.terminate();
      return;
    }
    if (written === undefined) socket.send(text);
    else socket.send(text, (error) => (error === undefined || error === null ? written() : undefined));
  }

  /** Starts the replays of subscriptions just answered, so the client knows their id before their events. */
  private replayPending(socket: WebSocket, mine: ReadonlySet<string>): void {
    for (const id of mine) {
      const sub = this.subs.get(id);
      if (sub === undefined || sub.replay === undefined || sub.replaying) continue;
      sub.replaying = true;
      this.replayChunk(id, sub, socket);
    }
  }

  /**
   * Sends the next events of a replay, until the connection holds replayChunkBytes unsent bytes, then goes on once the
   * last of them is written out. All at once, a replay of tens of megabytes (the history holds 100,000 events) went
   * past maxBuffered before the client could read it, and the client was dropped, again at each resubscribe. Live
   * events wait meanwhile: the history holds them too, and the subscription goes live once the replay caught up.
   */
  private replayChunk(id: string, sub: Sub, socket: WebSocket): void {
    // Unsubscribed or disconnected meanwhile: nothing more to send.
    if (this.subs.get(id) !== sub || sub.replay === undefined) return;
    const { events, gap } = this.node.eventHistory.since(sub.filter as string, sub.replay, REPLAY_EVENTS);
    if (gap) {
      this.reply(
        socket,
        stringify({ jsonrpc: '2.0', method: 'subscription', params: { subscription: id, result: { gap: true, actor: sub.filter } } }),
      );
    }
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as PlacedEvent;
      const text = eventNotification(id, event);
      sub.replay = { block: event.view.block, index: event.index };
      const more = i < events.length - 1 || events.length === REPLAY_EVENTS;
      if (more && socket.bufferedAmount + text.length >= this.replayChunkBytes) {
        this.reply(socket, text, () => this.replayChunk(id, sub, socket));
        return;
      }
      this.reply(socket, text);
    }
    if (events.length === REPLAY_EVENTS) {
      // The history may hold more: the next read on the next turn, so that blocks and other clients go on meanwhile.
      setImmediate(() => this.replayChunk(id, sub, socket));
      return;
    }
    // Caught up: every later event is live (no block runs between the history read and this line).
    sub.replay = undefined;
    sub.replaying = false;
  }

  private notify(out: BlockOutput): void {
    notifyBlock(
      this.subs,
      out,
      () => blockNotificationText(this.node.executor, out.block),
      (socket, text) => this.reply(socket, text),
    );
  }

  // ---------------------------------------------------------------- requests

  /** Handles one frame or body: a request or a batch; returns the response text (undefined: notifications only). */
  async handleText(text: string, ctx: MethodContext | undefined): Promise<string | undefined> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return stringify({ jsonrpc: '2.0', id: null, error: errorBody('PARSE_ERROR', `the frame is not JSON: ${(error as Error).message}`) });
    }
    const context = ctx ?? { node: this.node, maxCode: this.maxFrame };
    // Answers past what a connection may leave unread are refused one by one: a batch could otherwise ask for more
    // than one string can hold, and the failure to write it would end the process.
    const budget = new AnswerBudget(this.maxBuffered);
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return stringify({ jsonrpc: '2.0', id: null, error: errorBody('INVALID_REQUEST', 'an empty batch') });
      if (parsed.length > this.maxBatch) {
        return stringify({
          jsonrpc: '2.0',
          id: null,
          error: errorBody('OVERLOADED', `a batch of ${parsed.length} requests exceeds the limit of ${this.maxBatch}`),
        });
      }
      const texts: Promise<string | undefined>[] = [];
      for (const request of parsed) {
        const text = this.handleOne(request, context).then((answer) => (answer === undefined ? undefined : budget.encode(answer, true)));
        texts.push(text);
        // The next request starts once this answer is written (or on the next turn if it waits, e.g. for a reply): the
        // answers of a batch never all sit in memory as objects at once (1,000 reads of an 8 MiB message: 16 GB).
        await Promise.race([text, nextTurn()]);
      }
      const replies = (await Promise.all(texts)).filter((t): t is string => t !== undefined);
      return replies.length === 0 ? undefined : `[${replies.join(',')}]`;
    }
    const reply = await this.handleOne(parsed, context);
    return reply === undefined ? undefined : budget.encode(reply, false);
  }

  private async handleOne(request: unknown, ctx: MethodContext): Promise<Answer | undefined> {
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return { jsonrpc: '2.0', id: null, error: errorBody('INVALID_REQUEST', 'a request is a JSON object') };
    }
    const r = request as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    const hasId = 'id' in r;
    const id: Id = validId(r.id) ? r.id : null;
    if (r.jsonrpc !== '2.0' || typeof r.method !== 'string' || (hasId && !validId(r.id))) {
      return {
        jsonrpc: '2.0',
        id,
        error: errorBody(
          'INVALID_REQUEST',
          'not a JSON-RPC 2.0 request: it needs "jsonrpc": "2.0", a string "method" and an optional string or number "id"',
        ),
      };
    }
    const method = Object.hasOwn(METHODS, r.method) ? METHODS[r.method] : undefined;
    if (method === undefined) {
      return hasId
        ? {
            jsonrpc: '2.0',
            id,
            error: errorBody('METHOD_NOT_FOUND', `unknown method ${JSON.stringify(r.method.slice(0, 80))}`, {
              method: r.method.slice(0, 80),
            }),
          }
        : undefined;
    }
    try {
      const params = paramsOf(r.params);
      onlyParams(params, METHOD_PARAMS[r.method as keyof typeof METHOD_PARAMS], r.method);
      const result = await method(params, ctx);
      return hasId ? { jsonrpc: '2.0', id, result: result ?? null } : undefined;
    } catch (error) {
      if (!(error instanceof NodeError)) console.error(`sprocket node: internal error in ${r.method}:`, error);
      return hasId ? { jsonrpc: '2.0', id, error: toErrorBody(error) } : undefined;
    }
  }
}
