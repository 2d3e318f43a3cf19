// The data directory's lock across processes: a second node on a directory in use is refused with NODE_LOCKED;
// a node killed with SIGKILL leaves no stale lock, so a restart on its directory works. A port in use is refused
// with a hint, and the directory is left unlocked.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SprocketNode } from '@sprocket/node';
import { runNodeCli } from '@sprocket/node/cli';
import { devAccount } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { killed } from './child-node.js';

const bin = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'node/bin/sprocket-node.js');
const dir = mkdtempSync(join(tmpdir(), 'sprocket-lock-'));
const children: ChildProcess[] = [];

function startChild(): Promise<ChildProcess> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [bin, '--data', dir, '--port', '0', '--dev', '--block-time', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`the node did not start: ${out}`));
    }, 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready: ')) {
        clearTimeout(timer);
        res(child);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the node exited with ${code}: ${out}`));
    });
  });
}

afterAll(async () => {
  for (const c of children) await killed(c);
  rmSync(dir, { recursive: true, force: true });
});

describe('the data directory lock', () => {
  it('refuses a second node on a directory in use and lets a restart through after SIGKILL', async () => {
    let node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 });
    await node.devCommand({ op: 'mint', address: devAccount('bob').address, value: 7n });
    const balance = node.executor.system.balanceOf(devAccount('bob').address);
    await node.close();

    const child = await startChild();
    await expect(SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 })).rejects.toMatchObject({ code: 'NODE_LOCKED' });
    const err: string[] = [];
    expect(await runNodeCli(['--data', dir, '--port', '0', '--dev'], { out: () => undefined, err: (l) => err.push(l) })).toBe(1);
    expect(err.join('\n')).toMatch(/NODE_LOCKED: the data directory .* is in use by another node/);

    await killed(child);
    node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 });
    expect(node.executor.system.balanceOf(devAccount('bob').address)).toBe(balance);
    await node.close();
  });

  it('refuses a port in use with EADDRINUSE and a hint, and leaves the data directory free', async () => {
    const other = createServer();
    await new Promise<void>((res) => other.listen(0, '127.0.0.1', res));
    const port = (other.address() as AddressInfo).port;
    const portDir = mkdtempSync(join(tmpdir(), 'sprocket-port-'));
    try {
      const err: string[] = [];
      const cli = (l: string) => err.push(l);
      expect(await runNodeCli(['--data', portDir, '--port', String(port), '--dev'], { out: () => undefined, err: cli })).toBe(1);
      expect(err.join('\n')).toMatch(/^sprocket node: EADDRINUSE: /m);
      expect(err.join('\n')).toContain(
        `hint: something else listens on 127.0.0.1:${port}: stop it, or give another --port (0 picks a free one)`,
      );
      const node = await SprocketNode.open({ dataDir: portDir, dev: true, blockTime: 0 });
      await node.close();
    } finally {
      await new Promise((res) => other.close(res));
      rmSync(portDir, { recursive: true, force: true });
    }
  });

  it('refuses a --host that is not an address of this machine with the system code and a hint', async () => {
    const hostDir = mkdtempSync(join(tmpdir(), 'sprocket-host-'));
    try {
      for (const host of ['nope.invalid', '192.0.2.1']) {
        const err: string[] = [];
        const cli = (l: string) => err.push(l);
        expect(await runNodeCli(['--data', hostDir, '--port', '0', '--host', host, '--dev'], { out: () => undefined, err: cli })).toBe(1);
        expect(err.join('\n')).toMatch(/^sprocket node: (ENOTFOUND|EAI_AGAIN|EADDRNOTAVAIL): /m);
        expect(err.join('\n')).toContain(`hint: --host ${host} is not an address of this machine`);
      }
    } finally {
      rmSync(hostDir, { recursive: true, force: true });
    }
  });
});
