// The worker's collector and the reporter: what the runtime records in a worker is drained into task meta (merged
// with what a retried test left there), and the reporter merges every task's meta, prints and writes the JSON.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { GasReportJson } from './json.js';
import { collectGasTally, GasReporter, type ReportedTestModule } from './reporter.js';
import { GAS_REPORT_META, GAS_REPORT_SLOT, installWorkerSink, WorkerGasSink } from './worker.js';

const slot = globalThis as { [GAS_REPORT_SLOT]?: unknown };

afterEach(() => {
  delete slot[GAS_REPORT_SLOT];
});

function task(meta: Record<string, unknown>): { meta(): Record<string, unknown> } {
  return { meta: () => meta };
}

function moduleOf(
  meta: Record<string, unknown>,
  tests: Record<string, unknown>[],
  suites: Record<string, unknown>[] = [],
): ReportedTestModule {
  return { ...task(meta), children: { allTests: () => tests.map(task), allSuites: () => suites.map(task) } };
}

describe('WorkerGasSink', () => {
  it('is installed once per worker, in the slot the runtime reads', () => {
    const sink = installWorkerSink();
    expect(slot[GAS_REPORT_SLOT]).toBe(sink);
    expect(GAS_REPORT_SLOT).toBe(Symbol.for('sprocket.gas-report'));
    expect(installWorkerSink()).toBe(sink);
  });

  it('drains into meta, merging with what is there, and leaves meta alone when nothing ran', () => {
    const sink = new WorkerGasSink();
    const meta: Record<string, unknown> = {};
    sink.drainInto(meta);
    expect(meta).toEqual({});
    sink.record('A', 'A.F', 10, true);
    sink.drainInto(meta);
    sink.record('A', 'A.F', 30, true);
    sink.record('A', 'A.F', 7, false);
    sink.drainInto(meta);
    expect(meta[GAS_REPORT_META]).toEqual([['A', 'A.F', 2, 40, 10, 30, 1, 7, 7, 7]]);
    const other: Record<string, unknown> = {};
    sink.drainInto(other);
    expect(other).toEqual({});
  });
});

describe('GasReporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sprocket-gas-reporter-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const modules = [
    moduleOf({ [GAS_REPORT_META]: [['A', 'A.New', 1, 100, 100, 100, 0, 0, 0, 0]] }, [
      { [GAS_REPORT_META]: [['A', 'A.F', 1, 10, 10, 10, 0, 0, 0, 0]] },
      { other: true },
    ]),
    moduleOf(
      {},
      [{ [GAS_REPORT_META]: [['A', 'A.F', 1, 30, 30, 30, 1, 7, 7, 7]] }],
      [{ [GAS_REPORT_META]: [['B', 'B.G', 1, 5, 5, 5, 0, 0, 0, 0]] }],
    ),
  ];

  it('merges the tallies of modules, suites and tests', () => {
    expect(collectGasTally(modules).toWire()).toEqual([
      ['A', 'A.F', 2, 40, 10, 30, 1, 7, 7, 7],
      ['A', 'A.New', 1, 100, 100, 100, 0, 0, 0, 0],
      ['B', 'B.G', 1, 5, 5, 5, 0, 0, 0, 0],
    ]);
  });

  it('prints the table through the logger and writes the JSON relative to the root', () => {
    const logged: unknown[] = [];
    const reporter = new GasReporter({ print: true, json: 'deep/gas.json' });
    reporter.onInit({ config: { root: dir }, logger: { log: (...m: unknown[]) => logged.push(...m) } });
    reporter.onTestRunEnd(modules);
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toMatch(/^\nSprocket gas report: 5 handled messages \(1 failed\), 152 gas\n/);
    expect(String(logged[0])).toMatch(/^A +A\.F +2 +10 +20 +30 +1 +7 +7 +7$/m);
    const json = JSON.parse(readFileSync(join(dir, 'deep', 'gas.json'), 'utf8')) as GasReportJson;
    expect(json.routes.map((r) => r.route)).toEqual(['A.F', 'A.New', 'B.G']);
  });

  it('prints nothing with print: false and writes no file without json', () => {
    const logged: unknown[] = [];
    const reporter = new GasReporter({ print: false, json: undefined });
    reporter.onInit({ config: { root: join(dir, 'shallow') }, logger: { log: (...m: unknown[]) => logged.push(...m) } });
    reporter.onTestRunEnd(modules);
    expect(logged).toEqual([]);
    expect(existsSync(join(dir, 'shallow'))).toBe(false);
  });

  it('fails with GAS_REPORT_WRITE when the JSON cannot be written', () => {
    const reporter = new GasReporter({ print: false, json: 'x/gas.json' });
    reporter.onInit({ config: { root: join(dir, 'missing-file-as-dir', '\0bad') }, logger: { log: () => undefined } });
    expect(() => reporter.onTestRunEnd(modules)).toThrow(expect.objectContaining({ code: 'GAS_REPORT_WRITE' }));
  });
});
