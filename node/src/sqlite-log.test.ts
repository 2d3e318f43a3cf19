import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from './log.js';
import { SqliteLog } from './sqlite-log.js';

const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-log-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tx = (n: number): LogEntry => ({ kind: 'tx', tx: new Uint8Array([n, n + 1]), signature: new Uint8Array(64).fill(n) });

describe('the SQLite input log', () => {
  it('gives appends made together consecutive positions and reads them back in order after a reopen', async () => {
    const dir = fresh();
    const log = new SqliteLog(dir);
    const [a, b, c] = await Promise.all([
      log.append([tx(1)]),
      log.append([tx(2), { kind: 'block', timestamp: 5 }]),
      log.append([{ kind: 'dev', command: { op: 'mint', address: `0x${'11'.repeat(32)}` as never, value: 10n ** 30n } }]),
    ]);
    expect([a, b, c]).toEqual([[1], [2, 3], [4]]);
    expect(log.head).toBe(4);
    await log.close();
    const again = new SqliteLog(dir);
    expect(again.head).toBe(4);
    const entries = [...again.read(1)];
    expect(entries.map((e) => e.position)).toEqual([1, 2, 3, 4]);
    expect(entries[0]?.entry).toEqual(tx(1));
    expect(entries[2]?.entry).toEqual({ kind: 'block', timestamp: 5 });
    expect(entries[3]?.entry).toMatchObject({ kind: 'dev', command: { op: 'mint', value: 10n ** 30n } });
    expect([...again.read(3)].map((e) => e.position)).toEqual([3, 4]);
    await again.close();
  });

  it('locks its directory: a second store on it is refused with NODE_LOCKED until the first closes', async () => {
    const dir = fresh();
    const log = new SqliteLog(dir);
    await log.append([tx(1)]);
    expect(() => new SqliteLog(dir)).toThrow(expect.objectContaining({ code: 'NODE_LOCKED', message: expect.stringContaining('in use') }));
    expect(log.head).toBe(1);
    await log.append([tx(2)]);
    await log.close();
    const again = new SqliteLog(dir);
    expect(again.head).toBe(2);
    await again.close();
  });

  it('refuses a data directory that is a file with NODE_STORE saying so, and leaves the file as it was', () => {
    const file = join(fresh(), 'data');
    writeFileSync(file, 'notes');
    expect(() => new SqliteLog(file)).toThrow(
      expect.objectContaining({ code: 'NODE_STORE', message: expect.stringContaining('it is a file, not a directory') }),
    );
    expect(readFileSync(file, 'utf8')).toBe('notes');
  });

  it('refuses appends after close without writing them', async () => {
    const dir = fresh();
    const log = new SqliteLog(dir);
    await log.close();
    await expect(log.append([tx(1)])).rejects.toMatchObject({ code: 'NODE_STORE' });
    const again = new SqliteLog(dir);
    expect(again.head).toBe(0);
    await again.close();
  });

  it('keeps block records and the newest checkpoints', async () => {
    const log = new SqliteLog(fresh());
    log.saveBlocks([{ height: 0, hash: '0xa', stateRoot: '0xb', position: 1 }]);
    for (let i = 1; i <= 5; i++) log.saveCheckpoint({ position: i * 10, height: i, stateRoot: `0x${i}`, state: new Uint8Array([i]) }, 2);
    expect(log.storedBlock(0)).toEqual({ height: 0, hash: '0xa', stateRoot: '0xb', position: 1 });
    expect(log.latestCheckpoint()).toEqual({ position: 50, height: 5, stateRoot: '0x5', state: new Uint8Array([5]) });
    await log.close();
  });

  it('on its writer thread: groups appends made during a commit, trails them with the block entry, keeps the lock', async () => {
    const dir = fresh();
    const log = new SqliteLog(dir);
    await log.append([tx(1)]);
    await log.startWriter();
    log.trailer = (batch) => (batch.some((e) => e.kind === 'tx') ? [{ kind: 'block', timestamp: 7 }] : []);
    const trailed: number[] = [];
    log.onTrailer = (items) => trailed.push(...items.map((i) => i.position));
    const first = log.append([tx(2)]);
    // Queued while the first commit runs on the writer thread: one group commit of their own.
    await new Promise((resolve) => setImmediate(resolve));
    const later = await Promise.all([log.append([tx(3)]), log.append([tx(4)]), first]);
    expect(later).toEqual([[4], [5], [2]]);
    expect(trailed).toEqual([3, 6]);
    expect(log.head).toBe(6);
    expect(() => new SqliteLog(dir)).toThrow(expect.objectContaining({ code: 'NODE_LOCKED' }));
    log.saveBlocks([{ height: 1, hash: '0xc', stateRoot: '0xd', position: 3 }]);
    log.saveCheckpoint({ position: 3, height: 1, stateRoot: '0xd', state: new Uint8Array([9]) });
    await log.close();
    const again = new SqliteLog(dir);
    expect([...again.read(1)].map((e) => e.entry.kind)).toEqual(['tx', 'tx', 'block', 'tx', 'tx', 'block']);
    expect(again.storedBlock(1)).toEqual({ height: 1, hash: '0xc', stateRoot: '0xd', position: 3 });
    expect(again.latestCheckpoint()).toEqual({ position: 3, height: 1, stateRoot: '0xd', state: new Uint8Array([9]) });
    await again.close();
  });
});
