// Restart from a checkpoint: a node that resumes from its newest checkpoint (a token with nested Maps and
// plain objects in its state) reaches the same state roots as a reference run fed the same inputs from genesis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { Executor, SprocketNode, SqliteLog } from '@sprocket/node';
import { type ActorId, devAccount, fromHex, requireGenerated, type SignedTransaction } from '@sprocket/sdk';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenClient } from '../../examples/token/token.gen.js';
import '../adversary/node-hostile-actor.js';
import { bundleActor, Signer } from './support.js';

const svc = TokenClient.definition.services[0]!;
const fn = (name: string) => svc.functions.find((f) => f.name === name)!;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function run(node: SprocketNode, signed: SignedTransaction): Promise<void> {
  const { position } = await node.submit(fromHex(signed.tx), fromHex(signed.signature));
  const result = await node.executor.resultOf(position);
  expect(result.error).toBeUndefined();
}

async function referenceRoot(dir: string, height: number): Promise<string | undefined> {
  const log = new SqliteLog(dir);
  const entries = [...log.read(1)];
  await log.close();
  const genesis = entries[0]?.entry;
  if (genesis?.kind !== 'genesis') throw new Error('no genesis');
  const reference = new Executor(genesis);
  for (const item of entries.slice(1)) await reference.apply(item);
  return reference.blocks.get(height)?.stateRoot;
}

/** Uploads and deploys the NodeHostile actor on `node` as alice; its functions by name, and a signer of sends to it. */
async function deployHostile(node: SprocketNode) {
  const def = requireGenerated('NodeHostile');
  const hostile = (name: string) => def.services[0]!.functions.find((f) => f.name === name)!;
  const alice = new Signer(devAccount('alice'), node.chainId);
  await run(
    node,
    alice.sign({
      kind: 'UploadCode',
      code: (await bundleContract('test/adversary/node-hostile-actor.ts', { actor: 'NodeHostile' })).code,
    }),
  );
  const codeId = [...node.executor.codes.keys()][0]!;
  const deploy = alice.sign({
    kind: 'Deploy',
    codeId,
    payload: def.constructors[0]!.encodeCall([]),
    value: 0n,
    salt: new Uint8Array(),
    gasLimit: null,
  });
  const { position } = await node.submit(fromHex(deploy.tx), fromHex(deploy.signature));
  const address = (await node.executor.resultOf(position)).address as ActorId;
  const send = (payload: Uint8Array) => alice.sign({ kind: 'Send', to: address, payload, value: 0n, gasLimit: null, delay: 0 });
  return { alice, address, hostile, send };
}

