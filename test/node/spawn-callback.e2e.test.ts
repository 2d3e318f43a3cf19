// Contracts written from the user's guide (test/authors/b) on a real node, through connect() and their generated
// clients: a registry spawns members with salts from uploaded code and they call it back; a deadline escrow's delayed
// refund is still pending when the node stops, and after a restart on the same data it runs at its block; the
// replayed state (spawned addresses, call-backs, balances) is the state before the stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { type CodeId, connect, devAccount } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DeadlineEscrowClient } from '../authors/b/deadline-escrow.gen.js';
import { MemberClient } from '../authors/b/member.gen.js';
import { RegistryClient } from '../authors/b/registry.gen.js';
import { bundleActor } from './support.js';

describe('spawned children and a pending deadline across a node restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-spawn-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (node: StartedNode, account: 'alice') => connect(node.url, { account, WebSocket, timeout: 20_000, reconnect: false });

  it('keeps salted spawns, call-backs and a delayed refund through a restart', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    let alice = open(started, 'alice');
    const memberCode = await alice.uploadCode(await bundleActor('test/authors/b/member.ts', 'Member'));
    const registryCode = await alice.uploadCode(await bundleActor('test/authors/b/registry.ts', 'Registry'));
    const escrowCode = await alice.uploadCode(await bundleActor('test/authors/b/deadline-escrow.ts', 'DeadlineEscrow'));
    const registry = await RegistryClient.deploy(alice, registryCode as CodeId, 'new', [memberCode as CodeId]);
    const ann = await registry.spawn('ann');
    const bo = await registry.spawn('bo');
    expect(ann).not.toBe(bo);
    await expect(registry.spawn('ann')).rejects.toMatchObject({ code: 'HANDLER_FAILED', reason: 'a member named ann exists' });
    expect(await MemberClient.at(alice, ann).ping()).toBe(1);
    expect(await MemberClient.at(alice, bo).whoami()).toEqual(['bo', registry.address]);

    const [bob, charlie] = [devAccount('bob').address, devAccount('charlie').address];
    const escrow = await DeadlineEscrowClient.deploy(alice, escrowCode as CodeId, 'new', [bob, charlie, 5]);
    expect(await escrow.deposit({ value: 400n })).toBe(400n);
    const [, , refundAt] = await escrow.status();
    const aliceBefore = await alice.balance(devAccount('alice').address);
    alice.close();
    await started.stop();

    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    alice = open(started, 'alice');
    try {
      expect(await RegistryClient.at(alice, registry.address).members()).toEqual([
        ['ann', ann],
        ['bo', bo],
      ]);
      expect(await MemberClient.at(alice, ann).ping()).toBe(2); // the child still knows its parent, which still knows it
      const escrowAgain = DeadlineEscrowClient.at(alice, escrow.address);
      expect(await escrowAgain.status()).toEqual(['Open', 400n, refundAt]);
      const { height } = (await alice.request('chain_head')) as { height: number };
      await alice.request('dev_mine', { blocks: Math.max(1, refundAt - height + 1) });
      expect(await escrowAgain.status()).toEqual(['Refunded', 0n, refundAt]);
      expect(await alice.balance(devAccount('alice').address)).toBe(aliceBefore + 400n);
    } finally {
      alice.close();
    }
  });
});
