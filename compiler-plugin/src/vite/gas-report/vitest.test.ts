// The plugin wires the gas report into vitest only when it is on: the setup file into each project once, the
// reporter into the run once, whatever number of projects use the plugin.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sprocket } from '../index.js';
import { GasReporter } from './reporter.js';
import { GAS_REPORT_SETUP_FILE, type GasReportPluginContext } from './vitest.js';

type WithHook = { configureVitest?: (context: GasReportPluginContext) => void };

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the plugin and the gas report', () => {
  it('adds no hook when the report is off', () => {
    vi.stubEnv('SPROCKET_GAS_REPORT', '');
    vi.stubEnv('SPROCKET_GAS_REPORT_JSON', '');
    expect((sprocket() as WithHook).configureVitest).toBeUndefined();
    vi.stubEnv('SPROCKET_GAS_REPORT', '0');
    expect((sprocket({ gasReport: true }) as WithHook).configureVitest).toBeUndefined();
  });

  it('adds the setup file to every project once and the reporter to the run once', () => {
    vi.stubEnv('SPROCKET_GAS_REPORT', '1');
    const vitest = { config: { reporters: ['default'] as unknown[] } };
    const projects = [{ config: { setupFiles: ['/user/setup.ts'] } }, { config: { setupFiles: [] as string[] } }];
    for (const project of projects) {
      const plugin = sprocket() as WithHook;
      plugin.configureVitest?.({ vitest, project });
      plugin.configureVitest?.({ vitest, project });
    }
    expect(projects.map((p) => p.config.setupFiles)).toEqual([['/user/setup.ts', GAS_REPORT_SETUP_FILE], [GAS_REPORT_SETUP_FILE]]);
    expect(vitest.config.reporters).toHaveLength(2);
    expect(vitest.config.reporters[0]).toBe('default');
    expect(vitest.config.reporters[1]).toBeInstanceOf(GasReporter);
    expect(existsSync(GAS_REPORT_SETUP_FILE)).toBe(true);
  });
});
