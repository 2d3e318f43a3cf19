// `npm run bench [-- --json] [-- --suite=codec,runtime] [-- '--part=token 100,idle actor']`: every benchmark suite in
// one run, so the ratios between implementations are measured on the same machine state.
// Each suite runs in a fresh process; this process only collects the rows. A case measured after others in the
// same process inherits their optimised code and their heap: the runtime's rates moved by a quarter depending on
// what ran before them. The runtime suite runs in parts (`--part` picks some), each in fresh processes:
// - parts compared with each other (sprocket, the bare awaited call and nact; 100 and 100,000 token holders) run in
//   lockstep forks (bench/lockstep.ts): one process per part, their timed rounds taking turns, in SETS fresh sets of
//   processes; a row reports the median of all its rounds. The machine's speed flips within seconds, so peers timed
//   at different moments gave ratios that moved with it.
// - the other parts run alone in FORKS processes each, the parts taking turns; a row reports the median of the forks.
// `--child --suite=runtime --part=X` runs one part in the current process (fixed warm-up, five timed rounds), e.g.
// under `node --cpu-prof`.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchRow, median } from './harness.js';
import { type LockstepCase, type LockstepOptions, runLockstepGroup, serveLockstep } from './lockstep.js';

type Suite = {
  readonly name: string;
  /** Parts run in processes of their own (the whole suite runs in one process when absent). */
  readonly parts?: () => Promise<readonly string[]>;
  /** Groups of parts run in lockstep forks; every other part runs alone. */
  readonly lockstepGroups?: () => Promise<readonly (readonly string[])[]>;
  /** Sets one lockstep part up in a child. */
  readonly setup?: (part: string) => Promise<LockstepCase>;
  readonly run: (part?: string) => Promise<BenchRow[]>;
};

const suites: Suite[] = [
  { name: 'codec', run: async () => (await import('./codec.js')).runCodecBench() },
  { name: 'codegen', run: async () => (await import('./codegen.js')).runCodegenBench() },
  {
    name: 'runtime',
    parts: async () => (await import('./runtime.js')).RUNTIME_PARTS,
    lockstepGroups: async () => (await import('./runtime.js')).RUNTIME_LOCKSTEP_GROUPS,
    setup: async (part) => (await import('./runtime.js')).setupRuntimeCase(part),
    run: async (part) => (await import('./runtime.js')).runRuntimeBench(part),
  },
  { name: 'gen', run: async () => (await import('./gen.js')).runGenBench() },
  { name: 'node', run: async () => (await import('./node.js')).runNodeBench() },
  { name: 'gas', run: async () => (await import('./gas.js')).runGasBench() },
];

/** Processes each part that runs alone runs in (the rows report the median). */
const FORKS = 5;

/**
 * Fresh sets of processes each lockstep group runs in, and the timed rounds of every process of a set. Lockstep evens
 * out the machine's speed but not the optimising compiler's decisions, which differ from one process to the next,
 * hence as many sets as the other parts have forks, of few rounds each (the suite then takes as long as before).
 */
const SETS = 5;
const ROUNDS = 4;

/** The longest a suite's process may run before it is stopped (a bounded wait; the slowest suite takes about 2 min). */
const CHILD_TIMEOUT_MS = 20 * 60_000;

/** Lockstep rounds; the longest a child may take to set up and warm up, and to answer one command. */
const LOCKSTEP: LockstepOptions = { rounds: ROUNDS, readyTimeoutMs: 5 * 60_000, roundTimeoutMs: 2 * 60_000 };

const args = process.argv.slice(2);
const json = args.includes('--json');
const flagValue = (flag: string) => args.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
const suiteArg = flagValue('suite');
const wanted = suiteArg === undefined ? undefined : new Set(suiteArg.split(','));
const partArg = flagValue('part');

/** Every child process still running; killed when this process exits or is interrupted. */
const live = new Set<ChildProcess>();

if (args.includes('--child')) {
  // A child: runs one suite (or one part of it) and prints its rows as one JSON line, or serves lockstep rounds.
  const suite = suites.find((s) => s.name === suiteArg);
  if (suite === undefined) throw new RangeError(`bench: unknown suite ${String(suiteArg)}`);
  if (args.includes('--lockstep')) {
    if (suite.setup === undefined || partArg === undefined)
      throw new RangeError(`bench: --lockstep needs a suite with lockstep parts and a --part (got ${suite.name}, ${String(partArg)})`);
    await serveLockstep(await suite.setup(partArg));
    process.stdin.destroy();
  } else {
    process.stdout.write(`${JSON.stringify(await suite.run(partArg))}\n`);
  }
} else {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      killChildren();
      process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129);
    });
  process.once('exit', killChildren);
  const rows: BenchRow[] = [];
  // A suite that fails is reported and the others still run: one broken suite does not cost the rows of the rest.
  const errors: { suite: string; error: string }[] = [];
  for (const suite of suites) {
    if (wanted !== undefined && !wanted.has(suite.name)) continue;
    if (!json) process.stderr.write(`running suite ${suite.name}...\n`);
    try {
      if (suite.parts === undefined) rows.push(...(await runChild(suite.name, undefined)));
      else rows.push(...(await runParts(suite, partArg === undefined ? undefined : new Set(partArg.split(',')))));
    } catch (error) {
      killChildren();
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ suite: suite.name, error: message });
      process.stderr.write(`${message}\n`);
    }
  }
  if (errors.length > 0) process.exitCode = 1;
  if (json) {
    process.stdout.write(`${JSON.stringify(errors.length === 0 ? { rows } : { rows, errors })}\n`);
  } else {
    console.table(
      rows.map((r) => ({
        suite: r.suite,
        case: r.case,
        impl: r.impl,
        opsPerSec: r.opsPerSec,
        bytes: r.bytes,
        seconds: r.seconds,
        ms: r.ms,
      })),
    );
    printRatios(rows);
  }
}

