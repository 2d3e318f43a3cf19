// A small harness for the example scenarios that `npm start` runs (examples/main.ts) and that
// test/examples-main.test.ts checks: one test system per scenario, steps with a headline and the trace
// lines they produced, checks that count and fail loudly.
import { isDeepStrictEqual } from 'node:util';
import { createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import { isCallError } from '@sprocket/sdk';

/** Where a scenario writes its transcript, one line per call. */
export type Log = (line: string) => void;

/** Options every scenario accepts. */
export interface ScenarioOptions {
  /** Seed of the test system (message and actor ids). Default `"sprocket"`. */
  readonly seed?: string | number;
}

/** What a scenario hands back: its checks, its whole trace and the results it showed. */
export interface ScenarioReport<F = Record<string, unknown>> {
  readonly name: string;
  /** Checks that passed (a failing check throws a ScenarioFailure instead). */
  readonly checks: number;
  /** The system's `trace()` text at the end of the scenario. */
  readonly trace: string;
  /** Number of trace lines. */
  readonly traceLines: number;
  /** The key results, for the tests. */
  readonly facts: F;
}

/** An expectation of a scenario that did not hold. */
export class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
}

const HEX_ADDRESS = /0x[0-9a-f]{64}/g;
const TRACE_HEAD = /^\[b(\d+) 0x[0-9a-f]+…([0-9a-f]{4})\] /;

function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
}

/** One scenario run: a fresh deterministic test system, a transcript and a check counter. */
export class Scenario {
  readonly sys: TestSystem;
  private passed = 0;
  private cursor = 0;

  constructor(
    readonly name: string,
    private readonly log: Log,
    options: ScenarioOptions = {},
  ) {
    this.sys = createTestSystem({ seed: options.seed ?? 'sprocket' });
  }

  /** Prints a headline, runs the step, then prints the trace lines it produced (at most `show` of them). */
  async step<T>(headline: string, body: () => Promise<T> | T, options: { readonly show?: number } = {}): Promise<T> {
    // Lines of checks made between steps are not part of any step.
    this.cursor = this.sys.traceEntries().length;
    this.log(`  ▸ ${headline}`);
    const value = await body();
    this.flush(options.show ?? 14);
    return value;
  }

  /** A one-line remark under the current step. */
  note(text: string): void {
    this.log(`      ⇒ ${text}`);
  }

  /** Fails the scenario unless `condition` holds. */
  check(condition: boolean, what: string): void {
    if (!condition) throw new ScenarioFailure(`${this.name}: ${what}`);
    this.passed++;
  }

  /** Fails the scenario unless `actual` deep-equals `expected`. */
  equal<T>(actual: T, expected: T, what: string): T {
    if (!isDeepStrictEqual(actual, expected))
      throw new ScenarioFailure(`${this.name}: ${what}: expected ${show(expected)}, got ${show(actual)}`);
    this.passed++;
    return actual;
  }

  /** Fails the scenario unless the call is rejected with a CallError of `code` whose reason matches. */
  async rejects(
    call: Promise<unknown>,
    code: string,
    reason: RegExp,
    what: string,
  ): Promise<{ code: string; route: string | undefined; reason: string }> {
    let outcome: unknown;
    try {
      outcome = await call;
    } catch (error) {
      if (!isCallError(error)) throw new ScenarioFailure(`${this.name}: ${what}: expected a CallError, got ${String(error)}`);
      this.equal(error.code as string, code, `${what}: error code`);
      this.check(reason.test(error.reason), `${what}: reason ${show(error.reason)} should match ${reason}`);
      return { code: error.code, route: error.route, reason: error.reason };
    }
    throw new ScenarioFailure(`${this.name}: ${what}: expected a ${code} error, got the reply ${show(outcome)}`);
  }

  /** The report of the scenario so far. */
  report<F>(facts: F): ScenarioReport<F> {
    const trace = this.sys.trace();
    return { name: this.name, checks: this.passed, trace, traceLines: trace === '' ? 0 : trace.split('\n').length, facts };
  }

  /** A readable name for an address (a user's name, `Program` or `Program#n`), else a short hex. */
  label(address: string): string {
    const label = this.sys.system.label(address);
    return label === address ? `${address.slice(0, 8)}…${address.slice(-4)}` : label;
  }

  private flush(max: number): void {
    const entries = this.sys.traceEntries();
    const lines = entries.slice(this.cursor).map((e) => this.pretty(e.text));
    this.cursor = entries.length;
    const shown =
      lines.length <= max + 1 ? lines : [...lines.slice(0, max - 3), `… ${lines.length - max + 1} more trace lines …`, ...lines.slice(-2)];
    for (const line of shown) this.log(`      ${line}`);
  }

  /** `[b0 0x26d4…0003] ...` → `b0 #0003 ...`, and 32-byte addresses → names. */
  private pretty(text: string): string {
    return text
      .replace(TRACE_HEAD, (_m, block: string, seq: string) => `b${block.padEnd(2)} #${seq}  `)
      .replace(HEX_ADDRESS, (a) => this.label(a));
  }
}
