// `npm start`: runs every example scenario end to end through the runtime and prints a transcript per
// example (a headline per step, then the trace lines the step produced), then a one-line summary.
// Exits 1 if any scenario's expectation fails.
import { scenarios } from './scenarios.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const started = performance.now();
let passed = 0;
let checks = 0;
let traced = 0;
const failures: string[] = [];
for (const scenario of scenarios) {
  out(`━━ ${scenario.name} — ${scenario.shows}`);
  try {
    const report = await scenario.run(out);
    passed++;
    checks += report.checks;
    traced += report.traceLines;
    out(`  ✓ ${scenario.name}: ${report.checks} checks passed\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(scenario.name);
    out(`  ✗ ${scenario.name} FAILED: ${message}\n`);
    if (!(error instanceof Error && error.name === 'ScenarioFailure') && error instanceof Error && error.stack !== undefined)
      out(error.stack);
  }
}
const ms = Math.round(performance.now() - started);
const verdict = failures.length === 0 ? '✓' : '✗';
out(
  `${verdict} ${passed}/${scenarios.length} scenarios passed, ${checks} checks, ${traced} trace lines, ${ms} ms` +
    (failures.length === 0 ? '' : ` — failed: ${failures.join(', ')}`),
);
process.exitCode = failures.length === 0 ? 0 : 1;
