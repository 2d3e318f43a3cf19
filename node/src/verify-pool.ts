// Signature checks off the main thread: requests made in one turn of the event loop form a batch, split between
// the worker threads (checked on the main thread only when there are none); answers come back in request order (so a signer's nonces are still
// admitted in arrival order).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ActorId } from '@sprocket/sdk';
import { SignatureVerifier } from './admission.js';

// The worker (CommonJS, evaluated): verifies each (signer, data, signature) with node:crypto, caching keys. A part
// arrives as the signers and one transferred buffer holding, per check, a flag (1: the signature has 64 bytes), the
// data's length (u32 LE), the 64-byte signature and the data: one copy in, none out, whatever the part's size.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const keys = new Map();
parentPort.on('message', (m) => {
  const n = m.signers.length;
  const ok = new Uint8Array(n);
  const buf = Buffer.from(m.buf);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const flag = buf[at];
    const length = buf.readUInt32LE(at + 1);
    const sig = buf.subarray(at + 5, at + 69);
    const data = buf.subarray(at + 69, at + 69 + length);
    at += 69 + length;
    if (flag !== 1) continue;
    const signer = m.signers[i];
    let key = keys.get(signer);
    try {
      if (key === undefined) {
        key = createPublicKey({ key: Buffer.concat([SPKI, Buffer.from(signer.slice(2), 'hex')]), format: 'der', type: 'spki' });
        if (keys.size > 100000) keys.clear();
        keys.set(signer, key);
      }
      ok[i] = verify(null, data, key, sig) ? 1 : 0;
    } catch {}
  }
  parentPort.postMessage({ id: m.id, from: m.from, ok }, [ok.buffer]);
});
`;

/** Packs checks `from`..`to` of a batch into one buffer in the worker's layout (see the worker's comment). */
function packPart(data: readonly Uint8Array[], sigs: readonly Uint8Array[], from: number, to: number): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (let i = from; i < to; i++) size += 69 + (data[i] as Uint8Array).length;
  const buf = new Uint8Array(new ArrayBuffer(size));
  const view = new DataView(buf.buffer);
  let at = 0;
  for (let i = from; i < to; i++) {
    const d = data[i] as Uint8Array;
    const sig = sigs[i] as Uint8Array;
    if (sig.length === 64) {
      buf[at] = 1;
      buf.set(sig, at + 5);
    }
    view.setUint32(at + 1, d.length, true);
    buf.set(d, at + 69);
    at += 69 + d.length;
  }
  return buf;
}

interface Batch {
  readonly id: number;
  readonly signers: string[];
  readonly data: Uint8Array[];
  readonly sigs: Uint8Array[];
  readonly resolves: ((ok: boolean) => void)[];
  readonly result: Uint8Array;
  /** Parts not answered yet. */
  parts: number;
}

/** Verifies ed25519 signatures in worker threads (on the main thread when the machine has one core). */
export class VerifyPool {
  private readonly workers: Worker[] = [];
  private readonly local = new SignatureVerifier();
  private readonly inFlight: Batch[] = [];
  private open: Batch | undefined = undefined;
  private nextId = 0;
  private turn = 0;
  private closed = false;

  private started = false;

  // Two workers even on two cores: the callers of a busy node fall into step, so a batch's checks are most of a
  // block's wait, and splitting them over both cores shortened it (fire-and-forget +5–20% against one worker).
  constructor(private readonly size = availableParallelism() >= 2 ? 2 : 0) {}

  /** Starts the workers on first use (a node that only replays starts none). */
  private start(): void {
    this.started = true;
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      worker.on('message', (m: { id: number; from: number; ok: Uint8Array }) => this.answered(m.id, m.from, m.ok));
      worker.on('error', () => this.failOver(worker));
      this.workers.push(worker);
    }
  }

  /** Whether `signature` is `signer`'s signature of `data`. */
  verify(signer: ActorId, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (!this.started && !this.closed) this.start();
    if (this.workers.length === 0 || this.closed) return Promise.resolve(this.local.verify(signer, data, signature));
    let batch = this.open;
    if (batch === undefined) {
      batch = { id: this.nextId++, signers: [], data: [], sigs: [], resolves: [], result: new Uint8Array(0), parts: 0 };
      this.open = batch;
      setImmediate(() => this.send());
    }
    const b = batch;
    return new Promise((resolve) => {
      b.signers.push(signer);
      b.data.push(data);
      b.sigs.push(signature);
      b.resolves.push(resolve);
    });
  }

  private send(): void {
    const open = this.open;
    this.open = undefined;
    if (open === undefined) return;
    const batch: Batch = { ...open, result: new Uint8Array(open.signers.length) };
    this.inFlight.push(batch);
    const n = batch.signers.length;
    const workers = this.closed ? [] : this.workers;
    // Equal parts for each worker: the main thread, which reads requests, executes blocks and answers, checks
    // none (posting a part costs it far less than checking one signature).
    const per = workers.length === 0 ? n : Math.ceil(n / workers.length);
    const parts: [number, number][] = [];
    for (let from = workers.length === 0 ? n : 0; from < n; from += per) parts.push([from, Math.min(n, from + per)]);
    batch.parts = parts.length + 1;
    parts.forEach(([from, to], i) => {
      const worker = workers[(this.turn + i) % workers.length] as Worker;
      const packed = packPart(batch.data, batch.sigs, from, to);
      worker.postMessage({ id: batch.id, from, signers: batch.signers.slice(from, to), buf: packed.buffer }, [packed.buffer]);
    });
    this.turn++;
    this.answered(batch.id, 0, this.verifyHere(batch, 0, workers.length === 0 ? n : 0));
  }

  private verifyHere(batch: Batch, from: number, to: number): Uint8Array {
    const out = new Uint8Array(to - from);
    for (let i = from; i < to; i++) {
      out[i - from] = this.local.verify(batch.signers[i] as ActorId, batch.data[i] as Uint8Array, batch.sigs[i] as Uint8Array) ? 1 : 0;
    }
    return out;
  }

  /** Records a part's answers and settles every batch, oldest first, whose answers are all in. */
  private answered(id: number, from: number, ok: Uint8Array): void {
    const batch = this.inFlight.find((b) => b.id === id);
    if (batch !== undefined && batch.parts > 0) {
      batch.result.set(ok, from);
      batch.parts--;
    }
    while (this.inFlight.length > 0 && (this.inFlight[0] as Batch).parts === 0) {
      const done = this.inFlight.shift() as Batch;
      for (let i = 0; i < done.resolves.length; i++) (done.resolves[i] as (ok: boolean) => void)(done.result[i] === 1);
    }
  }

  /** A worker that failed: its batches are checked here, and it takes no more. */
  private failOver(worker: Worker): void {
    const i = this.workers.indexOf(worker);
    if (i >= 0) this.workers.splice(i, 1);
    this.settleHere();
  }

  /** Checks every unanswered batch here (its late answers from workers are then ignored). */
  private settleHere(): void {
    for (const batch of [...this.inFlight]) {
      if (batch.parts === 0) continue;
      batch.result.set(this.verifyHere(batch, 0, batch.signers.length));
      batch.parts = 1;
      this.answered(batch.id, 0, batch.result.subarray(0, 0));
    }
  }

  /** Stops the workers (pending checks finish on the main thread). */
  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers.splice(0);
    this.settleHere();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
