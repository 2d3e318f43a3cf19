// A block's notifications reach the subscriptions its events and mail concern, without reading the others, and the
// index forgets a subscription on unsubscribe and on its connection's close.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActorId } from '@sprocket/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { BlockOutput, BlockRecord, EventView } from '../execution-records.js';
import { type StartedNode, startNode } from '../start.js';
import { notifyBlock } from './notifications.js';
import { type Sub, SubscriptionRegistry } from './subscriptions.js';

const address = (n: number): ActorId => `0x${n.toString(16).padStart(64, '0')}` as ActorId;
const event = (actor: ActorId, name: string): EventView => ({ actor, name, payload: '0x', messageId: address(0), block: 7 });

/** Resolves once `holds` is true, polling; fails past a generous ceiling instead of waiting for ever. */
async function until(what: string, holds: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !holds(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!holds()) throw new Error(`${what}: still not so after 1000 polls`);
}

describe('the subscription index', () => {
  it('notifies only the subscriptions of the block’s actors, each its events in block order, and reads no other', () => {
    const registry = new SubscriptionRegistry();
    const reads = new Map<string, number>();
    // A subscription that counts how often the notification reads it.
    const counted = (id: string, sub: Sub): Sub =>
      new Proxy(sub, {
        get(target, key, receiver) {
          reads.set(id, (reads.get(id) ?? 0) + 1);
          return Reflect.get(target, key, receiver);
        },
      });
    const others = {} as WebSocket;
    const mine = {} as WebSocket;
    const watched = address(1);
    for (let i = 0; i < 2000; i++) {
      const id = `0xo${i}`;
      registry.add(id, counted(id, { socket: others, topic: 'events', filter: address(100 + i), replay: undefined, replaying: false }));
    }
    for (let i = 0; i < 100; i++) {
      const id = `0xm${i}`;
      registry.add(id, counted(id, { socket: others, topic: 'mailbox', filter: address(5000 + i), replay: undefined, replaying: false }));
    }
    registry.add('0xt', { socket: mine, topic: 'events', filter: watched, replay: undefined, replaying: false });
    // Waiting for its replay: the history sends it this block, in order, so the live notification skips it.
    registry.add('0xw', { socket: mine, topic: 'events', filter: watched, replay: { block: 3, index: 0 }, replaying: true });
    reads.clear();

    const out: BlockOutput = {
      block: {} as BlockRecord,
      events: [event(watched, 'A'), event(address(2), 'nobody'), event(watched, 'B'), event(watched, 'C')],
      mailbox: [],
      messages: [],
    };
    const sent: { socket: WebSocket; text: string }[] = [];
    notifyBlock(
      registry,
      out,
      () => {
        throw new Error('no blocks subscription: the block text is not made');
      },
      (socket, text) => sent.push({ socket, text }),
    );
    expect(sent.every((s) => s.socket === mine)).toBe(true);
    const results = sent.map((s) => JSON.parse(s.text).params);
    expect(results.map((p) => p.subscription)).toEqual(['0xt', '0xt', '0xt']);
    expect(results.map((p) => [p.result.name, p.result.index])).toEqual([
      ['A', 0],
      ['B', 2],
      ['C', 3],
    ]);
    // The 2,100 subscriptions of other actors and addresses were never looked at.
    expect(reads.size).toBe(0);
  });

  it('keeps the index in step with add and delete, and drops a filter nobody watches any more', () => {
    const registry = new SubscriptionRegistry();
    const socket = {} as WebSocket;
    registry.add('0x1', { socket, topic: 'blocks', filter: undefined, replay: undefined, replaying: false });
    registry.add('0x2', { socket, topic: 'events', filter: address(1), replay: undefined, replaying: false });
    registry.add('0x3', { socket, topic: 'events', filter: address(1), replay: undefined, replaying: false });
    registry.add('0x4', { socket, topic: 'mailbox', filter: address(2), replay: undefined, replaying: false });
    expect(registry.indexed()).toEqual({ ids: 4, filters: 2 });
    expect(registry.delete('0x2')).toBe(true);
    expect(registry.delete('0x2')).toBe(false);
    expect([...registry.events(address(1))]).toEqual(['0x3']);
    for (const id of ['0x1', '0x3', '0x4']) registry.delete(id);
    expect(registry.indexed()).toEqual({ ids: 0, filters: 0 });
    expect(registry.size).toBe(0);
  });
});

describe('the subscription index of a running server', () => {
  let dir: string;
  let node: StartedNode;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sprocket-subs-index-'));
    node = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
  });
  afterAll(async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forgets a subscription on unsubscribe, and every one of a connection when it closes', async () => {
    const socket = new WebSocket(node.url);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const answers = new Map<number, { result?: unknown }>();
    socket.on('message', (data: Buffer) => {
      const parsed = JSON.parse(data.toString());
      for (const answer of Array.isArray(parsed) ? parsed : [parsed]) if (typeof answer.id === 'number') answers.set(answer.id, answer);
    });
    const batch = [
      { jsonrpc: '2.0', id: 0, method: 'subscribe', params: { topic: 'blocks' } },
      { jsonrpc: '2.0', id: 1, method: 'subscribe', params: { topic: 'mailbox', address: address(9) } },
      ...Array.from({ length: 50 }, (_, i) => ({
        jsonrpc: '2.0',
        id: 2 + i,
        method: 'subscribe',
        params: { topic: 'events', actor: address(100 + i) },
      })),
    ];
    socket.send(JSON.stringify(batch));
    await until('the subscribe answers', () => answers.size === batch.length);
    expect(node.server.subs.indexed()).toEqual({ ids: 52, filters: 51 });
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 100, method: 'unsubscribe', params: { subscription: answers.get(2)?.result } }));
    await until('the unsubscribe answer', () => answers.has(100));
    expect(answers.get(100)?.result).toBe(true);
    expect(node.server.subs.indexed()).toEqual({ ids: 51, filters: 50 });
    socket.close();
    await until('the close reaches the server', () => node.server.subs.size === 0);
    expect(node.server.subs.indexed()).toEqual({ ids: 0, filters: 0 });
  });
});
