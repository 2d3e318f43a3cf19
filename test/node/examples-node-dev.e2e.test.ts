// `npm run node` (examples/node-dev.ts) as the README runs it: on another port its ready line names the URL that
// `npm run node:app` needs (which defaults to 9944), and a second one of the same clone, whose data directory is
// locked, says so in one line instead of a stack trace.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killed } from './child-node.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Each run gets its own working directory, so its `.sprocket/examples-node` is its own.
const cwd = mkdtempSync(join(tmpdir(), 'sprocket-node-dev-'));
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  /** Resolves with the output once the ready line is printed or the process exits (60 s bound). */
  settled: Promise<{ stdout: string; stderr: string; exit: number | null }>;
}

function npmRunNode(): Run {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@sprocket/source',
      '--import',
      pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href,
      join(root, 'examples/node-dev.ts'),
      '0',
    ],
    { cwd, env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.test.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  const settled = new Promise<{ stdout: string; stderr: string; exit: number | null }>((resolve) => {
    let stdout = '';
    let stderr = '';
    const done = (exit: number | null): void => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exit });
    };
    const timer = setTimeout(() => done(null), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('ready: ')) done(null);
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('exit', (code) => done(code));
  });
  return { child, settled };
}

afterAll(async () => {
  for (const c of children) await killed(c);
  rmSync(cwd, { recursive: true, force: true });
});

describe('npm run node', () => {
  it('names the URL for node:app on another port, and refuses a second node of the clone in one line', async () => {
    const first = await npmRunNode().settled;
    const url = /ready: (ws:\/\/\S+)/.exec(first.stdout)?.[1];
    expect(url, first.stdout + first.stderr).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/rpc$/);
    expect(first.stdout).toContain(`try \`npm run node:app -- ${url}\``);

    const second = await npmRunNode().settled;
    expect(second.exit).toBe(1);
    expect(second.stderr.trim()).toBe(
      'npm run node: .sprocket/examples-node is in use by another `npm run node` of this clone: stop it first (Ctrl-C)',
    );
  }, 130_000);
});
