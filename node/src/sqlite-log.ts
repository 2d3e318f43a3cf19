// The SQLite store of a node: the input log (WAL, group commit), the derived block and message records, and
// checkpoints.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decodeEntry, encodeEntry } from './entry-codec.js';
import { NodeError } from './errors.js';
import type { InputLog, LogEntry, Positioned } from './log.js';
import { LogWriter } from './log-writer.js';
import { backfillTxIndex, type IndexedTx, indexedOf, TX_INDEX_SCHEMA, TxIndexWriter, type TxRow, txKey } from './tx-index.js';

/** A stored block record: what replay must reproduce. */
export interface StoredBlock {
  readonly height: number;
  readonly hash: string;
  readonly stateRoot: string;
  readonly position: number;
  /** The rest of the block record as JSON (parent hash, timestamp, inputs, messages); absent in older stores. */
  readonly body?: string;
  /** The block's rows of the transaction index (tx-index.ts); absent: the block leaves the index as it is. */
  readonly txs?: readonly TxRow[];
}

/** A stored record of a message a transaction sent (derived data, rewritten in the block that changes it). */
export interface StoredMessage {
  readonly id: string;
  /** The block that sent it. */
  readonly block: number;
  /** Whether its outcome is known (false while it is in flight). */
  readonly settled: boolean;
  readonly payload: Uint8Array;
  /** The rest of the record as JSON (sender, receiver, kind, events, outcome). */
  readonly body: string;
}

/** A stored checkpoint: the canonical state after the block at `position`, with its root. */
export interface StoredCheckpoint {
  readonly position: number;
  readonly height: number;
  readonly stateRoot: string;
  readonly state: Uint8Array;
}

interface Pending {
  readonly entries: readonly LogEntry[];
  readonly resolve: (positions: number[]) => void;
  readonly reject: (error: unknown) => void;
}

const PAGE = 10_000;

interface MessageRow {
  id: string;
  block: number;
  settled: number;
  payload: Buffer;
  body: string;
}

function messageOfRow(r: MessageRow | undefined): StoredMessage | undefined {
  if (r === undefined) return undefined;
  const payload = new Uint8Array(r.payload.buffer, r.payload.byteOffset, r.payload.length);
  return { id: r.id, block: r.block, settled: r.settled !== 0, payload, body: r.body };
}

/**
 * The input log in an embedded SQLite database (WAL mode, synchronous=FULL, one transaction per group of appends).
 * Reads and writes run on the calling thread until `startWriter()`; from then on the writes run on a writer thread,
 * one group commit at a time, while the next group gathers.
 */
export class SqliteLog implements InputLog {
  private readonly db: Database.Database;
  private readonly lock: Database.Database;
  private readonly file: string;
  private writer: LogWriter | undefined = undefined;
  /** The group commit the writer is running, if any. */
  private committing: Promise<void> | undefined = undefined;
  private readonly insert: Database.Statement;
  private readonly page: Database.Statement;
  private readonly insertBlock: Database.Statement;
  private readonly insertMessage: Database.Statement;
  private readonly blockRow: Database.Statement;
  private readonly messageRow: Database.Statement;
  private readonly txIndex: TxIndexWriter;
  private pending: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private headPosition: number;
  private laterBlocks: StoredBlock[] = [];
  private laterMessages: StoredMessage[] = [];
  /** Records queued or being committed: reads see them before the database does. */
  private readonly unwrittenBlocks = new Map<number, StoredBlock>();
  private readonly unwrittenMessages = new Map<string, StoredMessage>();
  private readonly unwrittenTxs = new Map<string, { block: StoredBlock; row: TxRow }>();
  private laterTimer: NodeJS.Timeout | undefined = undefined;
  /**
   * Called inside each group commit with the batch's entries: entries it returns are appended at the end of
   * the same transaction (a node with block time 0 closes each batch of inputs with its block entry).
   */
  trailer: ((batch: readonly LogEntry[]) => readonly LogEntry[]) | undefined = undefined;
  /** Told about the trailer's entries once they are committed. */
  onTrailer: ((items: readonly Positioned[]) => void) | undefined = undefined;

