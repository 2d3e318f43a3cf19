// The wall-clock backstop. Gas stops metered contract code deterministically; code that escaped metering (a
// library loop that was not instrumented) would run on, and one realm cannot interrupt synchronous JS. A
// vm script can be: its `timeout` terminates whatever runs inside it, host functions included.
//
// The timeout costs a watchdog thread per script call (tens of microseconds), so handlers are not entered one
// by one: the driver runs its synchronous work in chunks, each entered through one script call whose timeout is
// the limit, and the handlers inside a chunk are called directly. A chunk ends once it has run for half the
// limit (checked after every message), and a handler that returns after that point has the rest of its segment
// settled outside the chunk. So the watchdog fires only on a handler that started in the first half of its chunk
// and is still running at the limit: a handler is stopped after between half the limit and the limit of
// synchronous run. The dispatcher records which handler is running, and that one fails (rolled back).
//
// What it covers: the synchronous run of a handler (class constructor included) from its start to its first
// `await`. Code after an await runs in microtasks, which no API bounds in-realm. It is a backstop only: in a
// normal run nothing reaches the limit and runs stay deterministic.
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';
import type { Halt } from './limits.js';
import { LimitExceeded } from './limits.js';

type Entry = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The host's monotonic clock. Read from the prototype: while segments run in the test's realm, the sandbox
 * (sandbox-globals.ts) shadows `performance.now` on the instance with a stub that refuses contract code.
 */
const hostNow: () => number = (Object.getPrototypeOf(performance) as { now: () => number }).now.bind(performance);

/** What {@link WallClock.chunk} returns when the watchdog stopped its chunk at the limit. */
export const TRIPPED: unique symbol = Symbol('sprocket.wall-clock.tripped');

/** The halt of a handler the backstop stopped. */
export function wallClockHalt(handlerName: string, ms: number): Halt {
  return {
    code: 'WALL_CLOCK_EXCEEDED',
    reason: `${handlerName} ran synchronously past the wall-clock backstop of ${ms} ms (limits.wallClockMs; a handler is stopped after between ${ms / 2} and ${ms} ms) and was stopped: code that gas does not meter (an uninstrumented library?) runs without end`,
  };
}

function isTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** Runs chunks of the runtime's synchronous work, and single handlers, under a wall-clock limit in milliseconds. */
export class WallClock {
  /** Whether a chunk is running: handlers inside it are called directly. */
  inChunk = false;
  /** Whether the running (or last) chunk ended because it used its share of time, not because its work ran out. */
  over = false;
  private readonly enterScript = new vm.Script('enter()', { filename: 'sprocket-wall-clock.js' });
  private readonly chunkScript = new vm.Script('chunk()', { filename: 'sprocket-wall-clock.js' });
  private fn: Entry | undefined = undefined;
  private self: unknown = undefined;
  private args: unknown[] = [];
  private body: (() => unknown) | undefined = undefined;
  /** When the running chunk must end (host time). */
  private leaveAt = 0;
  private readonly context = vm.createContext({
    enter: (): unknown => Reflect.apply(this.fn as Entry, this.self, this.args),
    chunk: (): unknown => (this.body as () => unknown)(),
  });

  constructor(
    /** The limit in milliseconds. */
    readonly ms: number,
  ) {}

  /**
   * Runs `body` under one watchdog of the limit; returns what it returns, or {@link TRIPPED} when the watchdog
   * terminated it (no `catch` or `finally` block between here and the point it was stopped has run).
   */
  chunk<T>(body: () => T): T | typeof TRIPPED {
    this.body = body;
    this.over = false;
    this.inChunk = true;
    this.leaveAt = hostNow() + this.ms / 2;
    try {
      return this.chunkScript.runInContext(this.context, { timeout: this.ms }) as T;
    } catch (error) {
      if (isTimeout(error)) return TRIPPED;
      throw error;
    } finally {
      this.inChunk = false;
      this.body = undefined;
    }
  }

  /** Whether the running chunk has used its share (half the limit); then it must end (`over` is set). */
  spent(): boolean {
    if (hostNow() <= this.leaveAt) return false;
    this.over = true;
    return true;
  }

  /** Calls `fn` on `self` with `args` under its own watchdog; throws {@link LimitExceeded} (WALL_CLOCK_EXCEEDED) when it runs past the limit. */
  call(fn: Entry, self: unknown, args: unknown[], handlerName: string): unknown {
    this.fn = fn;
    this.self = self;
    this.args = args;
    try {
      return this.enterScript.runInContext(this.context, { timeout: this.ms });
    } catch (error) {
      if (isTimeout(error)) throw new LimitExceeded(wallClockHalt(handlerName, this.ms));
      throw error;
    } finally {
      this.fn = undefined;
      this.self = undefined;
      this.args = [];
    }
  }
}
