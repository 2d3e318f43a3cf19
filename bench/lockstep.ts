// Lockstep forks: cases whose rates are compared with each other run each in a fresh process of its own (so none
// inherits another's optimised code or heap), while the parent interleaves their timed rounds in time (so all of
// them sample the same state of a machine whose speed changes from one second to the next).
//
// Protocol, one line each way at a time. The child sets its case up, runs the untimed warm-up and prints
// `lockstep:ready`; then it reads commands from stdin: `round` runs one timed round after a GC and prints
// `lockstep:rate <ops/s>`; `end` prints `lockstep:row <row JSON>` (the median of its rounds) and exits.
// Other stdout lines of a child are passed on to stderr. A child whose stdin closes before `end` fails.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type BenchRow, median, type TimedCase, timedRound, warmUp } from './harness.js';

/** A case set up in a lockstep child: the row it reports (without the rate) and its untimed warm-up runs. */
export interface LockstepCase extends TimedCase {
  readonly row: BenchRow;
  readonly warmup: number;
}

/** One child's result of a lockstep group: its final row and the rate of each of its timed rounds. */
export interface LockstepResult {
  readonly part: string;
  readonly row: BenchRow;
  readonly rates: readonly number[];
}

/** Bounds of {@link runLockstepGroup}. */
export interface LockstepOptions {
  /** Timed rounds of every child. */
  readonly rounds: number;
  /** The longest a child may take to set up and warm up. */
  readonly readyTimeoutMs: number;
  /** The longest one timed round (or the final row) may take. */
  readonly roundTimeoutMs: number;
}

const PREFIX = 'lockstep:';

function say(line: string): void {
  process.stdout.write(`${PREFIX}${line}\n`);
}

/** The child's side: warms the case up, then serves `round` and `end` commands from stdin (see the header). */
export async function serveLockstep(timed: LockstepCase): Promise<void> {
  // A parent that is gone closes the pipe: the child stops at its next line instead of reporting EPIPE.
  process.stdout.once('error', () => process.exit(1));
  await warmUp(timed.run, timed.warmup);
  const commands = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  say('ready');
  const rates: number[] = [];
  for await (const command of commands) {
    if (command === 'round') {
      const rate = await timedRound(timed.n, timed.run);
      rates.push(rate);
      say(`rate ${rate}`);
    } else if (command === 'end') {
      timed.close?.();
      const row: BenchRow = { ...timed.row };
      if (rates.length > 0) row.opsPerSec = Math.round(median(rates));
      say(`row ${JSON.stringify(row)}`);
      return;
    } else {
      throw new RangeError(`bench: lockstep child got the command ${JSON.stringify(command)} (expected round or end)`);
    }
  }
  throw new RangeError('bench: lockstep child: stdin closed before `end` (the parent is gone)');
}

/** A lockstep child seen from the parent: its protocol lines in order, each awaited with a bound. */
class ChildLines {
  private readonly queue: string[] = [];
  private waiter: { readonly resolve: (line: string) => void; readonly reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private pending = '';
  /** Settles when the child's process and pipes are closed. */
  readonly closed: Promise<void>;

  constructor(
    private readonly child: ChildProcess,
    readonly label: string,
  ) {
    const stdout = child.stdout;
    if (stdout === null || child.stdin === null) throw new RangeError(`bench: ${label}: the child needs piped stdin and stdout`);
    stdout.setEncoding('utf8');
    stdout.on('data', (chunk: string) => {
      const lines = (this.pending + chunk).split('\n');
      this.pending = lines.pop() ?? '';
      for (const line of lines) this.line(line);
    });
    // A child that died is reported by `close`; writing to its stdin then only fails with EPIPE.
    child.stdin.on('error', () => {});
    this.closed = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.fail(new RangeError(`bench: ${label} exited (${code ?? signal}) in the middle of the lockstep protocol`));
        resolve();
      });
    });
    child.once('error', (error) => this.fail(new RangeError(`bench: ${label} could not run: ${error.message}`, { cause: error })));
  }

  private line(line: string): void {
    if (!line.startsWith(PREFIX)) {
      process.stderr.write(`${line}\n`);
      return;
    }
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter === undefined) this.queue.push(line.slice(PREFIX.length));
    else waiter.resolve(line.slice(PREFIX.length));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(this.failure);
  }

  /** Sends one command line. */
  send(command: 'round' | 'end'): void {
    this.child.stdin?.write(`${command}\n`);
  }

  /** The next protocol line, which must start with `word`; a child silent for `timeoutMs` is killed. */
  async next(word: string, timeoutMs: number): Promise<string> {
    const queued = this.queue.shift();
    const line =
      queued ??
      (await new Promise<string>((resolve, reject) => {
        if (this.failure !== undefined) {
          reject(this.failure);
          return;
        }
        const timer = setTimeout(() => {
          this.kill();
          this.fail(new RangeError(`bench: ${this.label} sent no ${word} line within ${timeoutMs / 1000} s; stopped it`));
        }, timeoutMs);
        const done = () => clearTimeout(timer);
        this.waiter = {
          resolve: (value) => {
            done();
            resolve(value);
          },
          reject: (error) => {
            done();
            reject(error);
          },
        };
      }));
    if (line !== word && !line.startsWith(`${word} `))
      throw new RangeError(`bench: ${this.label} sent ${JSON.stringify(line)} where ${word} was expected`);
    return line.slice(word.length + 1);
  }

  /** Waits (bounded) for the child to exit after `end`; kills it when it does not. */
  async exited(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const outcome = await Promise.race([this.closed, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.kill();
      throw new RangeError(`bench: ${this.label} did not exit within ${timeoutMs / 1000} s of its row; stopped it`);
    }
  }

  /** Stops the child when it still runs. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

function parseRate(text: string, label: string): number {
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`bench: ${label} sent the rate ${JSON.stringify(text)}`);
  return rate;
}

/**
 * The parent's side: starts one child per part (`start` spawns it with piped stdin and stdout), waits until all are
 * ready, then runs `rounds` rounds in which every child runs one timed round in turn, the first child of a round
 * rotating; ends them all and resolves with each child's row and rates. Every wait is bounded; on any failure all
 * children of the group are killed and the error names the child.
 */
export async function runLockstepGroup(
  parts: readonly string[],
  start: (part: string) => ChildProcess,
  label: (part: string) => string,
  options: LockstepOptions,
): Promise<LockstepResult[]> {
  const children: ChildLines[] = [];
  try {
    for (const part of parts) children.push(new ChildLines(start(part), label(part)));
    await Promise.all(children.map((child) => child.next('ready', options.readyTimeoutMs)));
    const rates: number[][] = children.map(() => []);
    for (let round = 0; round < options.rounds; round++) {
      for (let turn = 0; turn < children.length; turn++) {
        const index = (round + turn) % children.length;
        const child = children[index] as ChildLines;
        child.send('round');
        rates[index]?.push(parseRate(await child.next('rate', options.roundTimeoutMs), child.label));
      }
    }
    const results: LockstepResult[] = [];
    for (const [index, child] of children.entries()) {
      child.send('end');
      const row = JSON.parse(await child.next('row', options.roundTimeoutMs)) as BenchRow;
      await child.exited(options.roundTimeoutMs);
      results.push({ part: parts[index] as string, row, rates: rates[index] ?? [] });
    }
    return results;
  } finally {
    for (const child of children) child.kill();
  }
}
