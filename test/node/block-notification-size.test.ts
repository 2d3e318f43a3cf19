// A block notification JSON cannot write (its messages past the longest string JavaScript makes) goes out with the
// messages' ids instead: before, the exception ended the notifications of every later subscriber of that block.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RpcClient } from './support.js';

describe('a block notification too large for one string', () => {
  let dir: string;
  let node: StartedNode;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sprocket-block-size-'));
    node = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches every blocks subscriber with the ids of its messages', async () => {
    const rpc = await RpcClient.connect(node.url);
    const seen: Record<string, unknown>[][] = [[], []];
    for (const list of seen) await rpc.subscribe({ topic: 'blocks' }, (b: Record<string, unknown>) => list.push(b));
    // A block view with messages is what JSON cannot write here (as a block of dozens of 8 MiB payloads cannot).
    const stringify = JSON.stringify;
    vi.spyOn(JSON, 'stringify').mockImplementation((value: unknown, ...rest: unknown[]) => {
      const v = value as { stateRoot?: unknown; messages?: unknown } | null;
      if (v !== null && typeof v === 'object' && 'stateRoot' in v && Array.isArray(v.messages))
        throw new RangeError('Invalid string length');
      return stringify(value, ...(rest as [undefined]));
    });
    await rpc.call('dev_mine', { blocks: 1 });
    await rpc.call('chain_head');
    vi.restoreAllMocks();
    for (const list of seen) {
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ messagesLeftOut: true, messageIds: expect.any(Array) });
      expect(list[0]).not.toHaveProperty('messages');
    }
    await rpc.close();
  });
});
