// connect() against a real node's limits (docs/rpc.md "Limits"): a frame over --max-frame, a frame too large for the
// node to read at all, a connection beyond the node's limit, and a URL whose path is not the node's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { connect, devAccount, NodeError } from '@sprocket/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rejection } from '../call-rejection.js';

const MAX_FRAME = 4096;
const bob = devAccount('bob');
let dir: string;
let node: StartedNode;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sprocket-limits-'));
  node = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0, maxFrame: MAX_FRAME, maxConnections: 2 });
});

afterAll(async () => {
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Long enough that a request the client cannot match to its answer fails these tests by its TIMEOUT code, not by
// the test's own timeout; nothing here waits for it.
const open = () => connect(node.url, { account: devAccount('alice'), WebSocket, timeout: 20_000, reconnect: { attempts: 2, delayMs: 10 } });

describe('connect() at the node limits', () => {
  it('fails a request over the frame limit with PAYLOAD_TOO_LARGE (the node answers it with a null id), and keeps serving', async () => {
    const conn = open();
    try {
      // 3000 bytes are 6000 hex digits: over the 4096-byte frame limit, below the size at which the node closes.
      const [big, small] = await Promise.allSettled([conn.query(bob.address, new Uint8Array(3000)), conn.info()]);
      expect(small.status).toBe('fulfilled');
      const failed = await rejection(Promise.reject((big as PromiseRejectedResult).reason));
      expect(failed.code).toBe('PAYLOAD_TOO_LARGE');
      expect(failed.cause).toBeInstanceOf(NodeError);
      expect((failed.cause as NodeError).code).toBe('FRAME_TOO_LARGE');
      expect(failed.reason).toContain(`${MAX_FRAME} bytes`);
      const write = await rejection(conn.send(bob.address, new Uint8Array(3000)));
      expect(write.code).toBe('PAYLOAD_TOO_LARGE');
      // The nonce it took is skipped (gaps are allowed): the next write goes through.
      expect(await conn.send(bob.address, new Uint8Array(4))).toMatch(/^0x[0-9a-f]{64}$/);
    } finally {
      conn.close();
    }
  });

  it('fails a request too large for the node to read (it closes the connection) once, without sending it again', async () => {
    const conn = open();
    try {
      expect((await conn.info()).chainId).toBe('sprocket-dev');
      // 6000 bytes: 12000 hex digits, over twice the frame limit plus 1 KiB: the node closes the connection (1009).
      const failed = await rejection(conn.query(bob.address, new Uint8Array(6000)));
      expect(failed.code).toBe('PAYLOAD_TOO_LARGE');
      expect(failed.reason).toContain('--max-frame');
      const write = await rejection(conn.send(bob.address, new Uint8Array(6000)));
      expect(write.code).toBe('PAYLOAD_TOO_LARGE');
      // The connection comes back for what follows.
      expect((await conn.info()).chainId).toBe('sprocket-dev');
    } finally {
      conn.close();
    }
  });

  it('says the node is overloaded when it refuses the connection, instead of retrying for ever or asking if a node runs', async () => {
    const held = [open(), open()];
    try {
      for (const c of held) await c.info();
      const conn = connect(node.url, { WebSocket, timeout: 20_000, reconnect: { attempts: 2, delayMs: 10 } });
      try {
        const failed = await rejection(conn.info());
        expect(failed.code).toBe('NODE_UNAVAILABLE');
        expect(failed.reason).toContain('OVERLOADED');
        expect(failed.reason).not.toContain('is a node running there');
      } finally {
        conn.close();
      }
    } finally {
      for (const c of held) c.close();
    }
  });

  it('names the path when a server refuses the WebSocket handshake there', async () => {
    const conn = connect(node.url.replace('/rpc', '/nope'), { WebSocket, timeout: 20_000, reconnect: { attempts: 1, delayMs: 10 } });
    try {
      const failed = await rejection(conn.info());
      expect(failed.code).toBe('NODE_UNAVAILABLE');
      expect(failed.reason).toContain('A node serves /rpc');
    } finally {
      conn.close();
    }
  });
});