describe('restart from a checkpoint', () => {
  it('resumes from the newest checkpoint and keeps the roots of an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sprocket-checkpoint-'));
    dirs.push(dir);
    let node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 3 });
    const alice = new Signer(devAccount('alice'), node.chainId);
    await run(node, alice.sign({ kind: 'UploadCode', code: await bundleActor('examples/token/token.ts', 'Token') }));
    const codeId = [...node.executor.codes.keys()][0]!;
    const ctor = TokenClient.definition.constructors[0]!;
    const { position } = await node.submit(
      ...(() => {
        const s = alice.sign({
          kind: 'Deploy',
          codeId,
          payload: ctor.encodeCall([{ name: 'Gold', symbol: 'GLD', decimals: 2 }, 1_000_000n]),
          value: 0n,
          salt: new Uint8Array(),
          gasLimit: null,
        });
        return [fromHex(s.tx), fromHex(s.signature)] as const;
      })(),
    );
    const token = (await node.executor.resultOf(position)).address as ActorId;
    const holders = ['bob', 'charlie', 'dave'].map((n) => devAccount(n as 'bob').address);
    const send = (payload: Uint8Array) => alice.sign({ kind: 'Send', to: token, payload, value: 0n, gasLimit: null, delay: 0 });
    for (let i = 0; i < 8; i++) await run(node, send(fn('Transfer').encodeCall([holders[i % 3] as ActorId, BigInt(10 + i)])));
    await run(node, send(fn('Approve').encodeCall([holders[0] as ActorId, 77n])));
    await node.mine(2);
    const before = node.executor.blocks.head;
    await node.close();

    node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 3 });
    expect(node.resumedFrom).toBeGreaterThan(0);
    expect(node.executor.height).toBe(before.height);
    expect(node.executor.blocks.get(before.height)?.stateRoot).toBe(before.stateRoot);
    // It goes on from the checkpoint: more writes, then compare with a run from genesis.
    alice.nonce = node.admission.nextNonce(devAccount('alice').address);
    for (let i = 0; i < 4; i++) await run(node, send(fn('Transfer').encodeCall([holders[(i + 1) % 3] as ActorId, BigInt(100 + i)])));
    const balance = fn('BalanceOf').decodeReply(
      await node.executor.query(holders[1] as ActorId, token, fn('BalanceOf').encodeCall([holders[1] as ActorId])),
    );
    expect(balance).toBe(11n + 14n + 17n + 100n + 103n);
    const head = node.executor.blocks.head;
    await node.close();
    expect(await referenceRoot(dir, head.height)).toBe(head.stateRoot);

    // A delayed message scheduled at the checkpoint is restored with it and runs at its block.
    node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 1 });
    alice.nonce = node.admission.nextNonce(devAccount('alice').address);
    const delayed = alice.sign({
      kind: 'Send',
      to: token,
      payload: fn('Transfer').encodeCall([holders[2] as ActorId, 5n]),
      value: 0n,
      gasLimit: null,
      delay: 3,
    });
    await run(node, delayed);
    const scheduledAt = node.executor.height;
    await node.close();
    node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 1 });
    expect(node.resumedFrom).toBe(scheduledAt);
    await node.mine(4);
    const after = fn('BalanceOf').decodeReply(
      await node.executor.query(holders[2] as ActorId, token, fn('BalanceOf').encodeCall([holders[2] as ActorId])),
    );
    expect(after).toBe(12n + 15n + 101n + 5n);
    const later = node.executor.blocks.head;
    await node.close();
    expect(await referenceRoot(dir, later.height)).toBe(later.stateRoot);

    // A checkpoint that does not restore is passed over: the node falls back and still reaches the same root.
    const db = new Database(join(dir, 'node.db'));
    db.prepare('UPDATE checkpoints SET state = ?').run(Buffer.from('not a checkpoint'));
    db.close();
    node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 3 });
    expect(node.resumedFrom).toBeUndefined();
    expect(node.executor.blocks.get(head.height)?.stateRoot).toBe(head.stateRoot);
    expect(node.executor.blocks.get(later.height)?.stateRoot).toBe(later.stateRoot);
    await node.close();
  });

  it('writes a checkpoint of state nested 100,000 levels deep and restores from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sprocket-checkpoint-deep-'));
    dirs.push(dir);
    let node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 1 });
    const { alice, address, hostile, send } = await deployHostile(node);
    await run(node, send(hostile('Deep').encodeCall([100_000])));
    await run(node, send(hostile('Bump').encodeCall([])));
    const head = node.executor.blocks.head;
    await node.close();

    // The checkpoint of the newest block holds the deep state, and the node resumes from it (no replay from genesis).
    node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 1 });
    expect(node.resumedFrom).toBe(head.height);
    expect(node.executor.blocks.head.stateRoot).toBe(head.stateRoot);
    alice.nonce = node.admission.nextNonce(devAccount('alice').address);
    await run(node, send(hostile('Bump').encodeCall([])));
    const value = hostile('Value').decodeReply(
      await node.executor.query(devAccount('alice').address, address, hostile('Value').encodeCall([])),
    );
    expect(value).toBe(2);
    const later = node.executor.blocks.head;
    await node.close();
    expect(await referenceRoot(dir, later.height)).toBe(later.stateRoot);
  }, 60_000);

  it('refuses a symbol in state, so the checkpoint after that block is kept and restart resumes from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sprocket-checkpoint-symbol-'));
    dirs.push(dir);
    let node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 1 });
    const { address, hostile, send } = await deployHostile(node);
    const tag = send(hostile('Tag').encodeCall([]));
    const sent = await node.submit(fromHex(tag.tx), fromHex(tag.signature));
    const messageId = (await node.executor.resultOf(sent.position)).messageId!;
    const reply = await node.executor.replyOf(messageId);
    expect(reply).toMatchObject({ ok: false, code: 'HANDLER_FAILED' });
    expect(reply.ok ? '' : reply.reason).toMatch(/^NodeHostile\.tag: field "cfg": cannot hold a symbol /);
    // Before, the symbol stayed in state and every later checkpoint was stored empty (it cannot hold a symbol).
    const head = node.executor.blocks.head;
    await node.close();

    node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 1 });
    expect(node.resumedFrom).toBe(head.height);
    expect(node.executor.blocks.head.stateRoot).toBe(head.stateRoot);
    const value = hostile('Value').decodeReply(
      await node.executor.query(devAccount('alice').address, address, hostile('Value').encodeCall([])),
    );
    expect(value).toBe(0);
    await node.close();
  }, 60_000);
});
