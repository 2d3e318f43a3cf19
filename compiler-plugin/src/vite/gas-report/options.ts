// When the gas report is on, and where its JSON goes: the plugin's `gasReport` option, overridden by the
// environment for one run (`SPROCKET_GAS_REPORT=1 npm test`, or `=0` to silence a report the config turns on).
import { CompilerError } from '../../errors.js';

/** Options of the gas report (`sprocket({ gasReport: { ... } })`). */
export interface GasReportOptions {
  /** Also write the report as JSON to this file (relative to the vitest root), at the end of every run. */
  readonly json?: string;
  /** Print the table at the end of the run (default true). */
  readonly print?: boolean;
}

/** A gas report that is on: whether it prints, and the JSON file it writes (if any). */
export interface GasReportSettings {
  readonly print: boolean;
  readonly json: string | undefined;
}

/** Turns the report on (`1`, `true`) or off (`0`, `false`) for one run, whatever the config says. */
export const GAS_REPORT_ENV = 'SPROCKET_GAS_REPORT';
/** A JSON file to write the report to; setting it turns the report on (unless `SPROCKET_GAS_REPORT` turns it off). */
export const GAS_REPORT_JSON_ENV = 'SPROCKET_GAS_REPORT_JSON';

function envSwitch(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'off') return false;
  throw new CompilerError(
    'GAS_REPORT_ENV',
    `${GAS_REPORT_ENV}=${JSON.stringify(value)} is neither on nor off: use ${GAS_REPORT_ENV}=1 to print the gas report, 0 to turn it off, and ${GAS_REPORT_JSON_ENV}=<file> to write it as JSON`,
  );
}

/** The gas report's settings from the plugin option and the environment; undefined when it is off. */
export function gasReportSettings(
  option: boolean | GasReportOptions | undefined,
  env: Readonly<Record<string, string | undefined>>,
): GasReportSettings | undefined {
  const switched = envSwitch(env[GAS_REPORT_ENV]);
  const jsonEnv = env[GAS_REPORT_JSON_ENV] === '' ? undefined : env[GAS_REPORT_JSON_ENV];
  const configured = typeof option === 'object' ? option : {};
  const on = switched ?? (jsonEnv !== undefined || option === true || typeof option === 'object');
  if (!on) return undefined;
  return { print: configured.print ?? true, json: jsonEnv ?? configured.json };
}
