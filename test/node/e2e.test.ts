// End to end against a real node (docs/rpc.md): start `sprocket node --dev` on a free port, deploy two examples
// with the CLI, call them from a script through connect() with the generated clients, follow events, stop the
// node, restart it on the same data directory and find the state intact.
// Runs once the node package (@sprocket/node) is installed in the workspace; until then it says why it cannot.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ActorId, connect, devAccount } from '@sprocket/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { main } from '../../compiler-plugin/src/cli/main.js';
import { CounterClient } from '../../examples/counter/counter.gen.js';
import { TokenClient } from '../../examples/token/token.gen.js';

const repo = resolve(import.meta.dirname, '../..');

/** Why the node cannot be used here, or undefined when it can. */
async function nodeUnavailable(): Promise<string | undefined> {
  const specifier = '@sprocket/node';
  try {
    await import(/* @vite-ignore */ specifier);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const unavailable = await nodeUnavailable();
if (unavailable !== undefined) console.warn(`test/node/e2e.test.ts: not run, @sprocket/node cannot be imported: ${unavailable}`);

const dataDir = mkdtempSync(join(tmpdir(), 'sprocket-e2e-node-'));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) await stopNode(child);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `sprocket node --dev` on a free port; resolves with the process and the WebSocket URL it prints. */
async function startNode(): Promise<{ child: ChildProcess; url: string }> {
  const bin = join(repo, 'node_modules/.bin/sprocket');
  const entry = existsSync(bin) ? bin : join(repo, 'compiler-plugin/bin/sprocket.js');
  const child = spawn(process.execPath, [entry, 'node', '--dev', '--port', '0', '--block-time', '0', '--data', dataDir], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the node printed no ws:// URL within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /wss?:\/\/[^\s"']+/.exec(output);
      if (found !== null) {
        clearTimeout(timer);
        resolvePromise(found[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the node exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, url };
}

/** Stops a node with SIGTERM (SIGKILL after 20 s) and waits for it to exit. */
async function stopNode(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Runs the CLI in process; resolves with its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    cwd: repo,
  });
  return { code, out, err };
}

/** Waits (bounded) until `check` resolves true. */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(unavailable === undefined)('a Sprocket node end to end', () => {
  it('deploys from the CLI, serves generated clients over connect(), and keeps its state across a restart', async () => {
    const alice = devAccount('alice');
    const bob = devAccount('bob');
    let node = await startNode();

    // Deploy two examples from the CLI.
    const counterDeploy = await cli([
      'deploy',
      'examples/counter/counter.ts',
      '--actor',
      'Counter',
      '--args',
      '[10]',
      '--node',
      node.url,
      '--account',
      'alice',
    ]);
    expect(counterDeploy, counterDeploy.err).toMatchObject({ code: 0 });
    const counterAddress = counterDeploy.out.trim() as ActorId;
    expect(counterAddress).toMatch(/^0x[0-9a-f]{64}$/);
    // The same salt twice: the second deploy says why once, not the code and callee twice over.
    const salted = [
      'deploy',
      'examples/counter/counter.ts',
      '--actor',
      'Counter',
      '--args',
      '[1]',
      '--salt',
      '0x01',
      '--node',
      node.url,
      '--account',
      'alice',
    ];
    const first = await cli(salted);
    expect(first, first.err).toMatchObject({ code: 0 });
    const again = await cli(salted);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      new RegExp(
        `\nsprocket deploy: SPAWN_FAILED: 0x[0-9a-f]{64}: an actor of Counter with this salt already exists at ${first.out.trim()}\n$`,
      ),
    );
    const tokenDeploy = await cli([
      'deploy',
      'examples/token/token.ts',
      '--args',
      '[{"name":"Sprocket Gold","symbol":"SPG","decimals":2},"1000"]',
      '--node',
      node.url,
      '--account',
      'alice',
    ]);
    expect(tokenDeploy, tokenDeploy.err).toMatchObject({ code: 0 });
    const tokenAddress = tokenDeploy.out.trim() as ActorId;

    // An app script: generated clients over the network transport.
    let conn = connect(node.url, { account: alice, WebSocket, timeout: 30_000 });
    try {
      const counter = CounterClient.at(conn, counterAddress);
      const added: number[] = [];
      let probes = 0;
      const stop = counter.on('Added', (n) => {
        if (n === 0) probes++;
        else added.push(n);
      });
      // The subscription is live once a probe's event is seen; each probe adds 0.
      await eventually(async () => {
        await counter.add(0);
        return probes > 0;
      }, 'the event subscription');
      expect(await counter.add(5)).toBe(15);
      const id = await counter.send.add(1);
      expect(id).toMatch(/^0x[0-9a-f]{64}$/);
      await eventually(async () => (await counter.value()) === 16, 'the sent message to be handled');
      await eventually(() => added.length === 2, 'two Added events');
      expect(added).toEqual([5, 1]);
      stop();
      await expect(counter.sub(100)).rejects.toMatchObject({ name: 'CallError', code: 'HANDLER_FAILED' });
      expect(await counter.value()).toBe(16);

      const token = TokenClient.at(conn, tokenAddress);
      expect(await token.balanceOf(alice.address)).toBe(1000n);
      expect(await token.transfer(bob.address, 250n)).toEqual({ ok: true });
      expect(await token.balanceOf(bob.address)).toBe(250n);

      // The CLI reads the same state.
      const query = await cli(['query', counterAddress, 'examples/counter/counter.ts', 'Counter.Value', '[]', '--node', node.url]);
      expect(query, query.err).toMatchObject({ code: 0, out: '16\n' });
      expect(BigInt((await cli(['balance', 'alice', '--node', node.url])).out.trim())).toBe(await conn.balance(alice.address));
    } finally {
      conn.close();
    }

    // Stop, restart on the same data directory: the state is intact and the node takes new writes.
    await stopNode(node.child);
    node = await startNode();
    conn = connect(node.url, { account: alice, WebSocket, timeout: 30_000 });
    try {
      const counter = CounterClient.at(conn, counterAddress);
      expect(await counter.value()).toBe(16);
      const token = TokenClient.at(conn, tokenAddress);
      expect(await token.balanceOf(alice.address)).toBe(750n);
      expect(await token.balanceOf(bob.address)).toBe(250n);
      expect(await counter.add(4)).toBe(20);
    } finally {
      conn.close();
      await stopNode(node.child);
    }
  }, 300_000);
});
