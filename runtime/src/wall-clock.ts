// The wall-clock backstop. Gas stops metered contract code deterministically; code that escaped metering (a
// library loop that was not instrumented) would run on, and one realm cannot interrupt synchronous JS. A
// vm script can be: its `timeout` terminates whatever runs inside it, host functions included.
//
// The timeout costs a watchdog thread per script call (tens of microseconds), so handlers are not entered one
// by one: the driver runs its synchronous work in chunks, each entered through one script call whose timeout is
// the limit, and the handlers inside a chunk are called directly. A chunk ends once it has run for a quarter of
// the limit (its share, checked after every message), and a handler that returns after that point has the rest of
// its segment settled outside the chunk. So the watchdog fires only while a handler that started within its
// chunk's share is still running at the limit: a handler is stopped after between 3/4 of the limit and the limit
// of synchronous run. The dispatcher records which handler is running; that one fails (rolled back).
//
// Termination skips every `catch` and `finally` between the chunk and the point it stops, so it must land in
// contract code, never in the runtime's own bookkeeping. After a handler returns, its chunk has at least 3/4 of
// the limit left for the bookkeeping of that message; only a process that stalls that long outside a handler (or
// unmetered code the runtime runs for a handler after it returned, such as a getter of its result) can be cut
// there, and the driver then reports RUNTIME_INTERNAL.
//
// What it covers: the synchronous run of a handler (class constructor included) from its start to its first
// `await`. Code after an await runs in microtasks, which no API bounds in-realm. It is a backstop only: in a
// normal run nothing reaches the limit and runs stay deterministic.
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';
import type { Halt } from './limits.js';
import { LimitExceeded } from './limits.js';
import { SANDBOX } from './sandbox-globals.js';

type Entry = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The host's monotonic clock. Read from the prototype: while segments run in the test's realm, the sandbox
 * (sandbox-globals.ts) shadows `performance.now` on the instance with a stub that refuses contract code.
 */
const hostNow: () => number = (Object.getPrototypeOf(performance) as { now: () => number }).now.bind(performance);

/** The part of the limit a chunk runs before it ends (the rest is the margin of the handler that runs last). */
const SHARE = 1 / 4;

/** What {@link WallClock.chunk} returns when the watchdog stopped its chunk at the limit. */
export const TRIPPED: unique symbol = Symbol('sprocket.wall-clock.tripped');

/** The halt of a handler the backstop stopped. */
export function wallClockHalt(handlerName: string, ms: number): Halt {
  return {
    code: 'WALL_CLOCK_EXCEEDED',
    reason: `${handlerName} ran synchronously past the wall-clock backstop of ${ms} ms (limits.wallClockMs; a handler is stopped after between ${ms * (1 - SHARE)} and ${ms} ms) and was stopped: code that gas does not meter (an uninstrumented library?) runs without end`,
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
  /** Whether the clock was read when the last handler returned (so the message's end needs no second read). */
  private checked = false;
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
    this.checked = false;
    this.inChunk = true;
    this.leaveAt = hostNow() + this.ms * SHARE;
    const watched = SANDBOX.watched;
    SANDBOX.watched = true;
    try {
      return this.chunkScript.runInContext(this.context, { timeout: this.ms }) as T;
    } catch (error) {
      if (isTimeout(error)) return TRIPPED;
      throw error;
    } finally {
      SANDBOX.watched = watched;
      this.inChunk = false;
      this.body = undefined;
    }
  }

  /** Whether the running chunk has used its share of the limit; then it must end (`over` is set). */
  spent(): boolean {
    if (hostNow() <= this.leaveAt) return false;
    this.over = true;
    return true;
  }

  /** A handler in the chunk returned: whether past the chunk's share (the clock read also serves {@link messageDone}). */
  handlerReturned(): boolean {
    this.checked = true;
    return this.spent();
  }

  /** A message of the chunk is done: whether the chunk must end (reads the clock unless a handler's return just did). */
  messageDone(): boolean {
    if (!this.checked) return this.spent();
    this.checked = false;
    return this.over;
  }

  /** Calls `fn` on `self` with `args` under its own watchdog; throws {@link LimitExceeded} (WALL_CLOCK_EXCEEDED) when it runs past the limit. */
  call(fn: Entry, self: unknown, args: unknown[], handlerName: string): unknown {
    this.fn = fn;
    this.self = self;
    this.args = args;
    const watched = SANDBOX.watched;
    SANDBOX.watched = true;
    try {
      return this.enterScript.runInContext(this.context, { timeout: this.ms });
    } catch (error) {
      if (isTimeout(error)) throw new LimitExceeded(wallClockHalt(handlerName, this.ms));
      throw error;
    } finally {
      SANDBOX.watched = watched;
      this.fn = undefined;
      this.self = undefined;
      this.args = [];
    }
  }
}
