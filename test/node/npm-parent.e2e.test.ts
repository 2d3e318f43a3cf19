// A node that npm started (`npx sprocket node`) stops by itself when npm is gone: npm exits on SIGTERM without
// stopping its child. Here a stand-in for npm starts the node with npm's environment variable and is killed with
// SIGKILL; the node notices, stops the clean way (its database closed) and a restart sees the same chain.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SprocketNode } from '@sprocket/node';
import { afterAll, describe, expect, it } from 'vitest';
import { RpcClient } from './support.js';

const bin = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'node/bin/sprocket-node.js');
const dir = mkdtempSync(join(tmpdir(), 'sprocket-npm-parent-'));
let nodePid: number | undefined;

/** The stand-in for npm: starts the node with `npm_command` set, sharing its own output, and prints the node's pid. */
const PARENT = `
const { spawn } = require('node:child_process');
const [bin, dir] = process.argv.slice(1);
const child = spawn(process.execPath, [bin, '--data', dir, '--port', '0', '--dev', '--block-time', '0'], {
  stdio: 'inherit',
  env: { ...process.env, npm_command: 'exec', npm_lifecycle_event: 'npx' },
});
console.log('node pid ' + child.pid);
setInterval(() => {}, 60000);
`;

/** Whether a process is running (not gone and not a zombie waiting to be reaped). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Resolves once `test` passes; rejects after `ms` (a bound on the wait, not a timing assertion). */
async function until(test: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(() => {
  if (nodePid !== undefined && running(nodePid)) process.kill(nodePid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('a node started through npm', () => {
  it('stops cleanly when npm is killed, and a restart sees the same height', async () => {
    const parent: ChildProcess = spawn(process.execPath, ['-e', PARENT, bin, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    parent.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    parent.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    // The node's output reaches the test through the pipes it shares with its parent: they close when both are gone.
    const closed = new Promise<void>((res) => parent.once('close', () => res()));
    try {
      await until(() => /ready: ws:\/\//.test(output), 20_000, `the node to start: ${output}`);
      nodePid = Number(/node pid (\d+)/.exec(output)?.[1]);
      const url = /ready: (ws:\/\/\S+)/.exec(output)?.[1] as string;
      const rpc = await RpcClient.connect(url);
      expect((await rpc.call('dev_mine', { blocks: 3 })).height).toBe(3);
      await rpc.close();
    } catch (error) {
      parent.kill('SIGKILL');
      throw error;
    }

    parent.kill('SIGKILL');
    await until(() => !running(nodePid as number), 20_000, `the node to stop by itself: ${output}`);
    await closed;
    expect(output).toMatch(/sprocket node: the npm process that started it has exited \(pid \d+\), stopping/);

    const node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 });
    try {
      expect(node.executor.height).toBe(3);
    } finally {
      await node.close();
    }
  });
});
