// The node suite: signed request-reply calls and fire-and-forget sends through the sdk's `connect()` and the
// generated Counter client (64 callers, each with its own Connection and account; connect() signs with
// WebCrypto's Ed25519) against a node in a child process, beside a bare `ws` echo (the transport's limit) and one
// core's ed25519 verify rate (the limit of a signed write path) and every core's (the most signed calls per second
// the machine can check); the same loads from a minimal raw JSON-RPC client
// with pre-signed transactions (`impl: "raw-rpc"`: the node's cost without the client's); and the restart time
// of a node with 100,000 logged inputs; and the heap an in-process node retains per input (bench/node-retained.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { codeIdOfBytes, SprocketNode, SqliteLog } from '@sprocket/node';
import {
  type ActorId,
  accountFromSecret,
  type Connection,
  connect,
  devAccount,
  encodeTransaction,
  type TxCall,
  toHex,
} from '@sprocket/sdk';
import WebSocket from 'ws';
import { CounterClient } from '../examples/counter/counter.gen.js';
import { bundleActor } from '../test/node/support.js';
import type { BenchRow } from './harness.js';
import { retainedPerInput } from './node-retained.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CALLERS = 64;
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const add = (CounterClient.definition.services[0]?.functions ?? []).find((f) => f.name === 'Add');

/** A fast signer for the bench (node:crypto); the client's cost is not what is measured. */
class FastAccount {
  readonly address: ActorId;
  private readonly key;
  nonce = 0n;

  constructor(seed: Uint8Array) {
    this.key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.key).export({ format: 'der', type: 'spki' });
    this.address = toHex(spki.subarray(spki.length - 32)) as ActorId;
  }

  sign(chainId: string, call: TxCall): { tx: string; signature: string } {
    const data = encodeTransaction({ chainId, signer: this.address, nonce: this.nonce++, call });
    return { tx: toHex(data), signature: toHex(sign(null, data, this.key)) };
  }
}

class Client {
  private id = 0;
  private readonly pending = new Map<number, (msg: { result?: unknown; error?: unknown }) => void>();
  constructor(readonly socket: WebSocket) {
    socket.on('message', (d: Buffer) => {
      const msg = JSON.parse(d.toString()) as { id: number; result?: unknown; error?: unknown };
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p?.(msg);
    });
  }
  static open(url: string): Promise<Client> {
    return new Promise((res, rej) => {
      const s = new WebSocket(url);
      s.once('open', () => res(new Client(s)));
      s.once('error', rej);
    });
  }
  // biome-ignore lint/suspicious/noExplicitAny: raw JSON-RPC answers of a bench client.
  call(method: string, params: unknown): Promise<{ result?: any; error?: any }> {
    const id = ++this.id;
    return new Promise((res) => {
      this.pending.set(id, res);
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }
}

function child(args: string[], ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpExecArray }> {
  return new Promise((res, rej) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => rej(new Error(`child did not start: ${out}`)), 120_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        res({ proc, match: m });
      }
    });
    proc.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
  });
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (proc.exitCode !== null) return res();
    proc.once('exit', () => res());
    proc.kill('SIGTERM');
  });
}

/** Runs `CALLERS` loops of `op` for `ms`; returns ops/s and the latencies. */
async function closedLoop(ms: number, op: (caller: number) => Promise<void>): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  const end = performance.now() + ms;
  let count = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, caller) => {
      while (performance.now() < end) {
        const t = performance.now();
        await op(caller);
        latencies.push(performance.now() - t);
        count++;
      }
    }),
  );
  return { rate: count / ((performance.now() - start) / 1000), latencies };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(3));
}

const ECHO_SERVER = `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
wss.on('listening', () => console.log('echo ready ' + wss.address().port));
wss.on('connection', (s) => s.on('message', (d) => s.send(d.toString())));`;

