// JSON-RPC 2.0 over one WebSocket that reconnects: requests wait for the socket, each has its own timeout, reads
// lost with a dropped socket are sent again, writes are not (their outcome is unknown), and notifications go to
// one handler.
import { CallError } from '../errors/call-error.js';
import { utf8Length } from '../scale/utf8.js';
import { isRecord, type RpcErrorObject } from './node-error.js';
import { startTimer, stopTimer, type TimerHandle } from './platform.js';
import { frameText, type WebSocketLike } from './websocket.js';

/** How a dropped connection is re-established. */
export interface ReconnectOptions {
  /** Attempts before the pending requests fail with NODE_UNAVAILABLE (default 8). */
  readonly attempts?: number;
  /** Delay before the first attempt in ms, doubled after each failed one (default 100); each wait is between half and all of it, at random. */
  readonly delayMs?: number;
  /** Upper bound of the delay in ms (default 5000). */
  readonly maxDelayMs?: number;
}

/** What the socket reports to its owner. */
export interface RpcSocketHooks {
  /** A server notification (`method` and `params` of a request without id). */
  notification(method: string, params: unknown): void;
  /** The socket opened again after a drop (not the first open): restore server-side state such as subscriptions. */
  reopened(): void;
  /** Whether to reconnect even with no request pending (live subscriptions). */
  wantsConnection(): boolean;
  /** A failure no request waits for (reconnect attempts exhausted while following subscriptions). */
  error(error: CallError): void;
}

/** Per-request options. */
export interface RequestOptions {
  /** Milliseconds to wait for the answer before failing with TIMEOUT. */
  readonly timeout: number;
  /** A write: not sent again after a drop, since the node may have accepted it. */
  readonly write: boolean;
  /** Who the request is about, for error messages (an address, or the node's URL). */
  readonly actor: string;
  /** Added to the TIMEOUT reason of a request the node got and did not answer (e.g. why it may take that long). */
  readonly timeoutNote?: string;
}

interface Pending {
  readonly id: number;
  readonly method: string;
  readonly frame: string;
  readonly options: RequestOptions;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: unknown) => void;
  timer: TimerHandle | undefined;
  sent: boolean;
  /** Connections lost while it was in flight. */
  drops: number;
}

/** A JSON-RPC connection to one node URL; see the file comment. */
export class RpcSocket {
  private socket: WebSocketLike | undefined;
  private open = false;
  private opened = false;
  private closed = false;
  private attempts = 0;
  private retryTimer: TimerHandle | undefined;
  /** How the last connection attempt or connection ended, when the socket said (for the NODE_UNAVAILABLE reason). */
  private lastFailure: Failure | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Requests sent and not answered yet, at most `maxInFlight`. */
  private inFlight = 0;
  /** Requests held back while `maxInFlight` were in flight, oldest first. */
  private waiting: Pending[] = [];
  private readonly reconnect: Required<ReconnectOptions>;

  constructor(
    private readonly url: string,
    private readonly WebSocket: new (url: string) => WebSocketLike,
    private readonly hooks: RpcSocketHooks,
    reconnect: ReconnectOptions | false = {},
    private readonly maxInFlight = MAX_IN_FLIGHT,
  ) {
    this.reconnect =
      reconnect === false
        ? { attempts: 0, delayMs: 0, maxDelayMs: 0 }
        : { attempts: reconnect.attempts ?? 8, delayMs: reconnect.delayMs ?? 100, maxDelayMs: reconnect.maxDelayMs ?? 5000 };
  }

