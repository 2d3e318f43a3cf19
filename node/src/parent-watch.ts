// A node started through npm (`npx sprocket node`, `npm exec`, `npm run`) stops when npm exits. npm exits on SIGTERM
// without taking its child down, so the node would be left running with nobody to stop it. npm runs the command
// through a shell (`sh -c`), which may stay between npm and the node: then the shell's parent is npm. A node started
// directly is never watched, so `sprocket node &` or `nohup sprocket node` keeps running.
import { readFileSync } from 'node:fs';

/** A process's parent pid and command name. */
export interface ProcStat {
  readonly ppid: number;
  readonly comm: string;
}

/** The processes that started this one: its parent, and npm behind it when the parent is npm's shell. */
export interface Lineage {
  readonly parent: number;
  /** The shell's parent (npm), when the parent is a shell whose parent can be read (Linux `/proc`). */
  readonly shell?: { readonly pid: number; readonly parent: number };
}

/** How a watch reads the process table; tests pass their own. */
export interface ProcessTable {
  ppid(): number;
  stat(pid: number): ProcStat | undefined;
}

const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);

/** Whether npm started this process: npm sets `npm_command`, `npm_lifecycle_event` and `npm_execpath` for what it runs. */
export function startedByNpm(env: NodeJS.ProcessEnv): boolean {
  return env.npm_command !== undefined || env.npm_lifecycle_event !== undefined || env.npm_execpath !== undefined;
}

/** A process's parent pid and command name from Linux `/proc`; undefined elsewhere, or when it has exited. */
export function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read around the last ')'.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const ppid = Number(text.slice(close + 2).split(' ')[1]);
    return Number.isSafeInteger(ppid) && ppid >= 0 ? { ppid, comm } : undefined;
  } catch {
    return undefined;
  }
}

/** The real process table. */
export const PROCESS_TABLE: ProcessTable = { ppid: () => process.ppid, stat: procStat };

/** Who started this process now (read once at start-up, before anything can exit). */
export function lineageOf(table: ProcessTable = PROCESS_TABLE): Lineage {
  const parent = table.ppid();
  const stat = table.stat(parent);
  return stat !== undefined && SHELLS.has(stat.comm) ? { parent, shell: { pid: parent, parent: stat.ppid } } : { parent };
}

/** The pid of the starter that is gone (the parent, or npm behind its shell), or undefined while all are there. */
export function goneFrom(lineage: Lineage, table: ProcessTable = PROCESS_TABLE): number | undefined {
  if (table.ppid() !== lineage.parent) return lineage.parent;
  if (lineage.shell === undefined) return undefined;
  return table.stat(lineage.shell.pid)?.ppid === lineage.shell.parent ? undefined : lineage.shell.parent;
}

/**
 * Checks every `intervalMs` whether a starter of `lineage` is gone and then calls `onGone` once with its pid. The
 * timer is unref'ed (it never keeps the process alive); the returned function stops the watch.
 */
export function watchLineage(
  lineage: Lineage,
  onGone: (pid: number) => void,
  options: { intervalMs?: number; table?: ProcessTable } = {},
): () => void {
  const timer = setInterval(() => {
    const gone = goneFrom(lineage, options.table);
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, options.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
