// The gas report as JSON (written with the `json` option): deterministic, sorted, every figure an integer.
import type { GasFigures, GasTally } from './tally.js';

/** One outcome's figures in the JSON report; `avg` is the total over the messages, rounded (0 without messages). */
export interface GasReportFigures {
  readonly messages: number;
  readonly min: number;
  readonly avg: number;
  readonly max: number;
  readonly total: number;
}

/** The JSON gas report: one row per actor and route, sorted, and the totals. */
export interface GasReportJson {
  /** Format version of this file. */
  readonly version: 1;
  readonly routes: readonly {
    /** The actor's code name (`Counter`). */
    readonly actor: string;
    /** `Service.Function`, or a constructor's `Program.Name` (`Counter.New`). */
    readonly route: string;
    /** Messages whose handlers succeeded. */
    readonly ok: GasReportFigures;
    /** Messages whose handlers failed (rolled back); their gas is not in `ok`. */
    readonly failed: GasReportFigures;
  }[];
  readonly totals: { readonly messages: number; readonly failed: number; readonly gas: number };
}

function figures(f: GasFigures): GasReportFigures {
  return { messages: f.messages, min: f.min, avg: f.messages === 0 ? 0 : Math.round(f.total / f.messages), max: f.max, total: f.total };
}

/** The JSON report of a tally. */
export function gasReportJson(tally: GasTally): GasReportJson {
  const routes = tally.routes().map((r) => ({ actor: r.actor, route: r.route, ok: figures(r.ok), failed: figures(r.failed) }));
  let messages = 0;
  let failed = 0;
  let gas = 0;
  for (const r of routes) {
    messages += r.ok.messages + r.failed.messages;
    failed += r.failed.messages;
    gas += r.ok.total + r.failed.total;
  }
  return { version: 1, routes, totals: { messages, failed, gas } };
}
