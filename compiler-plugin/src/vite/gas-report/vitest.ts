// Wires the gas report into a vitest run from the plugin's `configureVitest` hook: the setup file into every
// project that uses the plugin, the reporter once per run.
import { fileURLToPath } from 'node:url';
import type { GasReportSettings } from './options.js';
import { GasReporter } from './reporter.js';

/** The parts of vitest's plugin context (`VitestPluginContext`) the gas report changes. */
export interface GasReportPluginContext {
  readonly vitest: { readonly config: { readonly reporters: unknown[] } };
  readonly project: { readonly config: { readonly setupFiles: string[] } };
}

/** The setup file beside this module (`.ts` when the plugin runs from its sources, `.js` when built). */
export const GAS_REPORT_SETUP_FILE = fileURLToPath(
  new URL(`./setup${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url),
);

/** Runs whose reporter is added (a plugin in several projects adds it once). */
const reported = new WeakSet<object>();

/** Adds the gas report's setup file to the project and its reporter to the run. */
export function addGasReport(context: GasReportPluginContext, settings: GasReportSettings): void {
  const setupFiles = context.project.config.setupFiles;
  if (!setupFiles.includes(GAS_REPORT_SETUP_FILE)) setupFiles.push(GAS_REPORT_SETUP_FILE);
  if (reported.has(context.vitest)) return;
  reported.add(context.vitest);
  context.vitest.config.reporters.push(new GasReporter(settings));
}
