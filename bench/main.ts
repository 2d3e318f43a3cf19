// `npm run bench [-- --json] [-- --suite=codec,runtime]`: every benchmark suite in one run, so the ratios between
// implementations are measured on the same machine state.
// Each suite runs in a fresh process, and each part of the runtime suite in five (rows report the median); this
// process only collects the rows. A case measured after others in the same process inherits their optimised code
// and their heap: the runtime's rates moved by a quarter depending on what ran before them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './harness.js';

type Suite = {
  readonly name: string;
  /** Parts run in processes of their own (the whole suite runs in one process when absent). */
  readonly parts?: () => Promise<readonly string[]>;
  readonly run: (part?: string) => Promise<BenchRow[]>;
};

const suites: Suite[] = [
  { name: 'codec', run: async () => (await import('./codec.js')).runCodecBench() },
  { name: 'codegen', run: async () => (await import('./codegen.js')).runCodegenBench() },
  {
    name: 'runtime',
    parts: async () => (await import('./runtime.js')).RUNTIME_PARTS,
    run: async (part) => (await import('./runtime.js')).runRuntimeBench(part),
  },
  { name: 'gen', run: async () => (await import('./gen.js')).runGenBench() },
  { name: 'node', run: async () => (await import('./node.js')).runNodeBench() },
  { name: 'gas', run: async () => (await import('./gas.js')).runGasBench() },
];

/** Processes each part of a suite with parts runs in (the rows report the median). */
const FORKS = 5;

/** The longest a suite's process may run before it is stopped (a bounded wait; the slowest suite takes about 2 min). */
const CHILD_TIMEOUT_MS = 20 * 60_000;

const args = process.argv.slice(2);
const json = args.includes('--json');
const flagValue = (flag: string) => args.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
const suiteArg = flagValue('suite');
const wanted = suiteArg === undefined ? undefined : new Set(suiteArg.split(','));

if (args.includes('--child')) {
  // A child: runs one suite (or one part of it) and prints its rows as one JSON line.
  const suite = suites.find((s) => s.name === suiteArg);
  if (suite === undefined) throw new RangeError(`bench: unknown suite ${String(suiteArg)}`);
  process.stdout.write(`${JSON.stringify(await suite.run(flagValue('part')))}\n`);
} else {
  const rows: BenchRow[] = [];
  for (const suite of suites) {
    if (wanted !== undefined && !wanted.has(suite.name)) continue;
    if (!json) process.stderr.write(`running suite ${suite.name}...\n`);
    if (suite.parts === undefined) {
      rows.push(...(await runChild(suite.name, undefined)));
      continue;
    }
    // Each part runs in FORKS processes, the parts taking turns, and every row reports the median of its forks:
    // the optimising compiler decides differently from one process to the next, which moved a single process's rate
    // by up to 1.6x.
    const parts = await suite.parts();
    const forks: BenchRow[][] = [];
    for (let fork = 0; fork < FORKS; fork++) for (const part of parts) forks.push(await runChild(suite.name, part));
    rows.push(...medianRows(forks.flat()));
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ rows })}\n`);
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

/** Rows with the same suite, case and impl merged into one holding the median of each measured value, in first-seen order. */
function medianRows(all: readonly BenchRow[]): BenchRow[] {
  const groups = new Map<string, BenchRow[]>();
  for (const row of all) {
    const key = `${row.suite}\u0000${row.case}\u0000${row.impl}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const median = (values: (number | undefined)[]): number | undefined => {
    const known = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    return known.length === 0 ? undefined : known[Math.floor(known.length / 2)];
  };
  return [...groups.values()].map((group) => {
    const first = group[0] as BenchRow;
    const out: BenchRow = { suite: first.suite, case: first.case, impl: first.impl };
    for (const field of ['opsPerSec', 'bytes', 'seconds', 'ms'] as const) {
      const value = median(group.map((r) => r[field]));
      if (value !== undefined) out[field] = value;
    }
    return out;
  });
}

/** Runs one suite (or part) in a fresh node process with this process's flags; resolves with its rows. */
function runChild(suite: string, part: string | undefined): Promise<BenchRow[]> {
  const script = fileURLToPath(import.meta.url);
  const childArgs = [...process.execArgv, script, '--child', `--suite=${suite}`, ...(part === undefined ? [] : [`--part=${part}`])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
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
