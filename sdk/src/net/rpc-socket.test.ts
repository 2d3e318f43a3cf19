import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallError } from '../errors/call-error.js';
import { RpcSocket } from './rpc-socket.js';
import type { WebSocketLike } from './websocket.js';

/** A socket that opens only when told to, and answers every request with `result: 1`. */
class FakeSocket implements WebSocketLike {
  static last: FakeSocket | undefined;
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: { readonly code?: number; readonly reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  answer = true;
  /** The frames sent, in order. */
  readonly frames: string[] = [];
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  send(data: string): void {
    this.frames.push(data);
    if (!this.answer) return;
    const { id } = JSON.parse(data) as { id: number };
    queueMicrotask(() => this.onmessage?.({ data: JSON.stringify({ jsonrpc: '2.0', id, result: 1 }) }));
  }
  close(): void {}
  /** Answers the request of the nth frame sent. */
  reply(n: number): void {
    const { id } = JSON.parse(this.frames[n] as string) as { id: number };
    this.onmessage?.({ data: JSON.stringify({ jsonrpc: '2.0', id, result: id }) });
  }
}

const hooks = { notification() {}, reopened() {}, wantsConnection: () => false, error() {} };
const URL = 'ws://127.0.0.1:9/rpc';

async function failure(promise: Promise<unknown>): Promise<CallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CallError)) throw new Error(`expected a CallError, got ${String(error)}`);
  return error;
}

describe('a request that runs out of time', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is NODE_UNAVAILABLE when it never reached the node: no socket opened in all that time', async () => {
    const socket = new RpcSocket(URL, FakeSocket, hooks);
    const pending = failure(socket.request('node_info', {}, { timeout: 2000, write: false, actor: URL }));
    await vi.advanceTimersByTimeAsync(2000);
    const e = await pending;
    expect(e.code).toBe('NODE_UNAVAILABLE');
    expect(e.reason).toBe(
      `node_info: cannot reach ${URL} within 2000 ms: is a node running there? Start one with \`npx sprocket node --dev\`, or point at another (\`--node URL\` in the CLI)`,
    );
    socket.close();
  });

  it('is TIMEOUT when the node got it and did not answer', async () => {
    const socket = new RpcSocket(URL, FakeSocket, hooks);
    const pending = failure(socket.request('node_info', {}, { timeout: 2000, write: false, actor: URL }));
    const fake = FakeSocket.last as FakeSocket;
    fake.answer = false;
    fake.open();
    await vi.advanceTimersByTimeAsync(2000);
    const e = await pending;
    expect(e.code).toBe('TIMEOUT');
    expect(e.reason).toBe(`node_info: no answer from ${URL} within 2000 ms`);
    socket.close();
  });

  it('adds its timeoutNote to a TIMEOUT, and not to a request that never reached the node', async () => {
    const note = ', while the call may wait up to 9 blocks for its reply: fix it';
    const socket = new RpcSocket(URL, FakeSocket, hooks);
    const unsent = failure(socket.request('message_call', {}, { timeout: 1000, write: true, actor: URL, timeoutNote: note }));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await unsent).reason).not.toContain('9 blocks');
    const pending = failure(socket.request('message_call', {}, { timeout: 2000, write: true, actor: URL, timeoutNote: note }));
    const fake = FakeSocket.last as FakeSocket;
    fake.answer = false;
    fake.open();
    await vi.advanceTimersByTimeAsync(2000);
    const e = await pending;
    expect(e.code).toBe('TIMEOUT');
    expect(e.reason).toBe(`message_call: no answer from ${URL} within 2000 ms${note}`);
    socket.close();
  });

  it('resolves when the socket opens in time', async () => {
    const socket = new RpcSocket(URL, FakeSocket, hooks);
    const pending = socket.request('node_info', {}, { timeout: 2000, write: false, actor: URL });
    (FakeSocket.last as FakeSocket).open();
    await expect(pending).resolves.toBe(1);
    socket.close();
  });
});

