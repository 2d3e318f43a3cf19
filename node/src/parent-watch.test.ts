import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { goneFrom, lineageOf, type ProcessTable, type ProcStat, procStat, startedByNpm, watchLineage } from './parent-watch.js';

/** A process table the test edits: `me` is this process's parent, `procs` everyone else's. */
function table(me: number, procs: Record<number, ProcStat>): ProcessTable & { me: number; procs: Record<number, ProcStat> } {
  const t = {
    me,
    procs,
    ppid: () => t.me,
    stat: (pid: number) => t.procs[pid],
  };
  return t;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('startedByNpm', () => {
  it('is true under npx, npm exec and npm run (their environment variables), false for a direct start', () => {
    expect(startedByNpm({ npm_command: 'exec', npm_lifecycle_event: 'npx' })).toBe(true);
    expect(startedByNpm({ npm_lifecycle_event: 'node' })).toBe(true);
    expect(startedByNpm({ npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' })).toBe(true);
    expect(startedByNpm({ PATH: '/usr/bin', HOME: '/home/u' })).toBe(false);
  });
});

describe('lineage and goneFrom', () => {
  it('watches the parent alone when it is not a shell, and reports it once it changed', () => {
    const t = table(100, { 100: { ppid: 1, comm: 'npm exec' } });
    const lineage = lineageOf(t);
    expect(lineage).toEqual({ parent: 100 });
    expect(goneFrom(lineage, t)).toBeUndefined();
    t.me = 1;
    expect(goneFrom(lineage, t)).toBe(100);
  });

  it("also watches npm behind npm's shell: a killed npm leaves the shell, whose parent changes", () => {
    const t = table(200, { 200: { ppid: 150, comm: 'sh' }, 150: { ppid: 1, comm: 'npm exec' } });
    const lineage = lineageOf(t);
    expect(lineage).toEqual({ parent: 200, shell: { pid: 200, parent: 150 } });
    expect(goneFrom(lineage, t)).toBeUndefined();
    t.procs[200] = { ppid: 1, comm: 'sh' };
    expect(goneFrom(lineage, t)).toBe(150);
  });

  it('reports the parent when the shell exited with npm', () => {
    const t = table(200, { 200: { ppid: 150, comm: 'sh' } });
    const lineage = lineageOf(t);
    t.me = 1;
    delete t.procs[200];
    expect(goneFrom(lineage, t)).toBe(200);
  });

  it('reads a process from /proc where there is one', () => {
    const own = procStat(process.pid);
    if (existsSync('/proc/self/stat')) expect(own?.ppid).toBe(process.ppid);
    else expect(own).toBeUndefined();
    expect(procStat(-1)).toBeUndefined();
  });
});

describe('watchLineage', () => {
  it('calls back once, with the pid that is gone, on the first check after it went; stop ends the watch', () => {
    vi.useFakeTimers();
    const t = table(100, {});
    const gone = vi.fn();
    watchLineage({ parent: 100 }, gone, { intervalMs: 1000, table: t });
    vi.advanceTimersByTime(5000);
    expect(gone).not.toHaveBeenCalled();
    t.me = 1;
    vi.advanceTimersByTime(1000);
    expect(gone.mock.calls).toEqual([[100]]);
    vi.advanceTimersByTime(5000);
    expect(gone).toHaveBeenCalledTimes(1);

    const later = vi.fn();
    const stop = watchLineage({ parent: 100 }, later, { intervalMs: 1000, table: t });
    stop();
    vi.advanceTimersByTime(5000);
    expect(later).not.toHaveBeenCalled();
  });

  it('does not keep the process alive (its timer is unref-ed)', () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const stop = watchLineage({ parent: process.ppid }, () => undefined);
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    stop();
    spy.mockRestore();
  });
});
