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

/** One outcome's figures while collecting, changed in place (recording a message allocates nothing). */
class Collecting {
  messages = 0;
  total = 0;
  min = 0;
  max = 0;

  add(messages: number, total: number, min: number, max: number): void {
    if (messages === 0) return;
    if (this.messages === 0 || min < this.min) this.min = min;
    if (this.messages === 0 || max > this.max) this.max = max;
    this.messages += messages;
    this.total += total;
  }

  figures(): GasFigures {
    return this.messages === 0 ? NONE : { messages: this.messages, total: this.total, min: this.min, max: this.max };
  }
}

/** A route's figures while collecting. */
interface Counters {
  readonly ok: Collecting;
  readonly failed: Collecting;
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** Per actor and route, the gas of handled messages; {@link record} one message, {@link merge} another tally. */
export class GasTally {
  /** Actor → route → counters (recording a message allocates nothing once its route is known). */
  private readonly actors = new Map<string, Map<string, Counters>>();

  /** Whether nothing was recorded. */
  get empty(): boolean {
    return this.actors.size === 0;
  }

  private counters(actor: string, route: string): Counters {
    let routes = this.actors.get(actor);
    if (routes === undefined) {
      routes = new Map();
      this.actors.set(actor, routes);
    }
    let c = routes.get(route);
    if (c === undefined) {
      c = { ok: new Collecting(), failed: new Collecting() };
      routes.set(route, c);
    }
    return c;
  }

  /** One handled message of `actor`'s `route` that used `gas` and succeeded (`ok`) or failed. */
  record(actor: string, route: string, gas: number, ok: boolean): void {
    const c = this.counters(actor, route);
    (ok ? c.ok : c.failed).add(1, gas, gas, gas);
  }

  /** Adds one route's figures. */
  add(row: GasRouteTally): void {
    const c = this.counters(row.actor, row.route);
    c.ok.add(row.ok.messages, row.ok.total, row.ok.min, row.ok.max);
    c.failed.add(row.failed.messages, row.failed.total, row.failed.min, row.failed.max);
  }

  /** Adds a tally in its wire form; anything malformed in it is skipped (it came from another process). */
  merge(wire: unknown): void {
    if (!Array.isArray(wire)) return;
    for (const t of wire as unknown[]) {
      if (!Array.isArray(t) || t.length !== 10 || typeof t[0] !== 'string' || typeof t[1] !== 'string') continue;
      const n = t.slice(2) as unknown[];
      if (!n.every(isCount)) continue;
      const [okN, okT, okMin, okMax, fN, fT, fMin, fMax] = n as [number, number, number, number, number, number, number, number];
      const c = this.counters(t[0], t[1]);
      c.ok.add(okN, okT, okMin, okMax);
      c.failed.add(fN, fT, fMin, fMax);
    }
  }

  /** The rows sorted by actor, then route (by code unit, not locale: the same on every machine). */
  routes(): GasRouteTally[] {
    const rows: GasRouteTally[] = [];
    for (const [actor, routes] of this.actors) {
      for (const [route, c] of routes) rows.push({ actor, route, ok: c.ok.figures(), failed: c.failed.figures() });
    }
    return rows.sort((a, b) => compare(a.actor, b.actor) || compare(a.route, b.route));
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
    this.actors.clear();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
