// The gas report's collector in a test worker: installed on globalThis where the runtime's test systems look for a
// gas report sink, it tallies their handled messages until a hook drains the tally into a test's or file's `meta`,
// which vitest carries to the reporter in the main process.
import { GasTally, type GasTallyWire } from './tally.js';

/**
 * The `globalThis` slot of the runtime's gas report sink (`GAS_REPORT_SINK` of `@sprocket/runtime/testing`): a
 * registered symbol, so the plugin needs no import of the runtime. The runtime calls `record(actor, route, gas, ok)`.
 */
export const GAS_REPORT_SLOT: unique symbol = Symbol.for('sprocket.gas-report');

/** The key under which a task's `meta` carries the gas tally of what ran during it (its wire form). */
export const GAS_REPORT_META = 'sprocketGasReport';

/** The worker's collector: the runtime records into it, the setup file's hooks drain it. */
export class WorkerGasSink {
  private readonly tally = new GasTally();

  /** One handled message (called by the runtime). */
  record(actor: string, route: string, gas: number, ok: boolean): void {
    this.tally.record(actor, route, gas, ok);
  }

  /** Moves what was recorded since the last drain into `meta` (added to what a retried test put there before). */
  drainInto(meta: Record<string, unknown>): void {
    if (this.tally.empty) return;
    let wire: GasTallyWire = this.tally.toWire();
    const before = meta[GAS_REPORT_META];
    if (before !== undefined) {
      const merged = new GasTally();
      merged.merge(before);
      merged.merge(wire);
      wire = merged.toWire();
    }
    meta[GAS_REPORT_META] = wire;
    this.tally.clear();
  }
}

/** The worker's collector: the one already installed (a worker runs several test files), else a new one. */
export function installWorkerSink(): WorkerGasSink {
  const slot = globalThis as { [GAS_REPORT_SLOT]?: unknown };
  const had = slot[GAS_REPORT_SLOT];
  if (had instanceof WorkerGasSink) return had;
  const sink = new WorkerGasSink();
  slot[GAS_REPORT_SLOT] = sink;
  return sink;
}
