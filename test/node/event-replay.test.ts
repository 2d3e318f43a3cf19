// Events survive a lost connection: a subscription resumed with `after` replays what it missed, in order, once;
// connect() does that by itself after a reconnect. Also: a deploy's `timeout` bounds the wait for the constructor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StartedNode, startNode } from '@sprocket/node';
import { connect, devAccount, fromHex, readHeader, ScaleReader } from '@sprocket/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { main } from '../../compiler-plugin/src/cli/main.js';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { bundleActor, RpcClient, Signer } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fromHexPayload = (hex: string) => fromHex(hex, 'payload');

const svc = CounterClient.definition.services[0]!;
const add = svc.functions.find((f) => f.name === 'Add')!;
const ctor = CounterClient.definition.constructors.find((c) => c.name === 'New')!;

/** Resolves when `check` holds (bounded polling of the event loop). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('events across a lost connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-replay-'));
  let started: StartedNode;
  let rpc: RpcClient;
  let alice: Signer;
  let address: string;

  beforeAll(async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    rpc = await RpcClient.connect(started.url);
    alice = new Signer(devAccount('alice'), (await rpc.call('node_info')).chainId);
    const code = await bundleActor('examples/counter/counter.ts', 'Counter');
    const { codeId } = await rpc.call('code_upload', alice.sign({ kind: 'UploadCode', code }));
    const deployed = await rpc.call(
      'actor_deploy',
      alice.sign({ kind: 'Deploy', codeId, payload: ctor.encodeCall([0]), value: 0n, salt: new Uint8Array(), gasLimit: null }),
    );
    address = deployed.address;
  });
  afterAll(async () => {
    rpc.socket.close();
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const addBy = (n: number) =>
    rpc.call(
      'message_call',
      alice.sign({ kind: 'Call', to: address as never, payload: add.encodeCall([n]), value: 0n, gasLimit: null, timeout: null }),
    );

  it('replays the events after a place, then goes on live, each exactly once', async () => {
    const first: { block: number; index: number; payload: string }[] = [];
    await rpc.subscribe({ topic: 'events', actor: address }, (e) => first.push(e));
    await addBy(1);
    await until(() => first.length === 1, 'the first event');
    const cursor = { block: first[0]!.block, index: first[0]!.index };
    // Published while "disconnected": a subscription resumed after `cursor` must deliver these two first.
    await addBy(2);
    await addBy(3);
    const resumed: { block: number; payload: string; gap?: boolean }[] = [];
    await rpc.subscribe({ topic: 'events', actor: address, after: cursor }, (e) => resumed.push(e));
    await until(() => resumed.length === 2, 'the replayed events');
    await addBy(4);
    await until(() => resumed.length === 3, 'the live event');
    expect(resumed.every((e) => e.gap === undefined)).toBe(true);
    // The resumed subscription saw exactly what the one that never left saw after the cursor, in the same order.
    expect(first).toHaveLength(4);
    expect(resumed.map((e) => e.payload)).toEqual(first.slice(1).map((e) => e.payload));
    expect(resumed[0]!.block).toBeGreaterThan(cursor.block);
  });

  it('refuses a malformed cursor with INVALID_PARAMS', async () => {
    await expect(rpc.call('subscribe', { topic: 'events', actor: address, after: { block: -1, index: 0 } })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
    await expect(rpc.call('subscribe', { topic: 'events', actor: address, after: 'x' })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
  });

  it('connect() misses no event published while its connection was down', async () => {
    const errors: unknown[] = [];
    const conn = connect(started.url, {
      account: devAccount('bob'),
      WebSocket,
      reconnect: { attempts: 50, delayMs: 20 },
      onError: (e) => errors.push(e),
    });
    try {
      const counter = CounterClient.at(conn, address as never);
      const added: number[] = [];
      counter.on('Added', (n) => added.push(n));
      await until(() => started.server.wss.clients.size >= 2, 'the subscription connection');
      await counter.add(10);
      await until(() => added.length === 1, 'the first event');
      // Drop every connection but the test's own raw client, then publish while the client reconnects.
      for (const client of started.server.wss.clients) if (client !== serverSideOf(rpc)) client.terminate();
      await addBy(20);
      await addBy(30);
      await until(() => added.length === 3, 'the events published during the drop');
      await counter.add(40);
      await until(() => added.length === 4, 'the live event after the reconnect');
      expect(added).toEqual([10, 20, 30, 40]);
      expect(errors).toEqual([]);
    } finally {
      conn.close();
    }
  });

  it('replays the past events from a block on: connect().watch with fromBlock, and sprocket events --from', async () => {
    // Earlier tests published Added(1..4, 10, 20, 30, 40); the first of them is in the deploy's block or later.
    const errors: unknown[] = [];
    const conn = connect(started.url, { account: devAccount('bob'), WebSocket, onError: (e) => errors.push(e) });
    try {
      const all: { block: number; payload: string }[] = [];
      const stop = await conn.watch({ topic: 'events', actor: address as never, fromBlock: 0 }, (e) => all.push(e as never));
      await until(() => all.length === 8, 'the replayed events');
      const added = (e: { payload: string }) => {
        const reader = new ScaleReader(fromHexPayload(e.payload));
        readHeader(reader);
        return svc.events.find((x) => x.name === 'Added')!.decodeFields(reader);
      };
      expect(all.map(added)).toEqual([1, 2, 3, 4, 10, 20, 30, 40]);
      // From the block of the fifth event on: the fifth and later ones only.
      const later: { payload: string }[] = [];
      const stopLater = await conn.watch({ topic: 'events', actor: address as never, fromBlock: all[4]!.block }, (e) =>
        later.push(e as never),
      );
      await until(() => later.length === 4, 'the events from a later block');
      expect(later.map(added)).toEqual([10, 20, 30, 40]);
      stop();
      stopLater();
      await expect(conn.watch({ topic: 'events', actor: address as never, fromBlock: -1 }, () => {})).rejects.toMatchObject({
        code: 'SDK_BAD_OPTION',
      });
      // A block the node has not reached: refused, naming its next block, rather than followed in silence.
      await expect(conn.watch({ topic: 'events', actor: address as never, fromBlock: 1_000_000 }, () => {})).rejects.toMatchObject({
        code: 'SDK_BAD_OPTION',
        message: expect.stringMatching(/fromBlock 1000000 is beyond the node's next block, \d+/),
      });
      expect(errors).toEqual([]);
    } finally {
      conn.close();
    }

    let out = '';
    const abort = new AbortController();
    const running = main(['events', address, 'examples/counter/counter.ts', '--node', started.url, '--from', '0'], {
      stdout: (t) => {
        out += t;
      },
      stderr: () => {},
      cwd: ROOT,
      signal: abort.signal,
    });
    await until(() => out.trim().split('\n').length === 8, 'the CLI to print the past events');
    abort.abort();
    expect(await running).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { data: number }).data),
    ).toEqual([1, 2, 3, 4, 10, 20, 30, 40]);
  });

  it('takes an unsigned timeout beside a deploy and checks it', async () => {
    const code = await bundleActor('examples/counter/counter.ts', 'Counter');
    const { codeId } = await rpc.call('code_upload', alice.sign({ kind: 'UploadCode', code }));
    const deploy = (salt: number) =>
      alice.sign({ kind: 'Deploy', codeId, payload: ctor.encodeCall([7]), value: 0n, salt: new Uint8Array([salt]), gasLimit: null });
    await expect(rpc.call('actor_deploy', { ...deploy(1), timeout: 0 })).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    const deployed = await rpc.call('actor_deploy', { ...deploy(2), timeout: 5 });
    expect(deployed.address).toMatch(/^0x[0-9a-f]{64}$/);
  });

  /** The server's socket of the test's raw client: the one whose remote port is the client's local port. */
  function serverSideOf(client: RpcClient): unknown {
    const local = (client.socket as unknown as { _socket: { localPort: number } })._socket.localPort;
    for (const s of started.server.wss.clients) {
      if ((s as unknown as { _socket: { remotePort: number } })._socket.remotePort === local) return s;
    }
    return undefined;
  }
});