async function echoRate(frame: string): Promise<number> {
  const { proc, match } = await child(['--input-type=module', '-e', ECHO_SERVER], /echo ready (\d+)/);
  try {
    const own = await Promise.all(Array.from({ length: CALLERS }, () => Client.open(`ws://127.0.0.1:${match[1]}`)));
    const ownEcho = (caller: number) =>
      new Promise<void>((res) => {
        const s = (own[caller] as Client).socket;
        s.once('message', () => res());
        s.send(frame);
      });
    await closedLoop(300, ownEcho);
    const { rate } = await closedLoop(2000, ownEcho);
    for (const c of own) c.socket.close();
    return rate;
  } finally {
    await stop(proc);
  }
}

function verifyLimit(sample: { tx: string; signature: string }, address: ActorId): number {
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(address.slice(2), 'hex')]),
    format: 'der',
    type: 'spki',
  });
  const data = Buffer.from(sample.tx.slice(2), 'hex');
  const sig = Buffer.from(sample.signature.slice(2), 'hex');
  for (let i = 0; i < 500; i++) verify(null, data, key, sig);
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1000) {
    for (let i = 0; i < 100; i++) verify(null, data, key, sig);
    n += 100;
  }
  return n / ((performance.now() - start) / 1000);
}

// The same verify loop on every core at once, each in its own thread: the most signed writes per second this
// machine can check, whatever else runs. A signed call needs one verify, so no node can pass this rate.
const VERIFY_WORKER = `const { parentPort, workerData } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const key = createPublicKey({ key: Buffer.from(workerData.spki, 'hex'), format: 'der', type: 'spki' });
const data = Buffer.from(workerData.data, 'hex');
const sig = Buffer.from(workerData.sig, 'hex');
for (let i = 0; i < 500; i++) verify(null, data, key, sig);
parentPort.once('message', () => {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1000) {
    for (let i = 0; i < 100; i++) verify(null, data, key, sig);
    n += 100;
  }
  parentPort.postMessage(n / ((performance.now() - start) / 1000));
});
parentPort.postMessage('ready');`;

