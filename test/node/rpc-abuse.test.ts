// Clients that try to exhaust the node over JSON-RPC: one connection piling up subscriptions, or a consumer that
// never reads its answers. Each is bounded with a stable answer; the node keeps serving everyone else.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount } from '@sprocket/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RpcClient, type RpcError, Signer } from './support.js';

describe('the RPC server under abusive clients', () => {
  let dir: string;
  let node: StartedNode;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sprocket-abuse-'));
    node = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0, maxSubscriptions: 4, maxBuffered: 256 * 1024 });
  });
  afterAll(async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses subscriptions past the per-connection limit with OVERLOADED; the ones it holds keep working', async () => {
    const rpc = await RpcClient.connect(node.url);
    const heights: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await rpc.subscribe({ topic: 'blocks' }, (b: { height: number }) => heights.push(b.height)));
    const refused = await rpc.call('subscribe', { topic: 'blocks' }).then(
      () => undefined,
      (e: RpcError) => e,
    );
    expect(refused?.data).toMatchObject({ code: 'OVERLOADED', limit: 4 });
    expect(refused?.message).toMatch(/subscriptions on this connection/);
    // An unsubscribe frees a place; another connection has its own.
    expect(await rpc.call('unsubscribe', { subscription: ids[0] })).toBe(true);
    ids[0] = await rpc.subscribe({ topic: 'blocks' }, (b: { height: number }) => heights.push(b.height));
    const other = await RpcClient.connect(node.url);
    expect(await other.call('subscribe', { topic: 'blocks' })).toMatch(/^0x/);
    await rpc.call('dev_mine', { blocks: 1 });
    await rpc.call('chain_head');
    expect(heights.length).toBe(4);
    await other.close();
    await rpc.close();
  });

  it('drops a connection that does not read its answers before they pile up past maxBuffered; others go on', async () => {
    const slow = new WebSocket(node.url);
    await new Promise((resolve, reject) => {
      slow.once('open', resolve);
      slow.once('error', reject);
    });
    // The client stops reading: every answer stays in the server's send buffer once the kernel's buffers are full.
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const closed = new Promise<number>((resolve) => slow.once('close', (code) => resolve(code)));
    const padding = 'x'.repeat(2000);
    let sent = 0;
    // Requests whose answers echo a 2 KB id: 4,000 of them answer 8 MB, far past the limit and the kernel's buffers.
    for (let round = 0; round < 40 && slow.readyState === WebSocket.OPEN; round++) {
      for (let i = 0; i < 100; i++) slow.send(JSON.stringify({ jsonrpc: '2.0', id: `${padding}${sent++}`, method: 'chain_head' }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    let received = 0;
    slow.on('message', () => received++);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    expect(received).toBeLessThan(sent);
    const rpc = await RpcClient.connect(node.url);
    expect((await rpc.call('chain_head')).height).toBeGreaterThanOrEqual(0);
    await rpc.close();
  });
  it('refuses the answers of a batch past maxBuffered one by one (the requests ran), and keeps serving', async () => {
    const rpc = await RpcClient.connect(node.url);
    // One large message (a Send to an address without an actor is accepted): its message_get answers ~200 KB.
    const signer = new Signer(devAccount('charlie'), (await rpc.call('node_info')).chainId);
    const to = `0x${'77'.repeat(32)}` as const;
    const payload = new Uint8Array(100 * 1024).fill(7);
    const { messageId } = await rpc.call('message_send', signer.sign({ kind: 'Send', to, payload, value: 0n, gasLimit: null, delay: 0 }));
    const get = (id: number) => ({ jsonrpc: '2.0', id, method: 'message_get', params: { messageId } });
    // 1,000 such reads once asked for one 400 MB answer; 40 of an 8 MiB message passed the longest string V8 makes
    // and the failure to write it ended the node.
    const batch = [get(1), get(2), { jsonrpc: '2.0', id: 3, method: 'node_info' }, ...Array.from({ length: 200 }, (_, i) => get(4 + i))];
    const answer = await new Promise<{ id: number; result?: { payload: string }; error?: { data: { code: string; limit: number } } }[]>(
      (resolve) => {
        rpc.socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
        rpc.socket.send(JSON.stringify(batch));
      },
    );
    expect(answer.map((a) => a.id)).toEqual(batch.map((b) => b.id));
    expect(answer[0]?.result?.payload.length).toBe(2 + 2 * payload.length);
    expect(answer[1]?.error?.data).toEqual({ code: 'FRAME_TOO_LARGE', limit: 256 * 1024 });
    expect(answer[2]?.result).toMatchObject({ chainId: 'sprocket-dev' });
    expect(answer.slice(3).every((a) => a.error?.data.code === 'FRAME_TOO_LARGE')).toBe(true);
    // Alone, the same request is answered; the connection and the node go on.
    expect((await rpc.call('message_get', { messageId })).payload.length).toBe(2 + 2 * payload.length);
    await rpc.close();
  });
});
