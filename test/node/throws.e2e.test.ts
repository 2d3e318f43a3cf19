// Sails' `-> T throws E` over a node: the error reply's payload (header ‖ SCALE(E)) reaches a generated client
// through connect() as a CallError carrying the typed E, for a call and for a query; message_get returns it as
// the message's reply, so the explorer can decode it; and a restart keeps it in the stored message record.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import {
  ActorClient,
  type CallError,
  connect,
  devAccount,
  type GeneratedActor,
  type GeneratedFunction,
  isCallError,
  type MessageId,
  requireGenerated,
  type SendResult,
} from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import './throws-actor.js';
import { RpcClient } from './support.js';

const def: GeneratedActor = requireGenerated('NodePurse');
const fn = (name: string): GeneratedFunction => def.services[0]?.functions.find((f) => f.name === name) as GeneratedFunction;

/** NodePurse's client, as `sprocket gen` writes one (the typed failure is decoded by `callFunction`). */
class PurseClient<S extends SendResult = MessageId> extends ActorClient<S> {
  withdraw(amount: bigint): Promise<bigint> {
    return this.callFunction(fn('Withdraw'), [amount]) as Promise<bigint>;
  }
  count(): Promise<bigint> {
    return this.callFunction(fn('Count'), []) as Promise<bigint>;
  }
  check(amount: bigint): Promise<bigint> {
    return this.callFunction(fn('Check'), [amount]) as Promise<bigint>;
  }
}

async function failure(p: Promise<unknown>): Promise<CallError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isCallError(error)) throw new TypeError(`expected a CallError, got ${String(error)}`);
  return error;
}

describe('typed errors over a node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-throws-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reach the generated client, message_get and a restarted node', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
    let messageId: string;
    try {
      const bundle = await bundleContract('test/node/throws-actor.ts', { actor: 'NodePurse' });
      const codeId = await conn.uploadCode(bundle.code);
      const address = await conn.deploy(codeId, def.constructors[0]?.encodeCall([]) as Uint8Array);
      const purse = new PurseClient<Promise<MessageId>>(conn, address);
      expect(await purse.withdraw(30n)).toBe(70n);

      const failed = await failure(purse.withdraw(100n));
      expect(failed.code).toBe('HANDLER_FAILED');
      expect(failed.payload).toEqual({ kind: 'Insufficient', short: 30n });
      expect(failed.route).toBe('NodePurse.Withdraw');
      // The err rolled its segment back: one withdrawal went through, then this one.
      expect(await purse.withdraw(0n)).toBe(70n);
      expect(await purse.count()).toBe(2n);

      const queried = await failure(purse.check(75n));
      expect(queried.payload).toEqual({ kind: 'Insufficient', short: 5n });

      // A message without a typed error keeps an empty payload: the client sees no `payload`.
      const plain = await failure(conn.call(address, new Uint8Array([1, 2, 3])));
      expect(plain.payload).toBeUndefined();

      messageId = (failed.cause as { data?: { messageId?: string } }).data?.messageId as string;
      expect(messageId).toMatch(/^0x/);
    } finally {
      conn.close();
    }
    const errorPayload = fn('Withdraw').decodeError?.bind(fn('Withdraw'));
    const readView = async (): Promise<{ status: string; replyCode: string; reply: string | null }> => {
      const rpc = await RpcClient.connect((started as StartedNode).url);
      try {
        return await rpc.call('message_get', { messageId });
      } finally {
        await rpc.close();
      }
    };
    const view = await readView();
    expect(view).toMatchObject({ status: 'error', replyCode: 'HANDLER_FAILED' });
    expect(errorPayload?.(Buffer.from((view.reply as string).slice(2), 'hex'))).toEqual({ kind: 'Insufficient', short: 30n });

    // After a restart the view comes from the stored message record.
    await started.stop();
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    expect(await readView()).toEqual(view);
  }, 120_000);
});
