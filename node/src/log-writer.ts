// The log's writer thread: a worker owning a write connection to the node database, so the main thread keeps
// reading, verifying and executing while a group commit's fsync runs (better-sqlite3 is synchronous).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { NodeError } from './errors.js';
import type { StoredBlock, StoredCheckpoint, StoredMessage } from './sqlite-log.js';
import { TX_DROP_FROM, TX_INSERT } from './tx-index.js';

/** One group commit as the writer takes it: encoded log rows and the block and message records riding along. */
export interface WriterCommit {
  readonly rows: readonly (readonly [position: number, kind: number, body: Uint8Array])[];
  readonly blocks: readonly StoredBlock[];
  readonly messages?: readonly StoredMessage[];
}

// The worker (CommonJS, evaluated): one connection, WAL, synchronous=FULL; each request is one transaction,
// answered in order once committed. A commit's byte fields (log row bodies, then message payloads) arrive in one
// transferred buffer with their end offsets (`ends`), so posting it copies them once, whatever their number.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
function open() {
  try {
    const db = new Database(workerData.file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return db;
  } catch (e) {
    parentPort.postMessage({ id: 0, error: String(e && e.message || e) });
    return undefined;
  }
}
const db = open();
if (db !== undefined) {
const insert = db.prepare('INSERT INTO log (position, kind, body) VALUES (?, ?, ?)');
const block = db.prepare('INSERT OR REPLACE INTO blocks (height, hash, state_root, position, body) VALUES (?, ?, ?, ?, ?)');
const message = db.prepare('INSERT OR REPLACE INTO messages (id, block, settled, payload, body) VALUES (?, ?, ?, ?, ?)');
const txDrop = db.prepare(${JSON.stringify(TX_DROP_FROM)});
const txInsert = db.prepare(${JSON.stringify(TX_INSERT)});
const cp = db.prepare('INSERT OR REPLACE INTO checkpoints (position, height, state_root, state) VALUES (?, ?, ?, ?)');
const prune = db.prepare('DELETE FROM checkpoints WHERE position NOT IN (SELECT position FROM checkpoints ORDER BY position DESC LIMIT ?)');
const run = db.transaction((m) => {
  if (m.bytes !== undefined) {
    const bytes = Buffer.from(m.bytes);
    const ends = m.ends;
    let at = 0;
    let k = 0;
    for (let i = 0; i < m.positions.length; i++) {
      insert.run(m.positions[i], m.kinds[i], bytes.subarray(at, ends[k]));
      at = ends[k++];
    }
    for (const b of m.blocks) {
      block.run(b.height, b.hash, b.stateRoot, b.position, b.body ?? null);
      if (b.txs !== undefined) {
        txDrop.run(b.height);
        for (const t of b.txs) txInsert.run(t[0], t[1], b.height, t[2], t[3], t[4]);
      }
    }
    for (let i = 0; i < m.messages.length; i++) {
      const r = m.messages[i];
      message.run(r[0], r[1], r[2], bytes.subarray(at, ends[k]), r[3]);
      at = ends[k++];
    }
  }
  if (m.checkpoint) {
    cp.run(m.checkpoint.position, m.checkpoint.height, m.checkpoint.stateRoot, m.checkpoint.state);
    prune.run(m.keep);
  }
});
parentPort.postMessage({ id: 0 });
parentPort.on('message', (m) => {
  if (m.close) {
    try { db.close(); } catch {}
    parentPort.postMessage({ id: m.id });
    return;
  }
  try {
    run(m);
    parentPort.postMessage({ id: m.id });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.message || e) });
  }
});
}
`;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** A writer thread on the node database at `file`; requests are committed in the order they are made. */
export class LogWriter {
  private readonly worker: Worker;
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  private failure: NodeError | undefined = undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (m: { id: number; error?: string }) => {
      const w = this.waiters.get(m.id);
      this.waiters.delete(m.id);
      // The thread keeps the process alive only while a request waits on it.
      if (this.waiters.size === 0) worker.unref();
      if (w === undefined) return;
      if (m.error === undefined) w.resolve();
      else w.reject(new NodeError('NODE_STORE', `the input log could not be written: ${m.error}`));
    });
    const fail = (error: unknown): void => {
      this.failure = new NodeError(
        'NODE_STORE',
        `the log writer stopped: ${(error as Error)?.message ?? String(error)}`,
        {},
        { cause: error },
      );
      for (const w of this.waiters.values()) w.reject(this.failure);
      this.waiters.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.waiters.size > 0) fail(new NodeError('NODE_STORE', `its thread exited with code ${code}`));
    });
  }

  /** Starts a writer on `file` (the schema exists already); resolves once its connection is open. */
  static start(file: string): Promise<LogWriter> {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    const writer = new LogWriter(worker);
    return writer.request({ id: 0 }, 0).then(
      () => writer,
      async (error: unknown) => {
        await worker.terminate();
        throw error;
      },
    );
  }

  private request(message: Record<string, unknown>, id = this.nextId++, transfer: ArrayBuffer[] = []): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      this.worker.ref();
      if (id !== 0) this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** Commits log rows and block records in one transaction; resolves once durable. */
  commit(commit: WriterCommit): Promise<void> {
    const { rows, blocks } = commit;
    const messages = commit.messages ?? [];
    let size = 0;
    for (const r of rows) size += r[2].length;
    for (const m of messages) size += m.payload.length;
    const bytes = new Uint8Array(size);
    const ends = new Float64Array(rows.length + messages.length);
    const positions = new Array<number>(rows.length);
    const kinds = new Array<number>(rows.length);
    let at = 0;
    let k = 0;
    for (let i = 0; i < rows.length; i++) {
      const [position, kind, body] = rows[i] as WriterCommit['rows'][number];
      positions[i] = position;
      kinds[i] = kind;
      bytes.set(body, at);
      at += body.length;
      ends[k++] = at;
    }
    const records = new Array<[string, number, number, string]>(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as StoredMessage;
      records[i] = [m.id, m.block, m.settled ? 1 : 0, m.body];
      bytes.set(m.payload, at);
      at += m.payload.length;
      ends[k++] = at;
    }
    return this.request({ positions, kinds, blocks, messages: records, bytes: bytes.buffer, ends }, this.nextId++, [
      bytes.buffer,
      ends.buffer,
    ]);
  }

  /** Stores a checkpoint (keeping the newest `keep`). */
  saveCheckpoint(cp: StoredCheckpoint, keep: number): Promise<void> {
    return this.request({ checkpoint: cp, keep });
  }

  /** Closes the connection (after every request made before) and ends the thread. */
  async close(): Promise<void> {
    try {
      await this.request({ close: true });
    } catch {
      // A writer that failed has nothing left to close.
    }
    await this.worker.terminate();
  }
}
