import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleContract } from '@sprocket/compiler-plugin';
import { type StartedNode, startNode } from '@sprocket/node';
import { connect, devAccount, type GeneratedActor, requireGenerated } from '@sprocket/sdk';
import { afterAll, it } from 'vitest';
import WebSocket from 'ws';
import './node-hostile-actor.js';

const def: GeneratedActor = requireGenerated('NodeHostile');
const fn = (name: string) => def.services[0]!.functions.find((f) => f.name === name)!;

const dir = mkdtempSync(join(tmpdir(), 'sprocket-adv-'));
let started: StartedNode | undefined;
afterAll(async () => {
  await started?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('probe node', async () => {
  started = await startNode({ dataDir: dir, port: 0, dev: true, blockTime: 0 });
  const conn = connect(started.url, { account: devAccount('alice'), WebSocket });
  try {
    const bundle = await bundleContract('test/adversary/node-hostile-actor.ts', { actor: 'NodeHostile' });
    const codeId = await conn.uploadCode(bundle.code);
    const address = await conn.deploy(codeId, def.constructors[0]!.encodeCall([]));
    const call = (name: string, args: unknown[] = []) =>
      conn.call(address, fn(name).encodeCall(args), { timeout: 20 } as never).then(
        (r) => ({ ok: String(fn(name).decodeReply(r)).slice(0, 50) }),
        (e: { code?: string; message?: string }) => ({ code: e.code, msg: e.message?.slice(0, 300) }),
      );
    console.log('bump', await call('Bump'));
    console.log('odd', await call('Odd'));
    console.log('bump', await call('Bump'));
    console.log('big', await call('Big', [9 * 1024 * 1024]));
    console.log('bump', await call('Bump'));
    console.log('deep', await call('Deep', [100_000]));
    console.log('bump', await call('Bump'));
    console.log('head', started.node.executor.blocks.head.height);
  } finally {
    conn.close();
  }
}, 120_000);
