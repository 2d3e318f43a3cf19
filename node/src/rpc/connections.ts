// Every TCP connection the server accepts counts against one limit, whatever it turns out to carry: HTTP keep-alive,
// a WebSocket (its upgrade keeps the same socket, so it counts once), or a client that never finishes its headers.
// Counting WebSockets alone let keep-alive and half-sent requests hold sockets without end.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { type Answer, errorBody, stringify } from './answers.js';

/** The longest a refused connection is kept to read its request and answer it 503 (shorter if headersTimeout is). */
const REFUSAL_GRACE_MS = 5_000;

/** The connections a server holds, bounded: past the limit a connection is refused with OVERLOADED. */
export class ConnectionLimit {
  private readonly held = new Set<Socket>();
  private readonly refused = new Set<Socket>();
  private readonly grace: number;

  /** `limit` connections are served; `headersTimeout` (0: none) shortens the grace a refused one gets. */
  constructor(
    readonly limit: number,
    headersTimeout: number,
  ) {
    this.grace = headersTimeout > 0 ? Math.min(REFUSAL_GRACE_MS, headersTimeout) : REFUSAL_GRACE_MS;
  }

  /** The connections served now (the refused ones not counted). */
  get size(): number {
    return this.held.size;
  }

  /** The refused connections not closed yet: at most `limit`, each for at most the grace. */
  get refusing(): number {
    return this.refused.size;
  }

  /**
   * Takes a connection the listener accepted: held if a place is free. Else it stays open only to be answered
   * (an HTTP client gets a 503 it can read, which a reset would not give it), for at most the grace, and no more
   * of those than `limit` at once: past that it is dropped unanswered, so the server never holds more than twice
   * the limit, however fast connections come.
   */
  admit(socket: Socket): void {
    if (this.held.size < this.limit) {
      this.held.add(socket);
      socket.once('close', () => this.held.delete(socket));
      return;
    }
    if (this.refused.size >= this.limit) {
      socket.destroy();
      return;
    }
    this.refused.add(socket);
    const timer = setTimeout(() => socket.destroy(), this.grace);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      this.refused.delete(socket);
    });
  }

  /** Whether `socket` was refused: its request gets {@link overloadedAnswer} and the connection closes. */
  isRefused(socket: Socket): boolean {
    return this.refused.has(socket);
  }

  /** The JSON-RPC answer of a refused connection. */
  overloadedAnswer(): Answer {
    return {
      jsonrpc: '2.0',
      id: null,
      error: errorBody('OVERLOADED', `too many connections (limit ${this.limit}); retry later`, { limit: this.limit }),
    };
  }

  /** Refuses a WebSocket opened on a refused connection: OVERLOADED, then close 1013 (try again later). */
  refuseWebSocket(ws: WebSocket): void {
    ws.send(stringify(this.overloadedAnswer()));
    ws.close(1013, 'overloaded');
  }

  /** Refuses an upgrade to another path on a refused connection: a plain 503. */
  refuseUpgrade(socket: Socket): void {
    const body = stringify(this.overloadedAnswer());
    socket.end(
      `HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  /** Drops every connection, served or refused. */
  destroyAll(): void {
    for (const socket of this.held) socket.destroy();
    for (const socket of this.refused) socket.destroy();
  }
}
