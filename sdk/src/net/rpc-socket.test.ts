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
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  send(data: string): void {
    if (!this.answer) return;
    const { id } = JSON.parse(data) as { id: number };
    queueMicrotask(() => this.onmessage?.({ data: JSON.stringify({ jsonrpc: '2.0', id, result: 1 }) }));
  }
  close(): void {}
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
