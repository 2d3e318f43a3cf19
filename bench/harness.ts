/** One row of a benchmark report. */
export interface BenchRow {
  suite: string;
  case: string;
  impl: string;
  opsPerSec?: number;
  bytes?: number;
  seconds?: number;
  /** A latency in milliseconds (percentile rows). */
  ms?: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Minimum duration of one round in milliseconds (default 300). */
  readonly roundMs?: number;
  /** Number of rounds; the median is reported (default 5). */
  readonly rounds?: number;
  /** Warm-up duration in milliseconds (default 150). */
  readonly warmupMs?: number;
}

/** A value the optimizer cannot see through. */
export let blackhole: unknown;

/** Runs a full garbage collection when node runs with `--expose-gc` (the bench script does). */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** Heap in use after a full collection, in bytes. */
export function heapAfterGc(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

/** The median of a non-empty list (the upper one of an even count); the list is not changed. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function runFor(fn: () => unknown, ms: number): number {
  const limit = BigInt(ms) * 1_000_000n;
  let batch = 16;
  let ops = 0;
  const start = process.hrtime.bigint();
  for (;;) {
    for (let i = 0; i < batch; i++) blackhole = fn();
    ops += batch;
    const elapsed = process.hrtime.bigint() - start;
    if (elapsed >= limit) return (ops * 1e9) / Number(elapsed);
    if (elapsed < limit / 8n) batch *= 2;
  }
}

/**
 * Measures `fn` in ops/s: a fixed warm-up, then several rounds, each after a full GC and lasting
 * at least roundMs; returns the median round.
 */
export function measure(fn: () => unknown, options: MeasureOptions = {}): number {
  const { roundMs = 300, rounds = 5, warmupMs = 150 } = options;
  runFor(fn, warmupMs);
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    collect();
    results.push(runFor(fn, roundMs));
  }
  return median(results);
}

/** A case set up for timed rounds: every call of `run` performs `n` operations. */
export interface TimedCase {
  readonly n: number;
  readonly run: () => Promise<unknown>;
  /** Stops what the setup started (when it started anything). */
  readonly close?: () => void;
}

/** Options of {@link measureRuns}. */
export interface RunOptions {
  /** Untimed warm-up runs (default 2). */
  readonly warmup?: number;
  /** Timed rounds; the median is reported (default 5). */
  readonly rounds?: number;
}

/**
 * Measures an async run of `n` operations in ops/s: a fixed number of untimed warm-up runs,
 * then `rounds` timed runs, each after a full GC; returns the median rate.
 */
export async function measureRuns(n: number, run: () => Promise<unknown>, options: RunOptions = {}): Promise<number> {
  const { warmup = 2, rounds = 5 } = options;
  await warmUp(run, warmup);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) rates.push(await timedRound(n, run));
  return median(rates);
}

/** Untimed warm-up: `count` runs of `run`. */
export async function warmUp(run: () => Promise<unknown>, count: number): Promise<void> {
  for (let i = 0; i < count; i++) blackhole = await run();
}

/** One timed run of `n` operations after a full GC, in ops/s. */
export async function timedRound(n: number, run: () => Promise<unknown>): Promise<number> {
  collect();
  const t0 = process.hrtime.bigint();
  blackhole = await run();
  return (n * 1e9) / Number(process.hrtime.bigint() - t0);
}

/** Options of {@link measureInterleaved}. */
export interface InterleavedOptions {
  /** Minimum CPU time of one impl's turn in a round, in milliseconds (default 40). */
  readonly roundMs?: number;
  /** Number of rounds; the median of each impl is reported (default 25). */
  readonly rounds?: number;
  /** CPU time each impl runs alone before the rounds, in milliseconds (default 200). */
  readonly warmupMs?: number;
}

/** Runs a function in a loop for at least `ms` of process CPU time; returns ops per CPU second. */
type TimedLoop = (fn: () => unknown, ms: number) => number;

// The loop's source; each impl gets its own compiled copy (see makeLoop).
const LOOP_SOURCE = `
  let batch = 16;
  let ops = 0;
  const limit = ms * 1000;
  const t0 = process.cpuUsage();
  for (;;) {
    for (let i = 0; i < batch; i++) blackhole.value = fn();
    ops += batch;
    const t = process.cpuUsage(t0);
    const elapsed = t.user + t.system;
    if (elapsed >= limit) return (ops * 1e6) / elapsed;
    if (elapsed < limit / 8) batch *= 2;
  }
`;

/**
 * A fresh copy of the timed loop. Every copy has its own inline caches, so the call `fn()` in it stays
 * monomorphic and warm for the one impl it measures (a single loop shared by all impls and cases would see
 * every impl there, turn megamorphic, and deoptimize whenever the impl changes, a cost that then lands on
 * whichever impl runs next).
 */
function makeLoop(): TimedLoop {
  // Bench-only code generation: a function literal created in a loop would share one feedback vector.
  const make = new Function('process', 'blackhole', `return function timedLoop(fn, ms) {${LOOP_SOURCE}};`) as (
    p: NodeJS.Process,
    sink: { value: unknown },
  ) => TimedLoop;
  return make(process, loopSink);
}
const loopSink: { value: unknown } = { value: undefined };

/** CPU time an impl runs untimed after each GC, before its timed turn. */
const SETTLE_MS = 4;

/** One full collection (when node runs with `--expose-gc`), so that no impl pays for the garbage of another. */
function collectOnce(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Measures several implementations of one operation interleaved, in ops per second of CPU time (on a shared
 * machine, wall time would also count the time the process waits for a core). Every impl gets its own timed
 * loop and a warm-up alone; then `rounds` short rounds in which every impl runs for roundMs after a GC and a
 * few untimed milliseconds (which absorb the sweeping of that GC), the order reversed every other round, so
 * that a change in machine state hits all of them alike; returns the median ops/s of each.
 */
export function measureInterleaved(fns: readonly (() => unknown)[], options: InterleavedOptions = {}): number[] {
  const rounds = options.rounds ?? 25;
  const roundMs = options.roundMs ?? 40;
  const warmupMs = options.warmupMs ?? 200;
  const loops = fns.map(() => makeLoop());
  for (let i = 0; i < fns.length; i++) (loops[i] as TimedLoop)(fns[i] as () => unknown, warmupMs);
  const rates: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = fns.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const loop = loops[i] as TimedLoop;
      const fn = fns[i] as () => unknown;
      collectOnce();
      // Untimed: lets the sweeping after that GC (of the previous impl's garbage) finish off the clock.
      loop(fn, SETTLE_MS);
      rates[i]?.push(loop(fn, roundMs));
    }
  }
  return rates.map((list) => median(list));
}
