// A signed write lost with its connection, against a real node behind a proxy that cuts the connection at the worst
// moment: before the node read the write (it is sent again and its real answer returned), and after the node accepted
// it (the second sending is refused for its nonce: tx_get finds it, and its answer is read back).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import { connect, devAccount, type GeneratedActor, requireGenerated } from '@sprocket/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import '../node/state-root-actor.js';

const alice = devAccount('alice');
const bob = devAccount('bob');
let dir: string;
let node: StartedNode;
let proxy: Server;
const sockets = new Set<Socket>();
/** What the proxy does to the next chunk: pass it, or drop it and cut the connection. */
const cut = { clientNext: false, serverMatching: undefined as string | undefined };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sprocket-lost-write-'));
  node = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
  const target = Number(new URL(node.url).port);
  proxy = createServer((client) => {
    const server = tcpConnect({ host: '127.0.0.1', port: target });
    sockets.add(client);
    sockets.add(server);
    const end = () => {
      client.destroy();
      server.destroy();
    };
    let upgraded = false;
    client.on('data', (chunk: Buffer) => {
      // The first chunk is the HTTP upgrade; the ones after it are frames.
      if (upgraded && cut.clientNext) {
        cut.clientNext = false;
        end();
        return;
      }
      upgraded = true;
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      const match = cut.serverMatching;
      if (match !== undefined && chunk.includes(match)) {
        cut.serverMatching = undefined;
        end();
        return;
      }
      client.write(chunk);
    });
    client.on('close', end);
    server.on('close', end);
    client.on('error', end);
    server.on('error', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
});

const proxied = () => {
  const address = proxy.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy is not listening on a port');
  return connect(`ws://127.0.0.1:${address.port}/rpc`, {
    account: alice,
    WebSocket,
    timeout: 20_000,
    reconnect: { attempts: 5, delayMs: 10 },
  });
};

interface Input {
  signer?: string;
  nonce?: string;
  messageId?: string;
}

/** The inputs of the node's blocks of `signer` with `nonce` (the lookup docs/node-client.md shows). */
async function inputsOf(signer: string, nonce: bigint): Promise<Input[]> {
  const conn = connect(node.url, { WebSocket });
  try {
    const { height } = (await conn.request('chain_head')) as { height: number };
    const found: Input[] = [];
    for (let h = height; h > 0; h--) {
      const block = (await conn.request('chain_block', { height: h })) as { inputs: Input[] };
      found.push(...block.inputs.filter((i) => i.signer === signer && i.nonce === String(nonce)));
    }
    return found;
  } finally {
    conn.close();
  }
}

it('sends a write the node never read again, and returns its real answer; the node ran it once', async () => {
  const conn = proxied();
  try {
    await conn.send(bob.address, new Uint8Array([1]));
    const nonce = (await conn.accountState(alice.address)).nonce;
    cut.clientNext = true;
    const id = await conn.send(bob.address, new Uint8Array([2]));
    expect(cut.clientNext).toBe(false);
    const inputs = await inputsOf(alice.address, nonce);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.messageId).toBe(id);
  } finally {
    conn.close();
  }
});

it('returns the real answer of a write the node accepted before the cut, found by tx_get', async () => {
  const conn = proxied();
  try {
    await conn.send(bob.address, new Uint8Array([3]));
    const nonce = (await conn.accountState(alice.address)).nonce;
    cut.serverMatching = '"messageId"';
    const id = await conn.send(bob.address, new Uint8Array([4]));
    expect(cut.serverMatching).toBeUndefined();
    const inputs = await inputsOf(alice.address, nonce);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.messageId).toBe(id);
    expect(await conn.transaction({ signer: alice.address, nonce })).toMatchObject({
      kind: 'Send',
      messageId: id,
      signer: alice.address,
      nonce,
    });
    // The connection goes on with the next nonce.
    expect(await conn.send(bob.address, new Uint8Array([5]))).toMatch(/^0x[0-9a-f]{64}$/);
  } finally {
    conn.close();
  }
});

it('resolves a transfer the node accepted before the cut, and knows no transaction it never ran', async () => {
  const conn = proxied();
  try {
    const nonce = (await conn.accountState(alice.address)).nonce;
    const before = await conn.balance(bob.address);
    cut.serverMatching = '"result":{}';
    await conn.transfer(bob.address, 7n);
    expect(cut.serverMatching).toBeUndefined();
    expect(await conn.balance(bob.address)).toBe(before + 7n);
    expect(await conn.transaction({ signer: alice.address, nonce })).toMatchObject({ kind: 'Transfer', status: 'ok' });
    expect(await conn.transaction({ signer: alice.address, nonce: nonce + 100n })).toBeNull();
  } finally {
    conn.close();
  }
});

it('returns the reply of a call and the address of a deploy the node ran before the cut, read back with message_get', async () => {
  const def: GeneratedActor = requireGenerated('RootProbe');
  const nap = def.services[0]?.functions.find((f) => f.name === 'Nap');
  if (nap === undefined) throw new TypeError('RootProbe has no Nap');
  const conn = proxied();
  try {
    const bundle = await bundleContract('test/node/state-root-actor.ts', { actor: 'RootProbe' });
    const codeId = await conn.uploadCode(bundle.code);
    cut.serverMatching = '"address"';
    const address = await conn.deploy(codeId, def.constructors[0]?.encodeCall([false]) as Uint8Array);
    expect(cut.serverMatching).toBeUndefined();
    expect((await conn.request('actor_get', { address })) as { address: string }).toMatchObject({ address, status: 'active' });
    cut.serverMatching = '"reply"';
    expect(nap.decodeReply(await conn.call(address, nap.encodeCall([1])))).toBe(1);
    expect(cut.serverMatching).toBeUndefined();
  } finally {
    conn.close();
  }
});
