/**
 * A gas report's collector: told the gas of every handled message with its actor and route. A test runner installs
 * one under {@link GAS_REPORT_SINK} on `globalThis` in each test process (the Sprocket vitest plugin does when its gas
 * report is on), and every test system created afterwards reports to it; `SystemOptions.gasReport` sets one directly.
 */
export interface GasReportSink {
  /**
   * One handled message: the actor's code name (`Counter`), the route (`Counter.Add`, a constructor's
   * `Counter.New`), the gas its handler used, and whether it succeeded (false: it failed and was rolled back).
   */
  record(actor: string, route: string, gas: number, ok: boolean): void;
}

/** The `globalThis` slot a test runner puts its {@link GasReportSink} in (a registered symbol: any copy of the runtime finds it). */
export const GAS_REPORT_SINK: unique symbol = Symbol.for('sprocket.gas-report');

/** The sink a test runner installed on `globalThis`, if any (anything without a `record` function is ignored). */
export function installedGasReport(): GasReportSink | undefined {
  const sink = (globalThis as { [GAS_REPORT_SINK]?: unknown })[GAS_REPORT_SINK];
  return typeof sink === 'object' && sink !== null && typeof (sink as GasReportSink).record === 'function'
    ? (sink as GasReportSink)
    : undefined;
}
