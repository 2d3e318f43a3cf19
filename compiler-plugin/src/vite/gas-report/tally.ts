// What a gas report collects: per actor and route, the messages whose handlers succeeded and those that failed,
// each as count, total, least and most gas. Tallies merge by adding counts and totals and taking the least and
// most, so the merged figures are the same in whatever order test files, workers and tests reported them.

/** Gas figures of one outcome (succeeded or failed) of one route. */
export interface GasFigures {
  /** Handled messages. */
  readonly messages: number;
  /** Gas they used together. */
  readonly total: number;
  /** Least and most gas one of them used (0 when there are none). */
  readonly min: number;
  readonly max: number;
}

/** One route's row: the actor's code name, `Service.Function` (a constructor: `Program.Name`), its figures. */
export interface GasRouteTally {
  readonly actor: string;
  readonly route: string;
  readonly ok: GasFigures;
  readonly failed: GasFigures;
}

/**
 * A tally as it travels from a test worker to the reporter (in a test's or a file's `meta`): one tuple per route,
 * `[actor, route, ok messages, ok total, ok min, ok max, failed messages, failed total, failed min, failed max]`.
 */
export type GasTallyWire = readonly (readonly [string, string, number, number, number, number, number, number, number, number])[];

const NONE: GasFigures = { messages: 0, total: 0, min: 0, max: 0 };

function add(a: GasFigures, b: GasFigures): GasFigures {
  if (a.messages === 0) return b;
  if (b.messages === 0) return a;
  return { messages: a.messages + b.messages, total: a.total + b.total, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** Per actor and route, the gas of handled messages; {@link record} one message, {@link merge} another tally. */
export class GasTally {
  private readonly rows = new Map<string, GasRouteTally>();

  /** Whether nothing was recorded. */
  get empty(): boolean {
    return this.rows.size === 0;
  }

  /** One handled message of `actor`'s `route` that used `gas` and succeeded (`ok`) or failed. */
  record(actor: string, route: string, gas: number, ok: boolean): void {
    const one: GasFigures = { messages: 1, total: gas, min: gas, max: gas };
    this.add({ actor, route, ok: ok ? one : NONE, failed: ok ? NONE : one });
  }

  /** Adds one route's figures. */
  add(row: GasRouteTally): void {
    const key = `${row.actor}\0${row.route}`;
    const had = this.rows.get(key);
    this.rows.set(key, had === undefined ? row : { ...had, ok: add(had.ok, row.ok), failed: add(had.failed, row.failed) });
  }

  /** Adds a tally in its wire form; anything malformed in it is skipped (it came from another process). */
  merge(wire: unknown): void {
    if (!Array.isArray(wire)) return;
    for (const t of wire as unknown[]) {
      if (!Array.isArray(t) || t.length !== 10 || typeof t[0] !== 'string' || typeof t[1] !== 'string') continue;
      const n = t.slice(2) as unknown[];
      if (!n.every(isCount)) continue;
      const [okN, okT, okMin, okMax, fN, fT, fMin, fMax] = n as number[];
      this.add({
        actor: t[0],
        route: t[1],
        ok: okN === 0 ? NONE : { messages: okN as number, total: okT as number, min: okMin as number, max: okMax as number },
        failed: fN === 0 ? NONE : { messages: fN as number, total: fT as number, min: fMin as number, max: fMax as number },
      });
    }
  }

  /** The rows sorted by actor, then route (by code unit, not locale: the same on every machine). */
  routes(): GasRouteTally[] {
    return [...this.rows.values()].sort((a, b) => compare(a.actor, b.actor) || compare(a.route, b.route));
  }

  /** The wire form (sorted), for a test's `meta`. */
  toWire(): GasTallyWire {
    return this.routes().map((r) => [
      r.actor,
      r.route,
      r.ok.messages,
      r.ok.total,
      r.ok.min,
      r.ok.max,
      r.failed.messages,
      r.failed.total,
      r.failed.min,
      r.failed.max,
    ]);
  }

  /** Forgets everything recorded. */
  clear(): void {
    this.rows.clear();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