describe('events after a node whose data was reset', () => {
  const dirs: string[] = [];

  /**
   * A fresh dev node on `port` (0: a free one; a "reset" node takes the port of the one it replaces) with a Counter
   * deployed by alice (the same address on every fresh chain).
   */
  async function freshNode(
    port: number,
  ): Promise<{ node: StartedNode; rpc: RpcClient; address: string; addBy: (n: number) => Promise<unknown> }> {
    const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-reset-'));
    dirs.push(dir);
    const node = await startNode({ dataDir: dir, port, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(node.url);
    const alice = new Signer(devAccount('alice'), (await rpc.call('node_info')).chainId);
    const code = await bundleActor('examples/counter/counter.ts', 'Counter');
    const { codeId } = await rpc.call('code_upload', alice.sign({ kind: 'UploadCode', code }));
    const deployed = await rpc.call(
      'actor_deploy',
      alice.sign({ kind: 'Deploy', codeId, payload: ctor.encodeCall([0]), value: 0n, salt: new Uint8Array(), gasLimit: null }),
    );
    const addBy = (n: number) =>
      rpc.call(
        'message_call',
        alice.sign({ kind: 'Call', to: deployed.address, payload: add.encodeCall([n]), value: 0n, gasLimit: null, timeout: null }),
      );
    return { node, rpc, address: deployed.address, addBy };
  }

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses after.block beyond the head, and connect() tells a new chain by its genesis and goes on from the new chain's first block", async () => {
    const first = await freshNode(0);
    await first.rpc.call('dev_mine', { blocks: 20 });
    const head = (await first.rpc.call('node_info')).height as number;
    await expect(
      first.rpc.subscribe({ topic: 'events', actor: first.address, after: { block: head + 1, index: 0 } }, () => {}),
    ).rejects.toMatchObject({ data: { code: 'INVALID_PARAMS', path: 'after.block', block: head + 1, head } });

    const errors: { code: string; message: string }[] = [];
    const conn = connect(first.node.url, { WebSocket, onError: (e) => errors.push(e as never), reconnect: { attempts: 20, delayMs: 50 } });
    let second: Awaited<ReturnType<typeof freshNode>> | undefined;
    try {
      const added: number[] = [];
      CounterClient.at(conn, first.address as never).on('Added', (n) => added.push(n));
      await until(() => first.node.server.wss.clients.size >= 2, 'the subscription connection');
      await first.addBy(1);
      await until(() => added.length === 1, 'the first event');
      // The node's data is wiped: it starts again from block 0, below the place the subscription had reached.
      first.rpc.socket.close();
      await first.node.stop();
      second = await freshNode(first.node.port);
      expect(second.address).toBe(first.address);
      await until(() => errors.length === 1, 'the report of the reset');
      expect(errors[0]).toMatchObject({ code: 'NODE_REFUSED' });
      expect(errors[0]!.message).toMatch(
        /the node is on a new chain \(its block 0 is now 0x[0-9a-f]{64}; was the node's data reset\?\): this events subscription had reached block \d+ of the old one/,
      );
      const live = second;
      await until(() => live.node.server.wss.clients.size >= 2, 'the resubscription');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await second.addBy(5);
      await until(() => added.length === 2, 'the event of the new chain');
      expect(added).toEqual([1, 5]);
      expect(errors).toHaveLength(1);
    } finally {
      conn.close();
      second?.rpc.socket.close();
      await second?.node.stop();
    }
  });

  it("sprocket events warns on stderr and goes on following the new chain's events, instead of exiting", async () => {
    // The first node picks a free port; the "reset" node starts on an empty data dir on that same port.
    const first = await freshNode(0);
    let second: Awaited<ReturnType<typeof freshNode>> | undefined;
    let out = '';
    let err = '';
    const abort = new AbortController();
    const running = main(['events', first.address, 'examples/counter/counter.ts', '--node', first.node.url], {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      cwd: ROOT,
      signal: abort.signal,
    });
    let firstRunning = true;
    let exited = false;
    void running.then(() => {
      exited = true;
    });
    try {
      await until(() => err.includes('following the events of'), 'the CLI to follow');
      await first.rpc.call('dev_mine', { blocks: 20 });
      await first.addBy(1);
      await until(() => out.trim().split('\n').length === 1 && out !== '', 'the first event');
      first.rpc.socket.close();
      firstRunning = false;
      await first.node.stop();
      second = await freshNode(first.node.port);
      expect(second.address).toBe(first.address);
      await until(() => err.includes('warning:'), 'the warning about the reset');
      expect(err).toMatch(
        /sprocket events: warning: the node is on a new chain \(its block 0 is now 0x[0-9a-f]{64}; was the node's data reset\?\): .* goes on with the new chain's events from its first block; still following\n/,
      );
      expect(exited).toBe(false);
      const live = second;
      await until(() => live.node.server.wss.clients.size >= 2, 'the resubscription');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await second.addBy(5);
      await until(() => out.trim().split('\n').length === 2, 'the event of the new chain');
      expect(
        out
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { data: number }).data),
      ).toEqual([1, 5]);
      expect(exited).toBe(false);
      abort.abort();
      expect(await running).toBe(0);
    } finally {
      abort.abort();
      await running.catch(() => {});
      first.rpc.socket.close();
      if (firstRunning) await first.node.stop();
      second?.rpc.socket.close();
      await second?.node.stop();
    }
  });
});
