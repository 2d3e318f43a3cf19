// Crash recovery: a child-process node under concurrent signed load from several accounts is killed with
// SIGKILL at seeded random points and restarted on the same data directory. Afterwards every acknowledged
// message was handled exactly once, and the state root equals a reference run fed the same accepted inputs.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Executor, SqliteLog } from '@sprocket/node';
import { runNodeCli } from '@sprocket/node/cli';
import { type DevAccountName, decodeTransaction, devAccount, fromHex, toHex } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { killed, startChildNode } from './child-node.js';
import { bundleActor, RpcClient, Signer } from './support.js';

const svc = CounterClient.definition.services[0]!;
const add = svc.functions.find((f) => f.name === 'Add')!;
const value = svc.functions.find((f) => f.name === 'Value')!;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash recovery under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-crash-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) await killed(c);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged message exactly once through SIGKILLs and replays to the same state root', async () => {
    const random = mulberry32(8);
    const names: DevAccountName[] = ['bob', 'charlie', 'dave', 'eve'];
    const acked = new Map<string, number>(); // signed tx hex → value added
    let counter = '';

    // First run: deploy a counter.
    let run = await startChildNode(dir);
    children.push(run.child);
    let rpc = await RpcClient.connect(run.url);
    const chainId = (await rpc.call('node_info')).chainId as string;
    const alice = new Signer(devAccount('alice'), chainId);
    const { codeId } = await rpc.call(
      'code_upload',
      alice.sign({ kind: 'UploadCode', code: await bundleActor('examples/counter/counter.ts', 'Counter') }),
    );
    const ctor = CounterClient.definition.constructors.find((c) => c.name === 'New')!;
    counter = (
      await rpc.call(
        'actor_deploy',
        alice.sign({ kind: 'Deploy', codeId, payload: ctor.encodeCall([0]), value: 0n, salt: new Uint8Array(), gasLimit: null }),
      )
    ).address;

    for (let round = 0; round < 3; round++) {
      const signers = await Promise.all(
        names.map(async (name) => {
          const s = new Signer(devAccount(name), chainId);
          s.nonce = BigInt((await rpc.call('account_get', { address: s.account.address })).nonce);
          return s;
        }),
      );
      const killAfter = 10 + Math.floor(random() * 40);
      let acks = 0;
      let stop = false;
      const kill = new Promise<void>((res) => {
        const check = setInterval(() => {
          if (acks >= killAfter) {
            clearInterval(check);
            stop = true;
            void killed(run.child).then(res);
          }
        }, 1);
      });
      const load = signers.map(async (s) => {
        while (!stop) {
          const amount = 1 + Math.floor(random() * 9);
          const signed = s.sign({
            kind: 'Send',
            to: counter as never,
            payload: add.encodeCall([amount]),
            value: 0n,
            gasLimit: null,
            delay: 0,
          });
          try {
            await rpc.call('message_send', signed);
            acked.set(signed.tx, amount);
            acks++;
          } catch {
            return;
          }
        }
      });
      await Promise.all([kill, ...load]);
      await rpc.close().catch(() => undefined);
      run = await startChildNode(dir);
      children.push(run.child);
      rpc = await RpcClient.connect(run.url);
    }

    // Exactly once: every acknowledged write is in the log once, and the counter is the sum of the logged adds.
    await rpc.call('dev_mine', { blocks: 1 });
    const head = await rpc.call('chain_head');
    const reply = await rpc.call('actor_query', { to: counter, payload: toHex(value.encodeCall([])) });
    await rpc.close();
    await new Promise<void>((res) => {
      run.child.once('exit', () => res());
      run.child.kill('SIGTERM');
    });
    const log = new SqliteLog(dir);
    const entries = [...log.read(1)];
    await log.close();
    const logged = new Map<string, number>();
    let sum = 0;
    for (const { entry } of entries) {
      if (entry.kind !== 'tx') continue;
      const hex = toHex(entry.tx);
      logged.set(hex, (logged.get(hex) ?? 0) + 1);
      const tx = decodeTransaction(entry.tx);
      // An Add payload is the 16-byte Sails header and a u32 (little endian).
      if (tx.call.kind === 'Send') sum += new DataView(tx.call.payload.buffer, tx.call.payload.byteOffset + 16, 4).getUint32(0, true);
    }
    expect(acked.size).toBeGreaterThan(30);
    for (const tx of acked.keys()) expect(logged.get(tx)).toBe(1);
    expect(value.decodeReply(fromHex(reply.reply))).toBe(sum);

    // The reference: a fresh executor fed the accepted inputs reaches the same state root.
    const genesis = entries[0]?.entry;
    if (genesis?.kind !== 'genesis') throw new Error('no genesis');
    const reference = new Executor(genesis);
    for (const item of entries.slice(1)) await reference.apply(item);
    expect(reference.blocks.get(head.height)?.stateRoot).toBe(head.stateRoot);

    // And `sprocket node verify` re-executes from genesis and checks every stored root.
    const lines: string[] = [];
    expect(await runNodeCli(['verify', '--data', dir], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
    expect(lines.join('\n')).toMatch(/verified .*stored roots/);
  });
});