async function verifyLimitAllCores(sample: { tx: string; signature: string }, address: ActorId): Promise<number> {
  const workerData = {
    spki: `302a300506032b6570032100${address.slice(2)}`,
    data: sample.tx.slice(2),
    sig: sample.signature.slice(2),
  };
  const workers = Array.from({ length: availableParallelism() }, () => new Worker(VERIFY_WORKER, { eval: true, workerData }));
  try {
    await Promise.all(workers.map((w) => new Promise((res) => w.once('message', res))));
    const rates = await Promise.all(
      workers.map(
        (w) =>
          new Promise<number>((res) => {
            w.once('message', (rate: number) => res(rate));
            w.postMessage('go');
          }),
      ),
    );
    return rates.reduce((a, b) => a + b, 0);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Restart time of a node whose log holds `inputs` signed sends (and the blocks that ran them). */
export async function recoverTime(code: Uint8Array, inputs = 100_000, hold?: (dir: string) => Promise<void>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-bench-recover-'));
  try {
    const node = await SprocketNode.open({ dataDir: dir, dev: true, blockTime: 0 });
    const chainId = node.chainId;
    await node.close();
    const alice = new FastAccount(devAccount('alice').secretKey);
    const log = new SqliteLog(dir);
    const entries: Parameters<SqliteLog['append']>[0][number][] = [];
    const push = (s: { tx: string; signature: string }): void => {
      entries.push({ kind: 'tx', tx: Buffer.from(s.tx.slice(2), 'hex'), signature: Buffer.from(s.signature.slice(2), 'hex') });
    };
    push(alice.sign(chainId, { kind: 'UploadCode', code }));
    entries.push({ kind: 'block', timestamp: 1 });
    const ctor = CounterClient.definition.constructors.find((c) => c.name === 'New');
    push(
      alice.sign(chainId, {
        kind: 'Deploy',
        codeId: codeIdOfBytes(code),
        payload: ctor?.encodeCall([0]) ?? new Uint8Array(),
        value: 0n,
        salt: new Uint8Array([1]),
        gasLimit: null,
      }),
    );
    entries.push({ kind: 'block', timestamp: 2 });
    await log.append(entries.splice(0));
    await log.close();
    // The counter's address: replay once to learn it.
    const probe = await SprocketNode.open({ dataDir: dir, blockTime: 0 });
    const counter = probe.executor.system.actorIdsList()[0] as ActorId;
    await probe.close();
    const writer = new SqliteLog(dir);
    const payload = add?.encodeCall([1]) ?? new Uint8Array();
    let ts = 3;
    for (let i = 0; i < inputs; i++) {
      push(alice.sign(chainId, { kind: 'Send', to: counter, payload, value: 0n, gasLimit: null, delay: 0 }));
      if (i % 1000 === 999) entries.push({ kind: 'block', timestamp: ts++ });
      if (entries.length >= 5000) await writer.append(entries.splice(0));
    }
    if (entries.length > 0) await writer.append(entries.splice(0));
    await writer.close();
    // The node that logged these inputs executed them and took its checkpoints: one run from genesis.
    const ran = await SprocketNode.open({ dataDir: dir, blockTime: 0 });
    await ran.close();
    await hold?.(dir);
    // A real restart: the node process from spawn to its ready line (replay included).
    const start = performance.now();
    const { proc } = await child([join(root, 'node/bin/sprocket-node.js'), '--data', dir, '--port', '0', '--block-time', '0'], /ready: /);
    const seconds = (performance.now() - start) / 1000;
    await stop(proc);
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The node suite's rows. */
export async function runNodeBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const code = await bundleActor('examples/counter/counter.ts', 'Counter');
  // SPROCKET_BENCH_PROF=DIR writes a CPU profile of the node process there.
  const prof = process.env.SPROCKET_BENCH_PROF;
  const profArgs = prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${prof}`];
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-bench-node-'));
  const { proc, match } = await child(
    [...profArgs, join(root, 'node/bin/sprocket-node.js'), '--data', dir, '--port', '0', '--dev', '--block-time', '0'],
    /ready: (ws:\/\/\S+) /,
  );
  try {
    const url = match[1] as string;
    const admin = await Client.open(url);
    const chainId = (await admin.call('node_info', {})).result.chainId as string;
    const alice = new FastAccount(devAccount('alice').secretKey);
    const { codeId } = (await admin.call('code_upload', alice.sign(chainId, { kind: 'UploadCode', code }))).result;
    const ctor = CounterClient.definition.constructors.find((c) => c.name === 'New');
    const deployed = await admin.call(
      'actor_deploy',
      alice.sign(chainId, {
        kind: 'Deploy',
        codeId,
        payload: ctor?.encodeCall([0]) ?? new Uint8Array(),
        value: 0n,
        salt: new Uint8Array(),
        gasLimit: null,
      }),
    );
    const counter = deployed.result.address as ActorId;
    const payload = add?.encodeCall([1]) ?? new Uint8Array();
    const accounts = Array.from({ length: CALLERS }, (_, i) => new FastAccount(Buffer.alloc(32, i + 1)));
    const clients = await Promise.all(accounts.map(() => Client.open(url)));
    const presign = (kind: 'Call' | 'Send', n: number) =>
      accounts.map((a) =>
        Array.from({ length: n }, () =>
          a.sign(
            chainId,
            kind === 'Call'
              ? { kind, to: counter, payload, value: 0n, gasLimit: null, timeout: null }
              : { kind, to: counter, payload, value: 0n, gasLimit: null, delay: 0 },
          ),
        ),
      );
    // Through connect(): one Connection and account per caller, the generated client on top.
    const conns: Connection[] = accounts.map((_, i) =>
      connect(url, { account: accountFromSecret(Buffer.alloc(32, i + 101)), WebSocket: WebSocket as never }),
    );
    const counters = conns.map((c) => CounterClient.at(c, counter));
    const sdkCall = (caller: number) => (counters[caller] as (typeof counters)[number]).add(1).then(() => undefined);
    const sdkSend = (caller: number) => (counters[caller] as (typeof counters)[number]).send.add(1).then(() => undefined);
    // A fixed warm-up of both kinds of write before any timed window: a node's first ~10,000 inputs run while its
    // code is still being optimised and its history windows fill for the first time, which a long-running node
    // does once. The timed windows are long enough to hold the periodic checkpoints in their share.
    await closedLoop(1500, sdkSend);
    await closedLoop(1000, sdkCall);
    const sdkRr = await closedLoop(3000, sdkCall);
    await closedLoop(300, sdkSend);
    const sdkFf = await closedLoop(3000, sdkSend);
    for (const c of conns) c.close();
    const calls = presign('Call', 400);
    const callOp = (method: string, txs: { tx: string; signature: string }[][]) => async (caller: number) => {
      const next = (txs[caller] as { tx: string; signature: string }[]).shift();
      if (next === undefined) throw new Error('the bench ran out of pre-signed transactions');
      const answer = await (clients[caller] as Client).call(method, next);
      if (answer.error !== undefined) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
    };
    await closedLoop(300, callOp('message_call', calls));
    const rr = await closedLoop(2000, callOp('message_call', calls));
    const sample = calls[0]?.[0] as { tx: string; signature: string };
    const frame = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message_call', params: sample });
    const echo = await echoRate(frame);
    rows.push({ suite: 'node', case: 'request-reply', impl: 'sprocket', opsPerSec: Math.round(sdkRr.rate) });
    rows.push({ suite: 'node', case: 'request-reply', impl: 'ws-echo', opsPerSec: Math.round(echo) });
    rows.push({ suite: 'node', case: 'request-reply', impl: 'raw-rpc', opsPerSec: Math.round(rr.rate) });
    rows.push({
      suite: 'node',
      case: 'request-reply',
      impl: 'verify-all-cores',
      opsPerSec: Math.round(await verifyLimitAllCores(sample, accounts[0]?.address as ActorId)),
    });
    rows.push({ suite: 'node', case: 'request-reply p50', impl: 'sprocket', ms: percentile(sdkRr.latencies, 50) });
    rows.push({ suite: 'node', case: 'request-reply p99', impl: 'sprocket', ms: percentile(sdkRr.latencies, 99) });
    const sends = presign('Send', 400);
    await closedLoop(300, callOp('message_send', sends));
    const ff = await closedLoop(2000, callOp('message_send', sends));
    rows.push({ suite: 'node', case: 'fire-and-forget', impl: 'sprocket', opsPerSec: Math.round(sdkFf.rate) });
    rows.push({
      suite: 'node',
      case: 'fire-and-forget',
      impl: 'verify-limit',
      opsPerSec: Math.round(verifyLimit(sample, accounts[0]?.address as ActorId)),
    });
    rows.push({ suite: 'node', case: 'fire-and-forget', impl: 'raw-rpc', opsPerSec: Math.round(ff.rate) });
    rows.push({ suite: 'node', case: 'fire-and-forget p50', impl: 'sprocket', ms: percentile(sdkFf.latencies, 50) });
    rows.push({ suite: 'node', case: 'fire-and-forget p99', impl: 'sprocket', ms: percentile(sdkFf.latencies, 99) });
    for (const c of [admin, ...clients]) c.socket.close();
  } finally {
    await stop(proc);
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push({ suite: 'node', case: 'recover 100k inputs', impl: 'sprocket', seconds: Number((await recoverTime(code)).toFixed(2)) });
  // Small windows, so that every bounded window is full before the first reading: what grows between the readings
  // is what the node keeps per input. (A window's hash table grows and shrinks as it turns over, moving the heap by
  // up to its own size: with windows of 1,000 that is a few bytes per input over this span.)
  const retained = await retainedPerInput(code, [4_000, 16_000], {
    history: { blocks: 100, blockInputs: 1000, messages: 1000, trace: 3000, events: 1000, replies: 1000 },
  });
  rows.push({ suite: 'node', case: 'retained per input', impl: 'sprocket', bytes: Math.max(0, Math.round(retained.perInput)) });
  return rows;
}
