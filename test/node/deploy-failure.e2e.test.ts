// A constructor that throws on a node fails the deploy as it does in process: INIT_FAILED on the constructor's
// route (`NodeStrictStart.New`), naming the actor the deploy made (now failed), not the code it was asked about.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import { connect, devAccount, type GeneratedActor, isCallError, requireGenerated } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import './init-fail-actor.js';
import { RpcClient } from './support.js';

const def: GeneratedActor = requireGenerated('NodeStrictStart');

describe('a failed deploy over a node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-init-fail-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects with INIT_FAILED on the constructor route, naming the failed actor', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
    try {
      const bundle = await bundleContract('test/node/init-fail-actor.ts', { actor: 'NodeStrictStart' });
      const codeId = await conn.uploadCode(bundle.code);
      const error = await conn.deploy(codeId, def.constructors[0]?.encodeCall([0]) as Uint8Array).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (!isCallError(error)) throw new TypeError(`expected a CallError, got ${String(error)}`);
      expect(error.code).toBe('INIT_FAILED');
      expect(error.route).toBe('NodeStrictStart.New');
      expect(error.reason).toBe('start must be positive');
      expect(error.actor).not.toBe(codeId);
      expect(error.message).toBe(`INIT_FAILED: NodeStrictStart.New on ${error.actor}: start must be positive`);
      const rpc = await RpcClient.connect(started.url);
      try {
        expect(await rpc.call('actor_get', { address: error.actor })).toMatchObject({ codeId, status: 'failed' });
        // The deploy message is named by its constructor's route too, as the failure and the story name it.
        const messageId = (error.cause as { data?: { messageId?: string } } | undefined)?.data?.messageId;
        expect(await rpc.call('message_get', { messageId })).toMatchObject({ kind: 'Deploy', route: 'NodeStrictStart.New' });
      } finally {
        await rpc.close();
      }
    } finally {
      conn.close();
    }
  }, 120_000);

  it('rejects a deploy whose constructor outlives its timeout with TIMEOUT on the constructor route, naming the actor', async () => {
    if (started === undefined) throw new TypeError('the node of the first test is not running');
    const slow: GeneratedActor = requireGenerated('NodeSlowStart');
    const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
    try {
      const bundle = await bundleContract('test/node/init-fail-actor.ts', { actor: 'NodeSlowStart' });
      const codeId = await conn.uploadCode(bundle.code);
      const error = await conn.deploy(codeId, slow.constructors[0]?.encodeCall([5]) as Uint8Array, { timeout: 1 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (!isCallError(error)) throw new TypeError(`expected a CallError, got ${String(error)}`);
      expect(error).toMatchObject({ code: 'TIMEOUT', route: 'NodeSlowStart.New', reason: 'no reply within 1 block' });
      expect(error.actor).not.toBe(codeId);
      const rpc = await RpcClient.connect(started.url);
      try {
        expect(await rpc.call('actor_get', { address: error.actor })).toMatchObject({ codeId });
      } finally {
        await rpc.close();
      }
    } finally {
      conn.close();
    }
  }, 120_000);
});
