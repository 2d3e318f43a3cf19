import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devAccount } from '@sprocket/sdk';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runNodeCli } from './cli.js';
import { SprocketNode } from './node.js';
import { verifyChain } from './verify.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function chain(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-verify-'));
  dirs.push(dir);
  const node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 });
  await node.devCommand({ op: 'mint', address: devAccount('bob').address, value: 5n });
  await node.mine(3);
  await node.close();
  return dir;
}

describe('sprocket node verify', () => {
  it('refuses a directory that holds no chain without creating anything there', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'sprocket-verify-none-'));
    dirs.push(parent);
    const missing = join(parent, 'typo');
    await expect(verifyChain(missing)).rejects.toMatchObject({
      code: 'NODE_VERIFY_FAILED',
      message: `${missing} holds no chain: no such directory`,
    });
    expect(existsSync(missing)).toBe(false);
    await expect(verifyChain(parent)).rejects.toMatchObject({ message: `${parent} holds no chain: it holds no node database (node.db)` });
    expect(readdirSync(parent)).toEqual([]);
    writeFileSync(join(parent, 'notes.txt'), 'x');
    await expect(verifyChain(join(parent, 'notes.txt'))).rejects.toMatchObject({
      message: expect.stringMatching(/holds no chain: a file, not a directory$/),
    });
    const err: string[] = [];
    expect(await runNodeCli(['verify', '--data', missing], { out: () => undefined, err: (l) => err.push(l) })).toBe(1);
    expect(err[0]).toBe(`sprocket node verify: NODE_VERIFY_FAILED: ${missing} holds no chain: no such directory`);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses an option of the running node given to verify, instead of ignoring it', async () => {
    const err: string[] = [];
    expect(await runNodeCli(['verify', '--port', '3'], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err[0]).toMatch(/^sprocket node: NODE_BAD_OPTION: "--port" is not an option of verify \(it takes --data DIR\)/);
  });

  it('re-executes a chain from genesis and checks every stored root', async () => {
    const report = await verifyChain(await chain());
    expect(report.blocks).toBe(4);
    expect(report.inputs).toBe(1);
    expect(report.checked).toBe(5);
    expect(report.headRoot).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('fails with NODE_VERIFY_FAILED, naming the block, when a stored root differs from the replay', async () => {
    const dir = await chain();
    const db = new Database(join(dir, 'node.db'));
    db.prepare('UPDATE blocks SET state_root = ? WHERE height = 2').run(`0x${'ab'.repeat(32)}`);
    db.close();
    await expect(verifyChain(dir)).rejects.toMatchObject({ code: 'NODE_VERIFY_FAILED', data: { height: 2 } });
    await expect(SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 })).rejects.toMatchObject({ code: 'NODE_VERIFY_FAILED' });
  });

  it('takes checkpoints at quiet blocks and checks them on restart and in verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sprocket-verify-cp-'));
    dirs.push(dir);
    const node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0, checkpointEvery: 2 });
    await node.mine(5);
    await node.close();
    expect((await verifyChain(dir)).checkpoints).toBe(1);
    const db = new Database(join(dir, 'node.db'));
    db.prepare('UPDATE checkpoints SET state_root = ?').run(`0x${'cd'.repeat(32)}`);
    db.close();
    await expect(SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 })).rejects.toMatchObject({ code: 'NODE_VERIFY_FAILED' });
    await expect(verifyChain(dir)).rejects.toMatchObject({ code: 'NODE_VERIFY_FAILED' });
  });

  it('rebuilds block records made with an older state-root format at startup (verify asks for that first)', async () => {
    const dir = await chain();
    const db = new Database(join(dir, 'node.db'));
    const root = (db.prepare('SELECT state_root FROM blocks WHERE height = 3').get() as { state_root: string }).state_root;
    // A store from before the format was recorded, with roots of another format.
    db.prepare("DELETE FROM meta WHERE key = 'root_format'").run();
    db.prepare('UPDATE blocks SET state_root = ?').run(`0x${'ef'.repeat(32)}`);
    db.close();
    await expect(verifyChain(dir)).rejects.toMatchObject({
      code: 'NODE_VERIFY_FAILED',
      message: expect.stringMatching(/sprocket-state-v1.*start the node/),
    });
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(String(w.code));
    process.on('warning', onWarning);
    try {
      const node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 });
      expect(node.executor.blocks.get(3)?.stateRoot).toBe(root);
      await node.close();
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toContain('SPROCKET_STATE_FORMAT');
    expect((await verifyChain(dir)).checked).toBe(5);
  });

  it('refuses a directory without a chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sprocket-verify-empty-'));
    dirs.push(dir);
    await expect(verifyChain(dir)).rejects.toMatchObject({ code: 'NODE_VERIFY_FAILED' });
  });
});
