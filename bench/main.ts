// `npm run bench [-- --json] [-- --suite codec,runtime]`: every benchmark suite in one run,
// so the ratios between implementations are measured on the same machine state.
import type { BenchRow } from './harness.js';

type Suite = { readonly name: string; readonly run: () => Promise<BenchRow[]> };

const suites: Suite[] = [
  { name: 'codec', run: async () => (await import('./codec.js')).runCodecBench() },
  { name: 'codegen', run: async () => (await import('./codegen.js')).runCodegenBench() },
  { name: 'runtime', run: async () => (await import('./runtime.js')).runRuntimeBench() },
  { name: 'gen', run: async () => (await import('./gen.js')).runGenBench() },
  { name: 'node', run: async () => (await import('./node.js')).runNodeBench() },
  { name: 'gas', run: async () => (await import('./gas.js')).runGasBench() },
];

const args = process.argv.slice(2);
const json = args.includes('--json');
const suiteArg = args.find((a) => a.startsWith('--suite='))?.slice('--suite='.length);
const wanted = suiteArg === undefined ? undefined : new Set(suiteArg.split(','));

const rows: BenchRow[] = [];
for (const suite of suites) {
  if (wanted !== undefined && !wanted.has(suite.name)) continue;
  if (!json) process.stderr.write(`running suite ${suite.name}...\n`);
  rows.push(...(await suite.run()));
}

if (json) {
  process.stdout.write(`${JSON.stringify({ rows })}\n`);
} else {
  console.table(
    rows.map((r) => ({ suite: r.suite, case: r.case, impl: r.impl, opsPerSec: r.opsPerSec, bytes: r.bytes, seconds: r.seconds, ms: r.ms })),
  );
  printRatios(rows);
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