  /** Sends a request; resolves with its result, rejects with a CallError (or the node's error object via `onError`). */
  request(method: string, params: unknown, options: RequestOptions): Promise<unknown> {
    if (this.closed) return Promise.reject(this.unavailable(options.actor, 'the connection was closed'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const frame = JSON.stringify({ jsonrpc: '2.0', id, method, params });
      const entry: Pending = { id, method, frame, options, resolve, reject, timer: undefined, sent: false, drops: 0 };
      // An Infinity timeout (connect()'s "no limit") starts no timer: one would fire at once.
      if (Number.isFinite(options.timeout))
        entry.timer = startTimer(() => {
          const sent = entry.sent;
          this.take(entry);
          if (!sent && this.open) {
            reject(
              new CallError('TIMEOUT', {
                actor: options.actor,
                reason: `${method}: not sent within ${options.timeout} ms: the connection's ${this.maxInFlight} places in flight were taken by requests ahead of it (a node takes a few thousand at once); send fewer at a time, or raise the timeout`,
              }),
            );
            return;
          }
          // A request still unsent never reached the node (no socket opened in all that time): that is not a slow
          // answer, and TIMEOUT would send the user looking at the actor.
          if (!sent) {
            reject(
              this.unavailable(options.actor, `${method}: ${unreachable(this.url, `within ${options.timeout} ms`, this.lastFailure)}`),
            );
            return;
          }
          const late = new CallError('TIMEOUT', {
            actor: options.actor,
            reason: `${method}: no answer from ${this.url} within ${options.timeout} ms${options.timeoutNote ?? ''}`,
          });
          if (options.write) unansweredWrites.add(late);
          reject(late);
        }, options.timeout);
      this.pending.set(id, entry);
      if (this.open) this.transmit(entry);
      else this.connect();
    });
  }