describe('requests in flight', () => {
  it('sends at most maxInFlight at once and the next as answers come, so the node never refuses one it cannot name', async () => {
    const socket = new RpcSocket(URL, FakeSocket, hooks, {}, 3);
    const results = Array.from({ length: 5 }, () => socket.request('node_info', {}, { timeout: 60_000, write: false, actor: URL }));
    const fake = FakeSocket.last as FakeSocket;
    fake.answer = false;
    fake.open();
    expect(fake.frames).toHaveLength(3);
    fake.reply(0);
    expect(fake.frames).toHaveLength(4);
    expect(JSON.parse(fake.frames[3] as string).id).toBe(JSON.parse(fake.frames[0] as string).id + 3);
    for (const n of [1, 2, 3]) fake.reply(n);
    expect(fake.frames).toHaveLength(5);
    fake.reply(4);
    const ids = fake.frames.map((f) => (JSON.parse(f) as { id: number }).id);
    expect(await Promise.all(results)).toEqual(ids);
    socket.close();
  });

  it('fails one held back for its whole timeout with TIMEOUT saying so, not as an unreachable node', async () => {
    vi.useFakeTimers();
    try {
      const socket = new RpcSocket(URL, FakeSocket, hooks, {}, 1);
      const first = failure(socket.request('node_info', {}, { timeout: 5000, write: false, actor: URL }));
      const held = failure(socket.request('chain_head', {}, { timeout: 1000, write: false, actor: URL }));
      const fake = FakeSocket.last as FakeSocket;
      fake.answer = false;
      fake.open();
      await vi.advanceTimersByTimeAsync(1000);
      const e = await held;
      expect(e.code).toBe('TIMEOUT');
      expect(e.reason).toContain("the connection's 1 places in flight were taken by requests ahead of it");
      socket.close();
      expect((await first).code).toBe('NODE_UNAVAILABLE');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a read lost with the connection', () => {
  it('is sent again once, and fails when the second connection is lost too (a frame that closes every connection)', async () => {
    vi.useFakeTimers();
    try {
      const socket = new RpcSocket(URL, FakeSocket, hooks, { attempts: 5, delayMs: 10 });
      const pad = 'x'.repeat(2 * 1024 * 1024);
      const lost = failure(socket.request('actor_query', { pad }, { timeout: 60_000, write: false, actor: URL }));
      const first = FakeSocket.last as FakeSocket;
      first.answer = false;
      first.open();
      first.onclose?.({ code: 1006 });
      await vi.advanceTimersByTimeAsync(10);
      const second = FakeSocket.last as FakeSocket;
      expect(second).not.toBe(first);
      second.answer = false;
      second.open();
      expect(second.frames).toHaveLength(1);
      second.onclose?.({ code: 1006 });
      const e = await lost;
      expect(e.code).toBe('NODE_UNAVAILABLE');
      expect(e.reason).toContain('actor_query: the connection was lost twice while it was in flight');
      expect(e.reason).toContain('may be too large for the node to read');
      await vi.advanceTimersByTimeAsync(1000);
      // Nothing left to send: no third connection.
      expect(FakeSocket.last).toBe(second);
      socket.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('reconnect delays', () => {
  it('wait between half and all of the doubling delay, at random, so that clients do not all come back at once', async () => {
    vi.useFakeTimers();
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      const socket = new RpcSocket(URL, FakeSocket, hooks, { attempts: 5, delayMs: 100 });
      const read = socket.request('node_info', {}, { timeout: 60_000, write: false, actor: URL });
      const first = FakeSocket.last as FakeSocket;
      first.onclose?.({ code: 1006 });
      await vi.advanceTimersByTimeAsync(49);
      expect(FakeSocket.last).toBe(first);
      await vi.advanceTimersByTimeAsync(1);
      const second = FakeSocket.last as FakeSocket;
      expect(second).not.toBe(first);
      // The second wait doubles: 200 ms, of which a random draw of 0.99 waits 199.
      random.mockReturnValue(0.99);
      second.onclose?.({ code: 1006 });
      await vi.advanceTimersByTimeAsync(198);
      expect(FakeSocket.last).toBe(second);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeSocket.last).not.toBe(second);
      (FakeSocket.last as FakeSocket).open();
      expect(await read).toBe(1);
      socket.close();
    } finally {
      random.mockRestore();
      vi.useRealTimers();
    }
  });
});
