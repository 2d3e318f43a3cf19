// The transaction index of the node database: (signer, nonce) → the block that ran it and its place among the block's
// inputs. Derived from the block records (not part of the state root), written with them, and rebuilt from them
// for a data directory made before the index existed.
import type Database from 'better-sqlite3';
import type { InputView } from './execution-records.js';

/** One row of the index: signer, nonce (decimal, a u64 may not fit SQLite's integer), index among inputs, kind, message id. */
export type TxRow = readonly [signer: string, nonce: string, index: number, kind: string, messageId: string | null];

/** A transaction as the index finds it. */
export interface IndexedTx {
  readonly signer: string;
  readonly nonce: string;
  readonly block: number;
  readonly index: number;
  readonly kind: string;
  readonly messageId?: string;
}

/** The index's tables (the `block` index lets a rewritten block drop the rows of the one it replaces). */
export const TX_INDEX_SCHEMA = `
  CREATE TABLE IF NOT EXISTS txs (signer TEXT NOT NULL, nonce TEXT NOT NULL, block INTEGER NOT NULL, idx INTEGER NOT NULL, kind TEXT NOT NULL, message_id TEXT, PRIMARY KEY (signer, nonce)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS txs_by_block ON txs (block);
`;

/** The statements writing a block's rows, as text (the writer thread prepares them on its own connection). */
export const TX_DROP_FROM = 'DELETE FROM txs WHERE block >= ?';
/** Keeps the first transaction to take a nonce: a later one with the same nonce was refused when its block ran. */
export const TX_INSERT = 'INSERT OR IGNORE INTO txs (signer, nonce, block, idx, kind, message_id) VALUES (?, ?, ?, ?, ?, ?)';

/** The rows of a block's inputs: its signed transactions that took their nonce (a nonce refused at execution did not). */
export function txRowsOf(inputs: readonly InputView[]): TxRow[] {
  const rows: TxRow[] = [];
  inputs.forEach((input, index) => {
    if (input.signer === undefined || input.nonce === undefined || input.error === 'BAD_NONCE') return;
    rows.push([input.signer, input.nonce, index, input.kind, input.messageId ?? null]);
  });
  return rows;
}

/** The key of a row in the map of rows not yet written. */
export function txKey(signer: string, nonce: string): string {
  return `${signer}/${nonce}`;
}

/** Prepared writes of the index on the main thread's connection. */
export class TxIndexWriter {
  private readonly drop: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly row: Database.Statement;

  constructor(db: Database.Database) {
    this.drop = db.prepare(TX_DROP_FROM);
    this.insert = db.prepare(TX_INSERT);
    this.row = db.prepare('SELECT signer, nonce, block, idx, kind, message_id FROM txs WHERE signer = ? AND nonce = ?');
  }

  /** Writes block `height`'s rows, first dropping rows of blocks at or above it (records rebuilt by a replay replace them). */
  save(height: number, rows: readonly TxRow[]): void {
    this.drop.run(height);
    for (const r of rows) this.insert.run(r[0], r[1], height, r[2], r[3], r[4]);
  }

  /** The indexed transaction of `signer` with `nonce`, if any. */
  get(signer: string, nonce: string): IndexedTx | undefined {
    const r = this.row.get(signer, nonce) as
      | { signer: string; nonce: string; block: number; idx: number; kind: string; message_id: string | null }
      | undefined;
    if (r === undefined) return undefined;
    return indexedOf(r.signer, r.nonce, r.block, r.idx, r.kind, r.message_id);
  }
}

/** An index row as the lookup answers it. */
export function indexedOf(signer: string, nonce: string, block: number, index: number, kind: string, messageId: string | null): IndexedTx {
  return { signer, nonce, block, index, kind, ...(messageId === null ? {} : { messageId }) };
}

/**
 * Fills the index from the stored block records, once per database (a data directory made by a node without the
 * index holds blocks and no rows). Blocks are read in order, so the first transaction to take a nonce wins, as when
 * the blocks ran.
 */
export function backfillTxIndex(db: Database.Database, index: TxIndexWriter): void {
  const done = db.prepare("SELECT value FROM meta WHERE key = 'tx_index'").get() as { value: string } | undefined;
  if (done !== undefined) return;
  db.transaction(() => {
    const blocks = db.prepare('SELECT height, body FROM blocks WHERE body IS NOT NULL ORDER BY height').iterate() as Iterable<{
      height: number;
      body: string;
    }>;
    const all: [number, TxRow[]][] = [];
    for (const b of blocks) {
      const inputs = (JSON.parse(b.body) as { inputs?: InputView[] }).inputs ?? [];
      const rows = txRowsOf(inputs);
      if (rows.length > 0) all.push([b.height, rows]);
    }
    for (const [height, rows] of all) index.save(height, rows);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('tx_index', '1')").run();
  })();
}
