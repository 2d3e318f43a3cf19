// Every TCP connection counts against maxConnections (HTTP keep-alive, half-sent requests, WebSockets once), one
// past it is answered OVERLOADED (HTTP 503; a WebSocket closes 1013), and a client that stalls mid-request does not keep its place for ever.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type StartedNode, startNode } from '../start.js';
import { ConnectionLimit } from './connections.js';

/** Resolves once `holds` is true, polling; fails past a generous ceiling instead of waiting for ever. */
async function until(what: string, holds: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !holds(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!holds()) throw new Error(`${what}: still not so after 1000 polls`);
}

const opened: Socket[] = [];
const sockets: WebSocket[] = [];

/** A raw TCP connection to the server, with what it received so far and whether the server closed it. */
function raw(port: number): Promise<{ socket: Socket; received: () => string; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let text = '';
    let closed = false;
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve({ socket, received: () => text, closed: () => closed }));
    opened.push(socket);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('close', () => {
      closed = true;
    });
    socket.once('error', reject);
  });
}

/** Sends one whole request on a new connection and resolves with the response once the server closed it. */
async function refusedRequest(port: number, request: string): Promise<{ status: string; body: unknown }> {
  const c = await raw(port);
  c.socket.write(request);
  await until('the server answers and closes', c.closed);
  const [head, body] = c.received().split('\r\n\r\n', 2) as [string, string];
  return { status: head.split('\r\n')[0] as string, body: JSON.parse(body) };
}

function openWs(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    sockets.push(socket);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function rpc(socket: WebSocket, method: string): Promise<{ result?: unknown }> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method }));
  });
}

afterEach(() => {
  for (const s of opened.splice(0)) s.destroy();
  for (const s of sockets.splice(0)) s.terminate();
});

describe('the connection limit', () => {
  let dir: string;
  let node: StartedNode;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sprocket-conn-limit-'));
    node = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0, maxConnections: 3 });
  });
  afterAll(async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts keep-alive, unfinished and WebSocket connections (a WebSocket once), and refuses one more with OVERLOADED', async () => {
    const slow = await raw(node.port);
    slow.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'); // headers never finished
    const keep = await raw(node.port);
    keep.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await until('the keep-alive answer', () => keep.received().includes('"ok":true'));
    const ws = await openWs(node.url);
    // Three connections, three places: the WebSocket's upgrade did not take a second one.
    expect((await rpc(ws, 'node_info')).result).toMatchObject({ chainId: 'sprocket-dev' });
    expect(node.server.connections.size).toBe(3);

    const health = await refusedRequest(node.port, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(health.status).toBe('HTTP/1.1 503 Service Unavailable');
    expect(health.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: 1011, data: { code: 'OVERLOADED', limit: 3 } } });
    const body = '{"jsonrpc":"2.0","id":1,"method":"node_info"}';
    const post = await refusedRequest(
      node.port,
      `POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(post.status).toBe('HTTP/1.1 503 Service Unavailable');
    expect(post.body).toMatchObject({ error: { data: { code: 'OVERLOADED' } } });
    const refusedWs = new WebSocket(node.url);
    sockets.push(refusedWs);
    // Opened only to be told why: the OVERLOADED frame, then close 1013 (try again later).
    const told = await new Promise<{ frames: string[]; code: number | string }>((resolve) => {
      const frames: string[] = [];
      refusedWs.on('message', (data: Buffer) => frames.push(data.toString()));
      refusedWs.once('close', (code) => resolve({ frames, code }));
      refusedWs.once('error', (error) => resolve({ frames, code: error.message }));
    });
    expect(told.code).toBe(1013);
    expect(told.frames.map((f) => JSON.parse(f).error?.data)).toEqual([{ code: 'OVERLOADED', limit: 3 }]);
    expect(node.server.connections.size).toBe(3);

    // A place freed is a place served again.
    slow.socket.destroy();
    await until('the server sees the close', () => node.server.connections.size === 2);
    const again = await raw(node.port);
    again.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await until('the answer', again.closed);
    expect(again.received()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect((await rpc(ws, 'chain_head')).result).toMatchObject({ height: expect.any(Number) });
  });
});

describe('stalled connections', () => {
  let dir: string;
  let node: StartedNode;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sprocket-conn-stall-'));
    node = await startNode({
      dataDir: dir,
      port: 0,
      dev: true,
      blockTime: 0,
      maxConnections: 2,
      headersTimeout: 200,
      requestTimeout: 200,
      keepAliveTimeout: 200,
    });
  });
  afterAll(async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes a connection whose request never completes, and an idle keep-alive one, freeing their places', async () => {
    const ws = await openWs(node.url);
    const stalled = await raw(node.port);
    stalled.socket.write('POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"jsonrpc"'); // the body never ends
    await until('the stalled connection is closed', stalled.closed);
    // The WebSocket is older than the request timeout that closed the other, and is not subject to it.
    expect((await rpc(ws, 'node_info')).result).toMatchObject({ chainId: 'sprocket-dev' });
    const idle = await raw(node.port);
    idle.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await until('the keep-alive connection is closed once idle', idle.closed);
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200 OK/);
    await until('the server let both go', () => node.server.connections.size === 1);
  });
});

describe('ConnectionLimit', () => {
  /** A stand-in socket: what admit uses of one, and whether it was dropped. */
  class FakeSocket extends EventEmitter {
    destroyed = false;
    destroy(): void {
      if (this.destroyed) return;
      this.destroyed = true;
      this.emit('close');
    }
  }

  it('serves the limit, keeps as many refused ones to answer, drops the rest at once, and frees places on close', () => {
    const limit = new ConnectionLimit(2, 50);
    const all = Array.from({ length: 6 }, () => new FakeSocket());
    for (const s of all) limit.admit(s as unknown as Socket);
    expect(limit.size).toBe(2);
    expect(limit.refusing).toBe(2);
    expect(all.map((s) => limit.isRefused(s as unknown as Socket))).toEqual([false, false, true, true, false, false]);
    expect(all.map((s) => s.destroyed)).toEqual([false, false, false, false, true, true]);
    (all[0] as FakeSocket).destroy();
    (all[2] as FakeSocket).destroy();
    expect([limit.size, limit.refusing]).toEqual([1, 1]);
    const next = new FakeSocket();
    limit.admit(next as unknown as Socket);
    expect(limit.isRefused(next as unknown as Socket)).toBe(false);
    limit.destroyAll();
    expect([limit.size, limit.refusing]).toEqual([0, 0]);
  });
});
