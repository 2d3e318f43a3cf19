// The gas report end to end: a child vitest runs the fixture project (two test files, several workers, a hook and
// concurrent tests) with the report on; its table and JSON must hold every route of the fixture's calls with the
// counts and the least / average / most gas that `sys.gasOf` gives for the same calls here. Two runs give the same
// JSON byte for byte; with the report off nothing is printed or written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GasReportJson } from '@sprocket/compiler-plugin/vite';
import { createTestSystem } from '@sprocket/runtime/testing';
import type { MessageId } from '@sprocket/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_RUNS } from './scenario.js';

const here = dirname(fileURLToPath(import.meta.url));
const project = join(here, '__fixtures__', 'project');
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const out = mkdtempSync(join(tmpdir(), 'sprocket-gas-report-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs the fixture project in a child vitest with `env` added (the report's variables and vitest's own removed first). */
function runFixture(env: Record<string, string>): string {
  const clean: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', FORCE_COLOR: '0', CI: '' };
  for (const key of Object.keys(clean)) if (key.startsWith('VITEST') || key.startsWith('SPROCKET_GAS_REPORT')) delete clean[key];
  const r = spawnSync(process.execPath, [vitestBin, 'run', '--root', project], {
    cwd: project,
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`the fixture's vitest ended with ${r.status ?? r.signal}:\n${output}`);
  return output;
}

interface Expected {
  readonly ok: number[];
  readonly failed: number[];
}

/** Per route, the gas `sys.gasOf` gives for every handled message of the fixture's calls, run here again. */
async function gasOfFixtureCalls(): Promise<Map<string, Expected>> {
  const routes = new Map<string, Expected>();
  for (const runs of Object.values(FIXTURE_RUNS)) {
    for (const [calls, seed] of runs) {
      const sys = createTestSystem({ seed });
      await calls(sys);
      const entries = sys.traceEntries();
      const succeeded = new Map(
        entries.filter((e) => e.type === 'reply' || e.type === 'error-reply').map((e) => [e.messageId, e.type === 'reply']),
      );
      for (const e of entries) {
        if (e.type !== 'message' || e.route === undefined) continue;
        const gas = sys.gasOf(e.messageId as MessageId);
        if (gas === undefined) continue;
        const row = routes.get(e.route) ?? { ok: [], failed: [] };
        routes.set(e.route, row);
        (succeeded.get(e.messageId) === true ? row.ok : row.failed).push(gas);
      }
    }
  }
  return routes;
}

function figures(gas: number[]): { messages: number; min: number; avg: number; max: number; total: number } {
  if (gas.length === 0) return { messages: 0, min: 0, avg: 0, max: 0, total: 0 };
  const total = gas.reduce((a, b) => a + b, 0);
  return { messages: gas.length, min: Math.min(...gas), avg: Math.round(total / gas.length), max: Math.max(...gas), total };
}

function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

describe('gas report (a child vitest on a fixture project)', () => {
  const json = join(out, 'reports', 'gas.json');
  let first = '';
  let printed = '';

  beforeAll(() => {
    printed = runFixture({ SPROCKET_GAS_REPORT: '1', SPROCKET_GAS_REPORT_JSON: json });
    first = readFileSync(json, 'utf8');
  }, 150_000);

  it('reports every route with the counts and min / avg / max that sys.gasOf gives', async () => {
    const expected = await gasOfFixtureCalls();
    const report = JSON.parse(first) as GasReportJson;
    expect(report.routes.map((r) => r.route)).toEqual([...expected.keys()].sort());
    expect(report.routes.map((r) => r.route)).toEqual([
      'Counter.Add',
      'Counter.New',
      'Counter.Sub',
      'Counter.Value',
      'Relay.AddTo',
      'Relay.Default',
    ]);
    for (const row of report.routes) {
      const want = expected.get(row.route) as Expected;
      // The fixture's actors name their routes after themselves.
      expect(row.actor).toBe(row.route.split('.')[0]);
      expect({ route: row.route, ok: row.ok, failed: row.failed }).toEqual({
        route: row.route,
        ok: figures(want.ok),
        failed: figures(want.failed),
      });
    }
    // Counter.Add: two per counter run, one per relay call (2 per relay run); six runs, three of each.
    expect(report.routes.find((r) => r.route === 'Counter.Add')?.ok.messages).toBe(12);
    expect(report.routes.find((r) => r.route === 'Counter.Sub')).toMatchObject({ ok: { messages: 0 }, failed: { messages: 6 } });
    const all = [...expected.values()];
    expect(report.totals).toEqual({
      messages: all.reduce((n, r) => n + r.ok.length + r.failed.length, 0),
      failed: all.reduce((n, r) => n + r.failed.length, 0),
      gas: all.reduce((n, r) => n + [...r.ok, ...r.failed].reduce((a, b) => a + b, 0), 0),
    });
  });

  it('prints the same figures as a table once, after the tests', () => {
    expect(printed.match(/Sprocket gas report:/g)).toHaveLength(1);
    const report = JSON.parse(first) as GasReportJson;
    expect(printed).toContain(`Sprocket gas report: ${report.totals.messages} handled messages (${report.totals.failed} failed)`);
    expect(printed).toMatch(/Actor +Route +Calls +Min +Avg +Max +Failed +Failed min +Failed avg +Failed max/);
    for (const r of report.routes) {
      const ok = r.ok.messages === 0 ? ['-', '-', '-'] : [r.ok.min, r.ok.avg, r.ok.max].map(grouped);
      const failed = r.failed.messages === 0 ? ['-', '-', '-'] : [r.failed.min, r.failed.avg, r.failed.max].map(grouped);
      const cells = [r.actor, r.route, r.ok.messages, ...ok, r.failed.messages, ...failed].map(String);
      expect(printed).toMatch(new RegExp(`^${cells.join(' +')}$`, 'm'));
    }
    expect(printed.indexOf('Sprocket gas report:')).toBeGreaterThan(printed.indexOf('Test Files'));
  });

  it('gives the same JSON byte for byte on a second run', () => {
    rmSync(json);
    runFixture({ SPROCKET_GAS_REPORT: '1', SPROCKET_GAS_REPORT_JSON: json });
    expect(readFileSync(json, 'utf8')).toBe(first);
  }, 150_000);

  it('prints and writes nothing with the report off', () => {
    const before = readdirSync(project).sort();
    rmSync(join(out, 'reports'), { recursive: true, force: true });
    const output = runFixture({});
    expect(output).not.toContain('gas report');
    expect(output).toMatch(/Tests +5 passed/);
    expect(existsSync(join(out, 'reports'))).toBe(false);
    expect(readdirSync(project).sort()).toEqual(before);
  }, 150_000);
});
