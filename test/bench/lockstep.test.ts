import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type LockstepOptions, runLockstepGroup } from '../../bench/lockstep.js';

const fixture = fileURLToPath(new URL('./lockstep-child.ts', import.meta.url));
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A group of fixture children logging to a fresh file; `mode` picks each child's behaviour. */
function group(mode: (part: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-lockstep-'));
  dirs.push(dir);
  const log = join(dir, 'order.log');
  const children: ChildProcess[] = [];
  const start = (part: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, part, log, mode(part)], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    return child;
  };
  const closed = () =>
    Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('close', r)))));
  return { log, children, start, closed };
}

const label = (part: string) => `fixture (${part})`;
const bounds: LockstepOptions = { rounds: 3, readyTimeoutMs: 60_000, roundTimeoutMs: 60_000 };

describe('runLockstepGroup', () => {
  it('runs one timed round of each child in turn, the first child rotating from round to round', async () => {
    const g = group(() => 'ok');
    const results = await runLockstepGroup(['a', 'b', 'c'], g.start, label, bounds);
    expect(readFileSync(g.log, 'utf8').trim().split('\n')).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(results.map((r) => [r.part, r.row.impl, r.rates.length])).toEqual([
      ['a', 'a', 3],
      ['b', 'b', 3],
      ['c', 'c', 3],
    ]);
    for (const r of results) expect(r.row.opsPerSec).toBeGreaterThan(0);
    await g.closed();
    expect(g.children.map((c) => c.exitCode)).toEqual([0, 0, 0]);
  });

  it('names a child that exits early and stops the rest of its group', async () => {
    const g = group((part) => (part === 'b' ? 'die' : 'ok'));
    await expect(runLockstepGroup(['a', 'b'], g.start, label, bounds)).rejects.toThrow('bench: fixture (b) exited (3)');
    await g.closed();
    expect(g.children[0]?.signalCode).toBe('SIGKILL');
  });

  it('stops a child that never gets ready and says which one', async () => {
    const g = group((part) => (part === 'slow' ? 'hang' : 'ok'));
    // The bound is far above what the ready child needs even on a loaded machine (its start took over 3 s in one
    // CI run with other suites beside it), so only the child that never gets ready can pass it.
    await expect(runLockstepGroup(['fast', 'slow'], g.start, label, { ...bounds, readyTimeoutMs: 20_000 })).rejects.toThrow(
      'bench: fixture (slow) sent no ready line within 20 s; stopped it',
    );
    await g.closed();
    expect(g.children.map((c) => c.signalCode)).toEqual(['SIGKILL', 'SIGKILL']);
  });
});
