// A resubscribe with `after` whose replay is larger than maxBuffered: the node sends it as the connection drains,
// instead of all at once (which went past maxBuffered and dropped the client, again at every resubscribe).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount, type GeneratedActor, requireGenerated } from '@sprocket/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import './crier-actor.js';
import { RpcClient, Signer } from './support.js';

const def: GeneratedActor = requireGenerated('NodeCrier');
const shout = def.services[0]?.functions.find((f) => f.name === 'Shout');

interface Placed {
  readonly block: number;
  readonly index: number;
  readonly gap?: boolean;
}

describe('an event replay larger than maxBuffered', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-replay-large-'));
  let started: StartedNode;
  let rpc: RpcClient;
  let alice: Signer;
  let address: string;

  beforeAll(async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0, maxBuffered: 1024 * 1024 });
    rpc = await RpcClient.connect(started.url);
    alice = new Signer(devAccount('alice'), (await rpc.call('node_info')).chainId);
    const { code } = await bundleContract('test/node/crier-actor.ts', { actor: 'NodeCrier' });
    const { codeId } = await rpc.call('code_upload', alice.sign({ kind: 'UploadCode', code }));
    const ctor = def.constructors[0]?.encodeCall([]) as Uint8Array;
    ({ address } = await rpc.call(
      'actor_deploy',
      alice.sign({ kind: 'Deploy', codeId, payload: ctor, value: 0n, salt: new Uint8Array(), gasLimit: null }),
    ));
    // Bundling and deploying can take past the default 10 s hook timeout on a loaded machine.
  }, 60_000);
  afterAll(async () => {
    await rpc.close();
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const shoutCall = (times: number, size: number) =>
    rpc.call(
      'message_call',
      alice.sign({
        kind: 'Call',
        to: address as never,
        payload: shout?.encodeCall([times, size]) as Uint8Array,
        value: 0n,
        gasLimit: null,
        timeout: null,
      }),
    );

  it('replays every event in order, then the ones published meanwhile, and keeps the connection', async () => {
    // 8,000 events of 2 KB: about 36 MB of notifications, 36 times maxBuffered and more than the kernel's buffers.
    for (let i = 0; i < 8; i++) await shoutCall(1000, 2000);
    const socket = new WebSocket(started.url);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const got: Placed[] = [];
    let closed: number | undefined;
    socket.on('close', (code) => {
      closed = code;
    });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got.length} of 8,500 events within 30 s (closed: ${closed})`)), 30_000);
      socket.on('message', (data: Buffer) => {
        const m = JSON.parse(data.toString()) as { params?: { result: Placed & { payload: string } } };
        if (m.params === undefined) return;
        got.push({ block: m.params.result.block, index: m.params.result.index, ...(m.params.result.gap ? { gap: true } : {}) });
        // Published while the replay is under way: they come after it, each once.
        if (got.length === 2000) void shoutCall(500, 10);
        if (got.length === 8500) {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`the node closed the connection after ${got.length} events`));
      });
    });
    socket.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'subscribe',
        params: { topic: 'events', actor: address, after: { block: 0, index: 0 } },
      }),
    );
    await done;
    expect(got.some((e) => e.gap)).toBe(false);
    // In order, each once.
    for (let i = 1; i < got.length; i++) {
      const [a, b] = [got[i - 1] as Placed, got[i] as Placed];
      expect(b.block > a.block || (b.block === a.block && b.index > a.index)).toBe(true);
    }
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.terminate();
  });
});
