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

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] as number;
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
  for (let i = 0; i < warmup; i++) blackhole = await run();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    collect();
    const t0 = process.hrtime.bigint();
    blackhole = await run();
    rates.push((n * 1e9) / Number(process.hrtime.bigint() - t0));
  }
  return median(rates);
}

/** One case of {@link measureRunsInterleaved}: `run` performs `n` operations. */
export interface TimedCase {
  readonly n: number;
  readonly run: () => Promise<unknown>;
}

/**
 * {@link measureRuns} for several cases compared with each other: every case's warm-up first, then `rounds`
 * rounds in which each case runs once after a full GC, the order reversed every other round, so that a change
 * in machine load hits all of them alike; returns the median ops/s of each.
 */
export async function measureRunsInterleaved(cases: readonly TimedCase[], options: RunOptions = {}): Promise<number[]> {
  const { warmup = 2, rounds = 5 } = options;
  for (const c of cases) for (let i = 0; i < warmup; i++) blackhole = await c.run();
  const rates: number[][] = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = cases.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const c = cases[i] as TimedCase;
      collect();
      const t0 = process.hrtime.bigint();
      blackhole = await c.run();
      rates[i]?.push((c.n * 1e9) / Number(process.hrtime.bigint() - t0));
    }
  }
  return rates.map((list) => median(list));
}

/** Options of {@link measureInterleaved}. */
export interface InterleavedOptions {
  /** Minimum duration of one impl's turn in a round, in milliseconds (default 300). */
  readonly roundMs?: number;
  /** Number of rounds; the median of each impl is reported (default 5). */
  readonly rounds?: number;
}

/**
 * Measures several implementations of one operation interleaved: a shared warm-up, then `rounds` rounds in
 * which every impl runs for roundMs (after a GC), the order reversed every other round, so that a change
 * in machine load hits all of them alike; returns the median ops/s of each.
 */
export function measureInterleaved(fns: readonly (() => unknown)[], options: InterleavedOptions = {}): number[] {
  const rounds = options.rounds ?? 5;
  const roundMs = options.roundMs ?? 300;
  for (const fn of fns) measure(fn, { rounds: 1, roundMs: 50, warmupMs: 100 });
  const rates: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = fns.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) rates[i]?.push(measure(fns[i] as () => unknown, { rounds: 1, roundMs, warmupMs: 20 }));
  }
  return rates.map((list) => median(list));
}
