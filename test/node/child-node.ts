// A dev node in a child process (the `sprocket-node` bin), for tests that kill it with SIGKILL and restart it.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'node/bin/sprocket-node.js');

/** Starts a dev node (block time 0, a free port) on `dir`; resolves with the child and its URL once it serves (20 s bound). */
export function startChildNode(dir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [bin, '--data', dir, '--port', '0', '--dev', '--block-time', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the node did not start: ${out}`));
    }, 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready: (ws:\/\/\S+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolveStart({ child, url: m[1] as string });
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the node exited with ${code}: ${out}`));
    });
  });
}

/** Kills a child with SIGKILL; resolves when it is gone. */
export function killed(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    child.once('exit', () => res());
    child.kill('SIGKILL');
  });
}
