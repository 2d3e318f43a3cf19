// Peers gone without a close (a laptop asleep, a dropped network path): the server pings every connection and closes
// the ones that stay silent, so they do not hold their places among maxConnections until the node stops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

/** Opens a WebSocket; `autoPong: false` makes it a peer that never answers a ping, as a dead one does. */
function open(url: string, autoPong: boolean): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { autoPong });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The first answer or the close code of a socket, within `ms`. */
function firstFrame(socket: WebSocket, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no frame within ${ms} ms`)), ms);
    socket.once('message', (data: Buffer) => {
      clearTimeout(timer);
      resolve(data.toString());
    });
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(`closed ${code}`);
    });
  });
}

describe('the RPC server and peers that went away silently', () => {
  let dir: string;
  let node: StartedNode;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sprocket-dead-peers-'));
    node = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0, maxConnections: 2, pingInterval: 100 });
  });
  afterAll(async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes connections that answer no ping, freeing their places; live ones stay open', async () => {
    const dead = await open(node.url, false);
    const live = await open(node.url, true);
    const deadClosed = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the silent connection was not closed within 2000 ms')), 2000);
      dead.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    // Both places are taken: a third connection is refused.
    const refused = await open(node.url, true);
    // (The OVERLOADED answer may come in the same read as the handshake, before a listener is set: then the close.)
    expect(await firstFrame(refused, 2000)).toMatch(/OVERLOADED|closed 1013/);
    refused.terminate();
    // Within two intervals the silent one is closed (1006: no close frame, as a dead peer gets).
    expect(await deadClosed).toBe(1006);
    expect(live.readyState).toBe(WebSocket.OPEN);
    // Its place is free once the server has seen the close (bounded: the close is already on its way).
    for (let i = 0; i < 1000 && node.server.connections.size >= 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const next = await open(node.url, true);
    next.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'node_info' }));
    expect(JSON.parse(await firstFrame(next, 2000)).result.chainId).toBe('sprocket-dev');
    // The live one has answered several pings meanwhile and still works.
    await new Promise((resolve) => setTimeout(resolve, 300));
    live.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'chain_head' }));
    expect(JSON.parse(await firstFrame(live, 2000)).result.height).toBeGreaterThanOrEqual(0);
    for (const socket of [dead, live, next]) socket.terminate();
  });
});
