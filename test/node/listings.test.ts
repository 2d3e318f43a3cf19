// code_list, account_list and message_get's story against a real node (docs/rpc.md): codes that were uploaded and
// never deployed, every account with its nonce and mailbox, pages, and what a message caused (replies, rollbacks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { CounterFactoryClient } from '../../examples/factory/factory.gen.js';
import { bundleActor, RpcClient, type RpcError, Signer } from './support.js';

const cfn = (name: string) => CounterClient.definition.services[0]!.functions.find((f) => f.name === name)!;
const ffn = (name: string) => CounterFactoryClient.definition.services[0]!.functions.find((f) => f.name === name)!;

describe('listings and message stories on a real node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-lists-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists codes (deployed or not), accounts, pages, and tells a message story with its sends and rollbacks', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    const info = await rpc.call('node_info');
    const alice = new Signer(devAccount('alice'), info.chainId);
    const call = (to: string, payload: Uint8Array) =>
      rpc.call('message_call', alice.sign({ kind: 'Call', to: to as never, payload, value: 0n, gasLimit: null, timeout: null }));

    const counterCode = (
      await rpc.call('code_upload', alice.sign({ kind: 'UploadCode', code: await bundleActor('examples/counter/counter.ts', 'Counter') }))
    ).codeId as `0x${string}`;
    const uploadHeight = (await rpc.call('chain_head')).height;
    let codes = await rpc.call('code_list');
    expect(codes).toMatchObject({ total: 1, next: null });
    expect(codes.items[0]).toMatchObject({
      codeId: counterCode,
      actors: ['Counter'],
      block: uploadHeight,
      uploader: alice.account.address,
      deployed: 0,
    });
    expect(codes.items[0].idl.Counter).toContain('service Counter');
    expect(await rpc.call('code_get', { codeId: counterCode })).toMatchObject({ block: uploadHeight, uploader: alice.account.address });

    const factoryCode = (
      await rpc.call(
        'code_upload',
        alice.sign({ kind: 'UploadCode', code: await bundleActor('examples/factory/factory.ts', 'CounterFactory') }),
      )
    ).codeId as `0x${string}`;
    const factory = await rpc.call(
      'actor_deploy',
      alice.sign({
        kind: 'Deploy',
        codeId: factoryCode,
        payload: CounterFactoryClient.definition.constructors[0]!.encodeCall([counterCode]),
        value: 0n,
        salt: new Uint8Array(),
        gasLimit: null,
      }),
    );
    await call(factory.address, ffn('Create').encodeCall([7]));
    codes = await rpc.call('code_list');
    expect(codes.items.map((c: { codeId: string; deployed: number }) => [c.codeId, c.deployed])).toEqual([
      [counterCode, 1],
      [factoryCode, 1],
    ]);
    const page1 = await rpc.call('code_list', { limit: 1 });
    expect(page1).toMatchObject({ total: 2, next: 1, items: [{ codeId: counterCode }] });
    const page2 = await rpc.call('code_list', { offset: page1.next, limit: 1 });
    expect(page2).toMatchObject({ total: 2, next: null, items: [{ codeId: factoryCode }] });
    const bad = await rpc.call('code_list', { limit: 0 }).catch((e: RpcError) => e);
    expect((bad as RpcError).data).toMatchObject({ code: 'INVALID_PARAMS', path: 'limit' });

    // A call that makes the factory call the counter it spawned: the story holds both messages and both replies.
    const fanned = await call(factory.address, ffn('AddToAll').encodeCall([2]));
    const story = await rpc.call('message_get', { messageId: fanned.messageId });
    expect(story.rolledBack).toBe(false);
    expect(story.sent).toHaveLength(1);
    const steps = story.story.map(
      (s: { type: string; route?: string; from: string; to: string }) => `${s.type} ${s.route ?? ''} ${s.from}->${s.to}`,
    );
    expect(steps[0]).toMatch(/^message CounterFactory\.AddToAll alice->CounterFactory/);
    expect(steps).toContainEqual(expect.stringMatching(/^message Counter\.Add CounterFactory->Counter/));
    expect(
      story.story.find((s: { type: string; messageId: string }) => s.type === 'message' && s.messageId === story.sent[0]).causeId,
    ).toBe(fanned.messageId);
    expect(story.story.filter((s: { type: string }) => s.type === 'reply')).toHaveLength(2);
    expect(story.story.find((s: { type: string; route?: string }) => s.type === 'event' && s.route === 'Added').json).toBe(2);

    // A failing call: its rollback is in its story.
    const counter = await rpc.call(
      'actor_deploy',
      alice.sign({
        kind: 'Deploy',
        codeId: counterCode,
        payload: CounterClient.definition.constructors.find((c) => c.name === 'New')!.encodeCall([1]),
        value: 0n,
        salt: new Uint8Array([1]),
        gasLimit: null,
      }),
    );
    const failed = (await call(counter.address, cfn('Sub').encodeCall([5])).catch((e: RpcError) => e)) as RpcError;
    const failedId = (failed.data as unknown as { messageId: string }).messageId;
    const failedView = await rpc.call('message_get', { messageId: failedId });
    expect(failedView).toMatchObject({ status: 'error', replyCode: 'HANDLER_FAILED', rolledBack: true, sent: [] });
    expect(failedView.story.find((s: { type: string }) => s.type === 'rollback')).toMatchObject({
      route: 'Counter.Sub',
      code: 'HANDLER_FAILED',
      reason: expect.stringContaining('underflow'),
    });

    const bob = devAccount('bob').address;
    await rpc.call('balance_transfer', alice.sign({ kind: 'Transfer', to: bob as never, value: 5n }));
    const accounts = await rpc.call('account_list', { limit: 1000 });
    const byAddress = new Map(accounts.items.map((a: { address: string }) => [a.address, a]));
    expect(byAddress.get(alice.account.address)).toMatchObject({ label: 'alice', nonce: String(alice.nonce), mailbox: 0 });
    expect(byAddress.get(bob)).toMatchObject({ label: 'bob', nonce: '0' });
    expect(accounts.total).toBe(accounts.items.length);
    const aliceBalance = (await rpc.call('account_get', { address: alice.account.address })).balance;
    expect((byAddress.get(alice.account.address) as { balance: string }).balance).toBe(aliceBalance);
    await rpc.close();
  });

  it('lists an address that only received value (a transfer or a mint), after the accounts that signed', async () => {
    const own = mkdtempSync(join(tmpdir(), 'sprocket-node-lists-value-'));
    const node = await startNode({ dataDir: own, port: 0, dev: true, blockTime: 0 });
    try {
      const rpc = await RpcClient.connect(node.url);
      const alice = new Signer(devAccount('alice'), (await rpc.call('node_info')).chainId);
      const minted = `0x${'07'.repeat(32)}`;
      const paid = `0x${'06'.repeat(32)}`;
      await rpc.call('dev_mint', { address: minted, value: '3' });
      await rpc.call('balance_transfer', alice.sign({ kind: 'Transfer', to: paid as never, value: 5n }));
      const accounts = await rpc.call('account_list', { limit: 1000 });
      expect(accounts.total).toBe(8);
      expect(accounts.items.slice(6)).toEqual([
        { address: minted, label: '0x07070707…', balance: '3', nonce: '0', mailbox: 0 },
        { address: paid, label: '0x06060606…', balance: '5', nonce: '0', mailbox: 0 },
      ]);
      await rpc.close();
    } finally {
      await node.stop();
      rmSync(own, { recursive: true, force: true });
    }
  });
});
