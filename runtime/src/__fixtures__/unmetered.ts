// Code the gas instrumentation never sees (this module declares no actor), standing in for a library from
// node_modules: its loops charge no gas, so only the wall-clock backstop can stop them.

/** Spins until the process is interrupted. */
export function spinForever(): number {
  let x = 0;
  for (;;) x = (x + 1) % 7;
}

/** Writes `n` entries into `list` without charging gas. */
export function fill(list: number[], n: number): void {
  for (let i = 0; i < n; i++) list.push(i);
}

/** Spins for `ms` of host time without charging gas (a slow but finite library call). */
export function spinFor(ms: number): number {
  const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  let x = 0;
  while (process.hrtime.bigint() < end) x = (x + 1) % 7;
  return x;
}
