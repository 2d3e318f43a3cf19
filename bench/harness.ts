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

/** Measures `fn` in ops/s: warm-up, then several rounds of batches until each round lasts ≥ roundMs; returns the median. */
export function measure(fn: () => unknown, options: MeasureOptions = {}): number {
  const { roundMs = 300, rounds = 5, warmupMs = 150 } = options;
  runFor(fn, warmupMs);
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) results.push(runFor(fn, roundMs));
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)] as number;
}
