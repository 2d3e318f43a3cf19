// The gas report's vitest reporter: at the end of a run it merges the tallies every test and file carried in its
// `meta`, prints the table and writes the JSON. Typed by shape (no import of vitest), so it works with the vitest
// the project has.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CompilerError } from '../../errors.js';
import { gasReportJson } from './json.js';
import type { GasReportSettings } from './options.js';
import { gasReportTable } from './table.js';
import { GasTally } from './tally.js';
import { GAS_REPORT_META } from './worker.js';

/** A reported task as the reporter reads it: a test case, suite or module with its `meta()`. */
interface WithMeta {
  meta(): object;
}

/** A test module as vitest reports it (`TestModule`). */
export interface ReportedTestModule extends WithMeta {
  readonly children: { allTests(): Iterable<WithMeta>; allSuites(): Iterable<WithMeta> };
}

/** The parts of the vitest instance the reporter uses. */
interface VitestLike {
  readonly config: { readonly root: string };
  readonly logger: { log(...messages: unknown[]): void };
}

/** Every gas tally the tasks of `modules` carry, merged. */
export function collectGasTally(modules: readonly ReportedTestModule[]): GasTally {
  const tally = new GasTally();
  const take = (task: WithMeta): void => tally.merge((task.meta() as Record<string, unknown>)[GAS_REPORT_META]);
  for (const module of modules) {
    take(module);
    for (const suite of module.children.allSuites()) take(suite);
    for (const test of module.children.allTests()) take(test);
  }
  return tally;
}

/** The vitest reporter of the gas report (the plugin adds it when the report is on). */
export class GasReporter {
  private root = process.cwd();
  private log: (text: string) => void = (text) => process.stdout.write(text);

  constructor(private readonly settings: GasReportSettings) {}

  /** Remembers the root (the JSON path is relative to it) and the logger. */
  onInit(vitest: VitestLike): void {
    this.root = vitest.config.root;
    this.log = (text) => vitest.logger.log(text.replace(/\n$/, ''));
  }

  /** Prints the table and writes the JSON of the run that ended. */
  onTestRunEnd(testModules: readonly ReportedTestModule[]): void {
    const report = gasReportJson(collectGasTally(testModules));
    if (this.settings.print) this.log(`\n${gasReportTable(report)}`);
    const json = this.settings.json;
    if (json === undefined) return;
    const file = resolve(this.root, json);
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      throw new CompilerError('GAS_REPORT_WRITE', `sprocket: the gas report could not be written to ${file}: ${String(error)}`, {
        cause: error,
      });
    }
  }
}
