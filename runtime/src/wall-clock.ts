// The wall-clock backstop. Gas stops metered contract code deterministically; code that escaped metering (a
// library loop that was not instrumented) would run on, and one realm cannot interrupt synchronous JS. A
// vm script can be: its `timeout` terminates whatever runs inside it, host functions included. So, when the
// limit is set, the runtime enters each handler through a one-line script compiled once, and a handler that
// is still running synchronously after the limit is stopped (its segment rolled back) instead of waited for.
//
// What it covers: the synchronous run of a handler from its start to its first `await`. Code after an await
// runs in microtasks, which no API bounds in-realm. The cost is a watchdog thread per entry (see docs/gas.md
// for the measured figure), which is why the test kit leaves it off by default. It is a backstop only: in a
// normal run nothing reaches the limit and runs stay deterministic.
import vm from 'node:vm';
import type { Halt } from './limits.js';
import { LimitExceeded } from './limits.js';

type Entry = (this: unknown, ...args: unknown[]) => unknown;

/** Enters handlers under a wall-clock limit in milliseconds. */
export class WallClock {
  private readonly script = new vm.Script('enter()', { filename: 'sprocket-wall-clock.js' });
  private fn: Entry | undefined = undefined;
  private self: unknown = undefined;
  private args: unknown[] = [];
  private readonly context = vm.createContext({
    enter: (): unknown => Reflect.apply(this.fn as Entry, this.self, this.args),
  });

  constructor(
    /** The limit in milliseconds. */
    readonly ms: number,
  ) {}

  /** Calls `fn` on `self` with `args`; throws {@link LimitExceeded} (WALL_CLOCK_EXCEEDED) when it runs past the limit. */
  call(fn: Entry, self: unknown, args: unknown[], handlerName: string): unknown {
    this.fn = fn;
    this.self = self;
    this.args = args;
    try {
      return this.script.runInContext(this.context, { timeout: this.ms });
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        const halt: Halt = {
          code: 'WALL_CLOCK_EXCEEDED',
          reason: `${handlerName} ran longer than the wall-clock backstop of ${this.ms} ms (limits.wallClockMs) and was stopped: code that gas does not meter (an uninstrumented library?) runs without end`,
        };
        throw new LimitExceeded(halt);
      }
      throw error;
    } finally {
      this.fn = undefined;
      this.self = undefined;
      this.args = [];
    }
  }
}
