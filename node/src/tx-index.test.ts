import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backfillTxIndex, TX_INDEX_SCHEMA, TxIndexWriter, txRowsOf } from './tx-index.js';

const a = `0x${'aa'.repeat(32)}`;

describe('txRowsOf', () => {
  it('lists the signed transactions that took their nonce, with their place among the inputs', () => {
    const rows = txRowsOf([
      { kind: 'dev_mint' },
      { kind: 'Send', signer: a, nonce: '0', messageId: '0x01' },
      { kind: 'Send', signer: a, nonce: '0', error: 'BAD_NONCE' },
      { kind: 'Transfer', signer: a, nonce: '1', error: 'VALUE_REJECTED' },
    ]);
    expect(rows).toEqual([
      [a, '0', 1, 'Send', '0x01'],
      [a, '1', 3, 'Transfer', null],
    ]);
  });
});

describe('backfillTxIndex', () => {
  it('fills the index from stored blocks once; the first to take a nonce wins where older blocks do not say BAD_NONCE', () => {
    const db = new Database(':memory:');
    db.exec(`
      CREATE TABLE blocks (height INTEGER PRIMARY KEY, hash TEXT NOT NULL, state_root TEXT NOT NULL, position INTEGER NOT NULL, body TEXT);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      ${TX_INDEX_SCHEMA}
    `);
    const block = db.prepare('INSERT INTO blocks VALUES (?, ?, ?, ?, ?)');
    block.run(1, 'h', 'r', 2, JSON.stringify({ inputs: [{ kind: 'Send', signer: a, nonce: '0', messageId: '0x01' }] }));
    // An older node listed a refused duplicate without its error.
    block.run(
      2,
      'h',
      'r',
      3,
      JSON.stringify({ inputs: [{ kind: 'dev_mint' }, { kind: 'Call', signer: a, nonce: '0', messageId: '0x02' }] }),
    );
    block.run(3, 'h', 'r', 4, null);
    const index = new TxIndexWriter(db);
    backfillTxIndex(db, index);
    expect(index.get(a, '0')).toEqual({ signer: a, nonce: '0', block: 1, index: 0, kind: 'Send', messageId: '0x01' });
    // Once done, it is not done again (the index is then written with the blocks).
    db.exec('DELETE FROM txs');
    backfillTxIndex(db, index);
    expect(index.get(a, '0')).toBeUndefined();
    db.close();
  });
});