  constructor(dir: string) {
    this.file = join(dir, 'node.db');
    // The data directory's lock: an exclusive SQLite lock on `node.lock`, held while the store is open. The OS
    // drops it when the process ends, however it ends, so a node killed with SIGKILL never leaves a stale lock
    // behind. (A lock of its own, so the database itself can have a reader here and a writer thread.)
    let lock: Database.Database;
    // mkdir's own refusal only says "EEXIST: file already exists": name what is wrong and what to give instead.
    if (existsSync(dir) && !statSync(dir).isDirectory())
      throw new NodeError('NODE_STORE', `cannot open the node database in ${dir}: it is a file, not a directory; give --data a directory`, {
        dir,
      });
    try {
      mkdirSync(dir, { recursive: true });
      lock = new Database(join(dir, 'node.lock'), { timeout: 0 });
    } catch (error) {
      throw new NodeError('NODE_STORE', `cannot open the node database in ${dir}: ${(error as Error).message}`, { dir }, { cause: error });
    }
    try {
      lock.pragma('locking_mode = EXCLUSIVE');
      lock.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch (error) {
      lock.close();
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY' || /locked|busy/i.test((error as Error).message);
      if (busy) {
        throw new NodeError(
          'NODE_LOCKED',
          `the data directory ${dir} is in use by another node (its database is locked); stop that node or pick another --data`,
          { dir },
          { cause: error },
        );
      }
      throw new NodeError('NODE_STORE', `cannot lock the node database in ${dir}: ${(error as Error).message}`, { dir }, { cause: error });
    }
    this.lock = lock;
    try {
      this.db = new Database(this.file, { timeout: 5000 });
    } catch (error) {
      lock.close();
      throw new NodeError('NODE_STORE', `cannot open the node database in ${dir}: ${(error as Error).message}`, { dir }, { cause: error });
    }
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS log (position INTEGER PRIMARY KEY, kind INTEGER NOT NULL, body BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS blocks (height INTEGER PRIMARY KEY, hash TEXT NOT NULL, state_root TEXT NOT NULL, position INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS checkpoints (position INTEGER PRIMARY KEY, height INTEGER NOT NULL, state_root TEXT NOT NULL, state BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, block INTEGER NOT NULL, settled INTEGER NOT NULL, payload BLOB NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS messages_in_flight ON messages (block) WHERE settled = 0;
        ${TX_INDEX_SCHEMA}
      `);
      const columns = this.db.prepare('PRAGMA table_info(blocks)').all() as { name: string }[];
      if (!columns.some((c) => c.name === 'body')) this.db.exec('ALTER TABLE blocks ADD COLUMN body TEXT');
      this.txIndex = new TxIndexWriter(this.db);
      backfillTxIndex(this.db, this.txIndex);
    } catch (error) {
      this.db.close();
      lock.close();
      throw new NodeError('NODE_STORE', `cannot open the node database in ${dir}: ${(error as Error).message}`, { dir }, { cause: error });
    }
    this.insert = this.db.prepare('INSERT INTO log (position, kind, body) VALUES (?, ?, ?)');
    this.page = this.db.prepare('SELECT position, kind, body FROM log WHERE position >= ? ORDER BY position LIMIT ?');
    this.insertBlock = this.db.prepare('INSERT OR REPLACE INTO blocks (height, hash, state_root, position, body) VALUES (?, ?, ?, ?, ?)');
    this.insertMessage = this.db.prepare('INSERT OR REPLACE INTO messages (id, block, settled, payload, body) VALUES (?, ?, ?, ?, ?)');
    this.blockRow = this.db.prepare('SELECT height, hash, state_root, position, body FROM blocks WHERE height = ?');
    this.messageRow = this.db.prepare('SELECT id, block, settled, payload, body FROM messages WHERE id = ?');
    const row = this.db.prepare('SELECT MAX(position) AS head FROM log').get() as { head: number | null };
    this.headPosition = row.head ?? 0;
  }

  /** The position of the last durable entry. */
  get head(): number {
    return this.headPosition;
  }

  /** Queues entries for the next group commit; resolves with their positions once committed. */
  append(entries: readonly LogEntry[]): Promise<number[]> {
    if (this.closed) return Promise.reject(new NodeError('NODE_STORE', 'the input log is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ entries, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes every queued append in one transaction (on the writer thread once it runs, one commit at a time). */
  private flush(): void {
    this.scheduled = false;
    if (this.committing !== undefined) return;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) {
      this.writeLaterBlocks();
      return;
    }
    const blocks = this.laterBlocks;
    const messages = this.laterMessages;
    this.laterBlocks = [];
    this.laterMessages = [];
    const results: number[][] = [];
    const start = this.headPosition;
    const trailing: Positioned[] = [];
    const rows: [number, number, Uint8Array][] = [];
    let position = start;
    for (const p of batch) {
      const positions: number[] = [];
      for (const entry of p.entries) {
        const { kind, body } = encodeEntry(entry);
        rows.push([++position, kind, body]);
        positions.push(position);
      }
      results.push(positions);
    }
    const failed = (error: unknown): void => {
      this.laterBlocks = blocks.concat(this.laterBlocks);
      this.laterMessages = messages.concat(this.laterMessages);
      const failure =
        error instanceof NodeError
          ? error
          : new NodeError('NODE_STORE', `the input log could not be written: ${(error as Error).message}`, {}, { cause: error });
      for (const p of batch) p.reject(failure);
    };
    const done = (): void => {
      this.headPosition = position;
      this.written(blocks, messages);
      if (trailing.length > 0) this.onTrailer?.(trailing);
      for (let i = 0; i < batch.length; i++) (batch[i] as Pending).resolve(results[i] as number[]);
    };
    const writer = this.writer;
    if (writer !== undefined) {
      for (const entry of this.trailer?.(batch.flatMap((p) => p.entries)) ?? []) {
        const { kind, body } = encodeEntry(entry);
        rows.push([++position, kind, body]);
        trailing.push({ position, entry });
      }
      this.committing = writer.commit({ rows, blocks, messages }).then(done, failed);
      void this.committing.finally(() => {
        this.committing = undefined;
        if (this.pending.length > 0 && !this.scheduled) {
          this.scheduled = true;
          setImmediate(() => this.flush());
        }
      });
      return;
    }
    try {
      this.db.transaction(() => {
        for (const r of rows) this.insert.run(r[0], r[1], r[2]);
        const extra = this.trailer?.(batch.flatMap((p) => p.entries)) ?? [];
        for (const entry of extra) {
          const { kind, body } = encodeEntry(entry);
          this.insert.run(++position, kind, body);
          trailing.push({ position, entry });
        }
        // Block and message records (derived data) ride along with the group commit: no commit of their own.
        for (const b of blocks) this.saveBlock(b);
        for (const m of messages) this.saveMessage(m);
      })();
    } catch (error) {
      position = start;
      trailing.length = 0;
      failed(error);
      return;
    }
    done();
  }

  /** Moves the writes to a writer thread (after the reads and writes of startup); stays on this thread if it cannot start. */
  async startWriter(): Promise<void> {
    if (this.writer !== undefined || this.closed) return;
    this.flush();
    try {
      this.writer = await LogWriter.start(this.file);
    } catch {
      // Without a writer thread the writes stay synchronous on this thread: slower, equally durable.
    }
  }

  /** Entries from `from` to the head, read page by page. */
  *read(from: number): Iterable<Positioned> {
    let next = Math.max(1, from);
    for (;;) {
      const rows = this.page.all(next, PAGE) as { position: number; kind: number; body: Buffer }[];
      for (const row of rows) {
        yield {
          position: row.position,
          entry: decodeEntry(row.kind, new Uint8Array(row.body.buffer, row.body.byteOffset, row.body.length)),
        };
      }
      if (rows.length < PAGE) return;
      next = (rows[rows.length - 1] as { position: number }).position + 1;
    }
  }

  /** The state-root format the stored block records and checkpoints were made with (undefined: a store from before it was recorded). */
  get rootFormat(): string | undefined {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'root_format'").get() as { value: string } | undefined;
    return row?.value;
  }

  /**
   * Drops the block records and checkpoints (derived data) and records that the ones made from now on use `format`:
   * the next replay rebuilds them from the input log. Returns how many block records were dropped.
   */
  rederive(format: string): number {
    return this.db.transaction(() => {
      const dropped = this.db.prepare('DELETE FROM blocks').run().changes;
      this.db.prepare('DELETE FROM checkpoints').run();
      this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('root_format', ?)").run(format);
      return dropped;
    })();
  }

  /** Records a block (derived data: replay recomputes it and checks it against this record). */
  saveBlock(block: StoredBlock): void {
    this.insertBlock.run(block.height, block.hash, block.stateRoot, block.position, block.body ?? null);
    if (block.txs !== undefined) this.txIndex.save(block.height, block.txs);
  }

  private saveMessage(m: StoredMessage): void {
    this.insertMessage.run(m.id, m.block, m.settled ? 1 : 0, m.payload, m.body);
  }

  /** Queues block and message records for the next group commit (written alone within a second when no commit comes). */
  saveBlocksLater(blocks: readonly StoredBlock[], messages: readonly StoredMessage[] = []): void {
    if (this.closed) return;
    for (const b of blocks) {
      this.laterBlocks.push(b);
      this.unwrittenBlocks.set(b.height, b);
      for (const row of b.txs ?? []) this.unwrittenTxs.set(txKey(row[0], row[1]), { block: b, row });
    }
    for (const m of messages) {
      this.laterMessages.push(m);
      this.unwrittenMessages.set(m.id, m);
    }
    if (this.laterTimer !== undefined) return;
    this.laterTimer = setTimeout(() => {
      this.laterTimer = undefined;
      this.writeLaterBlocks();
    }, 1000);
    this.laterTimer.unref?.();
  }

  /** Block and message records queued and not yet given to a commit. */
  get queuedRecords(): number {
    return this.laterBlocks.length + this.laterMessages.length;
  }

  /** Writes the queued block and message records now. */
  writeLaterBlocks(): void {
    const blocks = this.laterBlocks;
    const messages = this.laterMessages;
    this.laterBlocks = [];
    this.laterMessages = [];
    this.saveBlocks(blocks, messages);
  }

  /** Records many blocks (and message records) in one transaction. */
  saveBlocks(blocks: readonly StoredBlock[], messages: readonly StoredMessage[] = []): void {
    if ((blocks.length === 0 && messages.length === 0) || this.closed) return;
    if (this.writer !== undefined) {
      // Derived data: replay rebuilds and stores what a failed write loses.
      this.writer.commit({ rows: [], blocks, messages }).then(
        () => this.written(blocks, messages),
        () => this.written(blocks, messages),
      );
      return;
    }
    this.db.transaction(() => {
      for (const b of blocks) this.saveBlock(b);
      for (const m of messages) this.saveMessage(m);
    })();
    this.written(blocks, messages);
  }

  /** Forgets records the database now holds (unless a newer version of one is queued). */
  private written(blocks: readonly StoredBlock[], messages: readonly StoredMessage[]): void {
    for (const b of blocks) {
      if (this.unwrittenBlocks.get(b.height) === b) this.unwrittenBlocks.delete(b.height);
      for (const row of b.txs ?? []) {
        const key = txKey(row[0], row[1]);
        if (this.unwrittenTxs.get(key)?.block === b) this.unwrittenTxs.delete(key);
      }
    }
    for (const m of messages) if (this.unwrittenMessages.get(m.id) === m) this.unwrittenMessages.delete(m.id);
  }

  /** The stored record of block `height` (queued records included). */
  storedBlock(height: number): StoredBlock | undefined {
    const queued = this.unwrittenBlocks.get(height);
    if (queued !== undefined) return queued;
    const r = this.blockRow.get(height) as
      | { height: number; hash: string; state_root: string; position: number; body: string | null }
      | undefined;
    if (r === undefined) return undefined;
    return { height: r.height, hash: r.hash, stateRoot: r.state_root, position: r.position, ...(r.body === null ? {} : { body: r.body }) };
  }

  /** How many block records are stored at heights up to `height` (all of them: `height + 1`). */
  storedBlockCount(height: number): number {
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM blocks WHERE height <= ?').get(height) as { n: number };
    return r.n;
  }

  /** The stored record of a message (queued records included). */
  storedMessage(id: string): StoredMessage | undefined {
    const queued = this.unwrittenMessages.get(id);
    if (queued !== undefined) return queued;
    return messageOfRow(this.messageRow.get(id) as MessageRow | undefined);
  }

  /** Where the transaction of `signer` with `nonce` ran, by the index (queued rows included); the caller checks the block. */
  storedTx(signer: string, nonce: string): IndexedTx | undefined {
    const queued = this.unwrittenTxs.get(txKey(signer, nonce));
    if (queued !== undefined) {
      const [s, n, index, kind, messageId] = queued.row;
      return indexedOf(s, n, queued.block.height, index, kind, messageId);
    }
    return this.txIndex.get(signer, nonce);
  }

  /** The stored records of messages sent at or before block `height` whose outcome was still unknown when last stored. */
  messagesInFlight(height: number): StoredMessage[] {
    const rows = this.db
      .prepare('SELECT id, block, settled, payload, body FROM messages WHERE settled = 0 AND block <= ? ORDER BY block')
      .all(height) as MessageRow[];
    return rows.map((r) => messageOfRow(r) as StoredMessage);
  }

  /** Stores a checkpoint (keeping the newest few). */
  saveCheckpoint(cp: StoredCheckpoint, keep = 3): void {
    if (this.closed) return;
    if (this.writer !== undefined) {
      this.writer.saveCheckpoint(cp, keep).catch(() => undefined);
      return;
    }
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO checkpoints (position, height, state_root, state) VALUES (?, ?, ?, ?)')
        .run(cp.position, cp.height, cp.stateRoot, cp.state);
      this.db
        .prepare('DELETE FROM checkpoints WHERE position NOT IN (SELECT position FROM checkpoints ORDER BY position DESC LIMIT ?)')
        .run(keep);
    })();
  }

  /** The newest checkpoint, if any. */
  latestCheckpoint(): StoredCheckpoint | undefined {
    return this.checkpoints()[0];
  }

  /** The stored checkpoints, newest first. */
  checkpoints(): StoredCheckpoint[] {
    const rows = this.db.prepare('SELECT position, height, state_root, state FROM checkpoints ORDER BY position DESC').all() as {
      position: number;
      height: number;
      state_root: string;
      state: Buffer;
    }[];
    return rows.map((row) => ({
      position: row.position,
      height: row.height,
      stateRoot: row.state_root,
      state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.length),
    }));
  }

  /** Flushes pending appends and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (;;) {
      if (this.committing !== undefined) await this.committing.catch(() => undefined);
      else if (this.pending.length > 0) this.flush();
      else break;
    }
    this.writeLaterBlocks();
    if (this.laterTimer !== undefined) clearTimeout(this.laterTimer);
    this.closed = true;
    await this.writer?.close();
    this.db.close();
    this.lock.close();
  }
}