/**
 * Runs the parts of a suite (those in `only` when given) in fresh processes: lockstep groups in SETS sets, every other
 * part in FORKS forks, taking turns; returns the rows in the order of the suite's parts.
 */
async function runParts(suite: Suite, only: ReadonlySet<string> | undefined): Promise<BenchRow[]> {
  const all = (await suite.parts?.()) ?? [];
  const parts = all.filter((part) => only === undefined || only.has(part));
  const unknown = [...(only ?? [])].filter((part) => !all.includes(part));
  if (unknown.length > 0) throw new RangeError(`bench: suite ${suite.name} has no part ${unknown.join(', ')} (parts: ${all.join(', ')})`);
  const groups = ((await suite.lockstepGroups?.()) ?? [])
    .map((group) => group.filter((part) => parts.includes(part)))
    .filter((group) => group.length > 0);
  const alone = parts.filter((part) => !groups.some((group) => group.includes(part)));
  const forks = new Map<string, BenchRow[]>(parts.map((part) => [part, []]));
  const add = (part: string, rows: readonly BenchRow[]) => forks.get(part)?.push(...rows);
  for (let turn = 0; turn < Math.max(SETS, FORKS); turn++) {
    if (turn < SETS) {
      for (const group of groups) {
        const label = (part: string) => `suite ${suite.name} (${part})`;
        const start = (part: string) => startChild(suite.name, part, true);
        // One row per round, so that the median below is the median of every round of every set.
        for (const { part, row, rates } of await runLockstepGroup(group, start, label, LOCKSTEP))
          add(
            part,
            rates.map((rate) => ({ ...row, opsPerSec: rate })),
          );
      }
    }
    if (turn < FORKS) for (const part of alone) add(part, await runChild(suite.name, part));
  }
  return parts.flatMap((part) => medianRows(forks.get(part) ?? []));
}

/** Rows with the same suite, case and impl merged into one holding the median of each measured value, in first-seen order. */
function medianRows(all: readonly BenchRow[]): BenchRow[] {
  const groups = new Map<string, BenchRow[]>();
  for (const row of all) {
    const key = `${row.suite}\u0000${row.case}\u0000${row.impl}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as BenchRow;
    const out: BenchRow = { suite: first.suite, case: first.case, impl: first.impl };
    for (const field of ['opsPerSec', 'bytes', 'seconds', 'ms'] as const) {
      const known = group.map((r) => r[field]).filter((v): v is number => v !== undefined);
      if (known.length > 0) out[field] = field === 'opsPerSec' ? Math.round(median(known)) : median(known);
    }
    return out;
  });
}

/** Starts a node process with this process's flags running one suite (or part; `lockstep` serves lockstep rounds). */
function startChild(suite: string, part: string | undefined, lockstep: boolean): ChildProcess {
  const script = fileURLToPath(import.meta.url);
  const childArgs = [
    ...process.execArgv,
    script,
    '--child',
    `--suite=${suite}`,
    ...(part === undefined ? [] : [`--part=${part}`]),
    ...(lockstep ? ['--lockstep'] : []),
  ];
  const child = spawn(process.execPath, childArgs, { stdio: [lockstep ? 'pipe' : 'ignore', 'pipe', 'inherit'] });
  live.add(child);
  child.once('close', () => live.delete(child));
  return child;
}

/** Kills every child still running. */
function killChildren(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Runs one suite (or part) in a fresh node process with this process's flags; resolves with its rows. */
function runChild(suite: string, part: string | undefined): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = startChild(suite, part, false);
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || last === undefined) {
        reject(new RangeError(`bench: suite ${suite}${part === undefined ? '' : ` (${part})`} failed (exit ${code ?? signal})`));
        return;
      }
      resolve(JSON.parse(last) as BenchRow[]);
    });
  });
}

function printRatios(all: BenchRow[]): void {
  const byCase = new Map<string, BenchRow[]>();
  for (const row of all) {
    if (row.opsPerSec === undefined) continue;
    const key = `${row.suite} / ${row.case}`;
    byCase.set(key, [...(byCase.get(key) ?? []), row]);
  }
  for (const [key, caseRows] of byCase) {
    const ours = caseRows.find((r) => r.impl === 'sprocket')?.opsPerSec;
    if (ours === undefined) continue;
    const peers = caseRows.filter((r) => r.impl !== 'sprocket').map((r) => `${r.impl} ${(ours / (r.opsPerSec ?? 1)).toFixed(2)}x`);
    if (peers.length > 0) console.log(`${key}: sprocket vs ${peers.join(', ')}`);
  }
}