  /** Closes the socket for good: pending requests fail with NODE_UNAVAILABLE. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    stopTimer(this.retryTimer);
    this.failAll('the connection was closed', () => true);
    const socket = this.socket;
    this.socket = undefined;
    this.open = false;
    if (socket !== undefined) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onerror = () => {};
      socket.close(1000, 'closed by the client');
    }
  }

  /** Starts connecting unless a socket is open or on its way. */
  connect(): void {
    if (this.closed || this.socket !== undefined || this.retryTimer !== undefined) return;
    let socket: WebSocketLike;
    try {
      socket = new this.WebSocket(this.url);
    } catch (error) {
      this.failAll(`cannot open ${this.url}: ${error instanceof Error ? error.message : String(error)}`, () => true);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.open = true;
      const again = this.opened;
      this.opened = true;
      for (const entry of [...this.pending.values()]) if (!entry.sent) this.transmit(entry);
      if (again) this.hooks.reopened();
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = (event) => {
      // A close event follows and decides what happens; `ws` says here why a handshake failed (a wrong path's 400).
      const message = isRecord(event) ? event.message : undefined;
      if (typeof message === 'string' && message !== '') this.lastFailure = { byNode: false, text: message };
    };
    socket.onclose = (event) => this.dropped(socket, event);
  }

  private transmit(entry: Pending): void {
    // The node refuses requests beyond a few thousand in flight on one connection with an answer that names none of
    // them (id null): they would wait for their timeout. Hold the rest back here until answers come.
    if (this.inFlight >= this.maxInFlight) {
      this.waiting.push(entry);
      return;
    }
    entry.sent = true;
    this.inFlight++;
    try {
      (this.socket as WebSocketLike).send(entry.frame);
    } catch {
      // The socket is closing: its close event resends or fails the request.
      entry.sent = false;
      this.inFlight--;
    }
  }

  /** Forgets a settled request; a place in flight it frees goes to the oldest one held back. */
  private take(entry: Pending): void {
    this.pending.delete(entry.id);
    stopTimer(entry.timer);
    if (!entry.sent) return;
    entry.sent = false;
    this.inFlight--;
    while (this.open && !this.closed && this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const next = this.waiting.shift() as Pending;
      if (this.pending.get(next.id) === next && !next.sent) this.transmit(next);
    }
  }

  private receive(data: unknown): void {
    const text = frameText(data);
    let message: unknown;
    try {
      message = text === undefined ? undefined : JSON.parse(text);
    } catch {
      message = undefined;
    }
    // A frame that is not a JSON-RPC message cannot be matched to a request; the request's timeout reports it.
    if (!isRecord(message)) return;
    if (message.id !== null) {
      // The node serves this connection: a node that refuses it (too many connections: OVERLOADED, then a close)
      // opens it first, and counting attempts from the open would retry it for ever.
      this.attempts = 0;
      this.lastFailure = undefined;
    }
    if (typeof message.method === 'string' && message.id === undefined) {
      this.hooks.notification(message.method, message.params);
      return;
    }
    if (typeof message.id !== 'number') {
      if (message.id === null && isRecord(message.error)) this.unmatched(rpcError(message.error));
      return;
    }
    const entry = this.pending.get(message.id);
    if (entry === undefined) return;
    this.take(entry);
    if (isRecord(message.error)) entry.reject(rpcError(message.error));
    else entry.resolve(message.result);
  }

  /**
   * An error answer with a null id: the node refused a frame without reading it. FRAME_TOO_LARGE names its limit, so
   * the request it answers is the oldest one sent whose frame is over it (each gets its own answer, in order); left
   * unmatched, it would wait for its timeout, or for ever. Any other (OVERLOADED before a close) explains the close.
   */
  private unmatched(error: RpcErrorObject): void {
    const data = isRecord(error.data) ? error.data : {};
    const limit = data.limit;
    if (data.code === 'FRAME_TOO_LARGE' && typeof limit === 'number') {
      for (const entry of this.pending.values()) {
        if (!entry.sent || (entry.frame.length <= limit && utf8Length(entry.frame) <= limit)) continue;
        this.take(entry);
        entry.reject(error);
        return;
      }
      return;
    }
    this.lastFailure = {
      byNode: true,
      text: `the node answered ${typeof data.code === 'string' ? data.code : error.code}: ${error.message}`,
    };
  }

  private dropped(socket: WebSocketLike, event: { readonly code?: number; readonly reason?: string } | null | undefined): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.open = false;
    if (event?.code === 1009) this.refuseLargest();
    else if (this.lastFailure === undefined && event?.code === 1013)
      this.lastFailure = { byNode: true, text: 'the node closed the connection: it is overloaded (1013)' };
    // Writes in flight may or may not have been accepted: never send them twice here (a signed write's owner may,
    // with the same nonce, which the node accepts at most once).
    this.failAll(
      'the connection was lost before the node answered; the write may or may not have been accepted, so it is not sent again',
      (e) => e.sent && e.options.write,
      lostWrites,
    );
    // A node refusing the connection (1013) read nothing of it: its requests are sent again, on the attempts' count.
    if (event?.code !== 1013) this.failRepeatedDrops();
    for (const entry of this.pending.values()) entry.sent = false;
    this.inFlight = 0;
    this.waiting = [];
    if (this.closed || (this.pending.size === 0 && !this.hooks.wantsConnection())) return;
    this.attempts++;
    if (this.attempts > this.reconnect.attempts) {
      const reason = unreachable(this.url, `(${this.attempts} attempt${this.attempts === 1 ? '' : 's'})`, this.lastFailure);
      this.attempts = 0;
      this.failAll(reason, () => true);
      if (this.hooks.wantsConnection()) this.hooks.error(this.unavailable(this.url, reason));
      return;
    }
    const full = Math.min(this.reconnect.maxDelayMs, this.reconnect.delayMs * 2 ** (this.attempts - 1));
    // Between half and all of it, at random: the clients of a node that restarts do not all come back at one instant.
    const delay = full / 2 + Math.random() * (full / 2);
    this.retryTimer = startTimer(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  /**
   * The node closed the connection with 1009: a frame was too large even to read (over twice its frame limit). That
   * is the largest request sent: fail it with PAYLOAD_TOO_LARGE rather than send it again after the reconnect, which
   * would close the new connection the same way until the attempts ran out.
   */
  private refuseLargest(): void {
    let largest: Pending | undefined;
    for (const entry of this.pending.values()) {
      if (entry.sent && (largest === undefined || entry.frame.length > largest.frame.length)) largest = entry;
    }
    if (largest === undefined) return;
    this.take(largest);
    largest.reject(
      new CallError('PAYLOAD_TOO_LARGE', {
        actor: largest.options.actor,
        reason: `${largest.method}: ${this.url} closed the connection on this request's frame of ${utf8Length(largest.frame)} bytes, too large for it to read (1009); it did not run it. Send less, or start the node with a larger --max-frame`,
      }),
    );
  }

  /**
   * Fails a read lost with a second connection while it was in flight rather than send it a third time: that is
   * what a frame too large for the node to read does (the node closes the connection while it is still being
   * written, so the close is not a 1009), and each resend would close the new connection the same way.
   */
  private failRepeatedDrops(): void {
    for (const entry of [...this.pending.values()]) {
      if (!entry.sent || ++entry.drops < 2) continue;
      const bytes = utf8Length(entry.frame);
      const large =
        bytes > LARGE_FRAME
          ? `; its frame of ${bytes} bytes may be too large for the node to read (over twice its --max-frame, 16 MiB by default): send less`
          : '';
      this.take(entry);
      entry.reject(
        this.unavailable(
          entry.options.actor,
          `${entry.method}: the connection was lost twice while it was in flight, so it is not sent again${large}`,
        ),
      );
    }
  }

  private failAll(reason: string, which: (entry: Pending) => boolean, mark?: WeakSet<object>): void {
    for (const entry of [...this.pending.values()]) {
      if (!which(entry)) continue;
      this.take(entry);
      const error = this.unavailable(entry.options.actor, reason);
      mark?.add(error);
      entry.reject(error);
    }
  }

  private unavailable(actor: string, reason: string): CallError {
    return new CallError('NODE_UNAVAILABLE', { actor, reason });
  }
}

/** The failures of writes that were sent and lost with their connection (the node may have accepted them). */
const lostWrites = new WeakSet<object>();

/** The TIMEOUTs of writes the node got and did not answer in time (it may still run them). */
const unansweredWrites = new WeakSet<object>();

/** Whether a request failed because its connection was lost after it was sent as a write: its outcome is unknown. */
export function isLostWrite(error: unknown): boolean {
  return typeof error === 'object' && error !== null && lostWrites.has(error);
}

/** Whether a write failed with its outcome unknown: lost with its connection, or sent and not answered in time. */
export function isUnknownOutcome(error: unknown): boolean {
  return isLostWrite(error) || (typeof error === 'object' && error !== null && unansweredWrites.has(error));
}

/** How a connection attempt or connection ended: what the socket's error said, or what the node answered. */
interface Failure {
  readonly byNode: boolean;
  readonly text: string;
}

/** Bytes over which a request lost with two connections is named as possibly too large for the node. */
const LARGE_FRAME = 1024 * 1024;

/** Requests a connection has in flight at most: a node refuses those beyond 4096 (its default) without naming them. */
const MAX_IN_FLIGHT = 1024;

/** Why a request failed without reaching the node, with what to do about it (`last`: how the last attempt ended). */
function unreachable(url: string, how: string, last?: Failure): string {
  // A node answered (it is overloaded), or a server refused the handshake (`ws`: "Unexpected server response: 400",
  // a wrong path): asking whether a node runs there would send the user the wrong way.
  if (last?.byNode === true) return `cannot reach ${url} ${how}: ${last.text}`;
  if (last !== undefined && /Unexpected server response/.test(last.text)) {
    return `cannot reach ${url} ${how}: the server there refused the WebSocket handshake (${last.text}): is the path right? A node serves ${RPC_PATH}`;
  }
  const detail = last === undefined ? '' : ` ${last.text};`;
  return `cannot reach ${url} ${how}:${detail} is a node running there? Start one with \`npx sprocket node --dev\`, or point at another (\`--node URL\` in the CLI)`;
}

/** The path a node serves its WebSocket API on. */
const RPC_PATH = '/rpc';

/** A JSON-RPC `error` member as the node sent it, with defaults for what it left out. */
function rpcError(error: Record<string, unknown>): RpcErrorObject {
  return {
    code: typeof error.code === 'number' ? error.code : -32603,
    message: typeof error.message === 'string' ? error.message : 'error',
    data: error.data,
  };
}
