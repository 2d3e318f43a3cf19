import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedNode, startNode } from '@sprocket/node';
import { devAccount, fromHex, toHex } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { CounterFactoryClient } from '../../examples/factory/factory.gen.js';
import { bundleActor, RpcClient, type RpcError, Signer } from './support.js';

const def = CounterClient.definition;
const svc = def.services[0]!;
const fn = (name: string) => svc.functions.find((f) => f.name === name)!;
const u32Reply = (hex: string, name: string) => fn(name).decodeReply(fromHex(hex));

describe('a node end to end over JSON-RPC', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-node-e2e-'));
  let started: StartedNode | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads, deploys, calls, sends, queries, streams events and keeps state across a restart', async () => {
    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const rpc = await RpcClient.connect(started.url);
    const info = await rpc.call('node_info');
    expect(info).toMatchObject({ chainId: 'sprocket-dev', dev: true, blockTime: 0, replyTimeout: 1000 });
    const alice = new Signer(devAccount('alice'), info.chainId);

    const code = await bundleActor('examples/counter/counter.ts', 'Counter');
    const { codeId } = await rpc.call('code_upload', alice.sign({ kind: 'UploadCode', code }));
    expect(codeId).toMatch(/^0x[0-9a-f]{64}$/);
    const got = await rpc.call('code_get', { codeId });
    expect(got.actors).toEqual(['Counter']);

    const ctor = def.constructors.find((c) => c.name === 'New')!;
    const deployed = await rpc.call(
      'actor_deploy',
      alice.sign({ kind: 'Deploy', codeId, payload: ctor.encodeCall([5]), value: 0n, salt: new Uint8Array(), gasLimit: null }),
    );
    const address = deployed.address as string;

    const events: { name: string }[] = [];
    await rpc.subscribe({ topic: 'events', actor: address }, (e) => events.push(e));

    const called = await rpc.call(
      'message_call',
      alice.sign({ kind: 'Call', to: address as never, payload: fn('Add').encodeCall([3]), value: 0n, gasLimit: null, timeout: null }),
    );
    expect(called.reply).toMatch(/^0x.{32}/);
    expect(u32Reply(called.reply, 'Add')).toBe(8);

    const sent = await rpc.call(
      'message_send',
      alice.sign({ kind: 'Send', to: address as never, payload: fn('Add').encodeCall([2]), value: 0n, gasLimit: null, delay: 0 }),
    );
    expect(sent.messageId).toMatch(/^0x/);
    const q = await rpc.call('actor_query', { to: address, payload: toHex(fn('Value').encodeCall([])) });
    expect(u32Reply(q.reply, 'Value')).toBe(10);
    const view = await rpc.call('message_get', { messageId: called.messageId });
    expect(view).toMatchObject({ status: 'ok', route: 'Counter.Add', events: [{ name: 'Added' }] });
    const addPayload = fn('Add').encodeCall([3]);
    expect(view).toMatchObject({ payload: toHex(addPayload), size: addPayload.length });
    expect(view.gas).toBeGreaterThan(0);
    expect(events.map((e) => e.name)).toEqual(['Added', 'Added']);

    const failed = await rpc
      .call(
        'message_call',
        alice.sign({ kind: 'Call', to: address as never, payload: fn('Sub').encodeCall([100]), value: 0n, gasLimit: null, timeout: null }),
      )
      .catch((e: RpcError) => e);
    expect((failed as RpcError).data).toMatchObject({ code: 'CALL_FAILED', error: 'HANDLER_FAILED' });

    // A second example: a factory that spawns counters from the uploaded Counter code and awaits calls to them.
    const fdef = CounterFactoryClient.definition;
    const ffn = (name: string) => fdef.services[0]!.functions.find((f) => f.name === name)!;
    const fcode = await rpc.call(
      'code_upload',
      alice.sign({ kind: 'UploadCode', code: await bundleActor('examples/factory/factory.ts', 'CounterFactory') }),
    );
    const factory = await rpc.call(
      'actor_deploy',
      alice.sign({
        kind: 'Deploy',
        codeId: fcode.codeId,
        payload: fdef.constructors[0]!.encodeCall([codeId]),
        value: 0n,
        salt: new Uint8Array(),
        gasLimit: null,
      }),
    );
    const callFactory = async (name: string, args: unknown[]) =>
      ffn(name).decodeReply(
        fromHex(
          (
            await rpc.call(
              'message_call',
              alice.sign({
                kind: 'Call',
                to: factory.address,
                payload: ffn(name).encodeCall(args),
                value: 0n,
                gasLimit: null,
                timeout: null,
              }),
            )
          ).reply,
        ),
      );
    const spawned = await callFactory('Create', [7]);
    expect(spawned).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await callFactory('AddToAll', [1])).toEqual([8]);
    expect((await rpc.call('actor_get', { address: spawned })).actor).toBe('Counter');

    const head = await rpc.call('chain_head');
    await rpc.close();
    await started.stop();

    started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
    const again = await RpcClient.connect(started.url);
    const head2 = await again.call('chain_head');
    expect(head2.stateRoot).toBe(head.stateRoot);
    const q2 = await again.call('actor_query', { to: address, payload: toHex(fn('Value').encodeCall([])) });
    expect(u32Reply(q2.reply, 'Value')).toBe(10);
    const account = await again.call('account_get', { address: alice.account.address });
    expect(account.nonce).toBe(String(alice.nonce));
    await again.close();
  });
});
