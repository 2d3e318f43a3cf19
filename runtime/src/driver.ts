// The module's own setImmediate: a test that fakes the global timers must not stall or trip the guard.
import { setImmediate } from 'node:timers';
import { setGasMeter } from '@sprocket/sdk';
import type { Clock } from './clock.js';
import type { Dispatcher } from './dispatch.js';
import { RuntimeError } from './errors.js';
import { DEFAULT_BLOCK_GAS_LIMIT, DEFAULT_GAS_LIMIT, GasBook } from './gas.js';
import type { Envelope } from './message.js';
import { microtask } from './microtask.js';
import type { SegmentOutcomes } from './outcomes.js';
import type { Replies } from './replies.js';
import { restoreGlobals, SANDBOX } from './sandbox-globals.js';
import type { Task } from './task.js';
import { checkBlocks, reasonOf } from './values.js';
import { TRIPPED, type WallClock } from './wall-clock.js';

interface IdleGoal {
  /** The block the run started at. */
  readonly start: number;
  readonly limit: number;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

interface BlockGoal {
  readonly target: number;
  readonly resolve: () => void;
}

/** Whether a segment running in microtasks has ended: the handler settled or parked on a runtime op. */
function segmentOver(task: Task): boolean {
  return task.settled !== 0 || task.parkSeq !== task.segParkSeq;
}

/**
 * The driver: runs the queue while someone waits (an awaited call,
 * `runUntilIdle`, `runBlocks`), moves blocks forward, and ends segments
 * that run in microtasks (the determinism guard).
 */
export class Driver {
  /** Whether the loop is running (or waits for a segment in microtasks). */
  driving = false;
  private kicked = false;
  private readonly idleGoals: IdleGoal[] = [];
  private readonly blockGoals: BlockGoal[] = [];
  /** The task whose asynchronous segment the driver waits for. */
  private awaited: Task | undefined = undefined;
  private checkQueued = false;
  private watchdogArmed = false;
  /** Gas accounting: a block whose messages used its gas is full (set by the system). */
  gasBook = new GasBook(DEFAULT_GAS_LIMIT, DEFAULT_BLOCK_GAS_LIMIT);

  constructor(
    private readonly clock: Clock,
    private readonly replies: Replies,
    private readonly dispatcher: Dispatcher,
    private readonly outcomes: SegmentOutcomes,
    /** Blocks `runUntilIdle` may pass by default. */
    private readonly maxIdleBlocks: number,
  ) {}

  private hasGoals(): boolean {
    return this.replies.callDemand > 0 || this.idleGoals.length > 0 || this.blockGoals.length > 0;
  }

  /** Starts the loop in a microtask (once, however many messages arrive meanwhile). */
  kick(): void {
    if (this.driving || this.kicked) return;
    this.kicked = true;
    microtask(this.kickFn);
  }

  private readonly kickFn = (): void => {
    this.kicked = false;
    this.drive();
  };

  /** Processes everything, delayed messages and timeouts included, until nothing is left. */
  runUntilIdle(options: { maxBlocks?: number } = {}): Promise<void> {
    let blocks: number;
    try {
      // Unchecked, a negative or fractional bound would end the run at once or never match a block height.
      blocks = options.maxBlocks === undefined ? this.maxIdleBlocks : checkBlocks(options.maxBlocks, 'maxBlocks');
    } catch (error) {
      return Promise.reject(error);
    }
    const limit = this.clock.blockHeight + blocks;
    return new Promise<void>((resolve, reject) => {
      this.idleGoals.push({ start: this.clock.blockHeight, limit, resolve, reject });
      this.kick();
    });
  }

  /** Handles the current block, then `n` more blocks one by one (messages due in them included). */
  runBlocks(n: number): Promise<void> {
    let blocks: number;
    try {
      // Rejected like runUntilIdle's bad maxBlocks, so `await expect(sys.runBlocks(-1)).rejects` works for both.
      blocks = checkBlocks(n, 'runBlocks');
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve) => {
      this.blockGoals.push({ target: this.clock.blockHeight + blocks, resolve });
      this.kick();
    });
  }

  private drive(): void {
    if (this.driving) return;
    this.driving = true;
    this.loop(undefined);
  }

  /**
   * Ends `ended` (a segment that just parked, returned or failed), then
   * processes messages until a handler needs microtasks (the driver then
   * waits for its signal, `driving` staying true) or no goal is left.
   */
  private loop(ended: Task | undefined): void {
    try {
      if (ended !== undefined) this.outcomes.endSegment(ended);
      while (this.hasGoals()) {
        const task = this.runSync();
        if (task !== undefined) {
          this.waitFor(task);
          return;
        }
        if (!this.hasGoals()) break;
        this.afterQueueDrained();
      }
    } catch (error) {
      this.awaited = undefined;
      this.fail(new RuntimeError('RUNTIME_INTERNAL', `the runtime failed: ${reasonOf(error)}`, { cause: error }));
    }
    this.driving = false;
    // The runtime hands control back to its caller: the host's globals come back (sandbox-globals.ts).
    restoreGlobals();
  }

  /**
   * A handler runs in microtasks: its segment ends when it parks on a runtime
   * op (`then` signals it) or settles (its promise callbacks signal it). If
   * neither happened by the time the microtask queue is drained (a macrotask
   * later), it awaited something foreign: the watchdog ends the segment and
   * the determinism guard fails it. One watchdog serves every segment of a
   * microtask run, so the hot path polls nothing and schedules no macrotask.
   */
  private waitFor(task: Task): void {
    this.awaited = task;
    // Already parked or settled while the runtime ran it (a callback ran inside a reply): end it
    // after one microtask, so callbacks queued in the segment still run inside it.
    if (segmentOver(task)) this.segmentMayHaveEnded(task);
    if (!this.watchdogArmed) {
      this.watchdogArmed = true;
      setImmediate(this.watchdogFn);
    }
  }

  /** Told by a task that one of its ops got a callback (the handler may be parked, or still running: check in a microtask). */
  segmentMayHaveEnded(task: Task): void {
    if (this.awaited === task && !this.checkQueued) {
      this.checkQueued = true;
      microtask(this.checkFn);
    }
  }

  /** The handler of `task` returned or threw: reactions run on an empty stack, so the segment can end right away. */
  handlerSettled(task: Task): void {
    if (this.awaited === task) {
      this.awaited = undefined;
      this.loop(task);
    }
  }

  private readonly checkFn = (): void => {
    this.checkQueued = false;
    const task = this.awaited;
    if (task === undefined || !segmentOver(task)) return;
    this.awaited = undefined;
    this.loop(task);
  };

  private readonly watchdogFn = (): void => {
    this.watchdogArmed = false;
    const task = this.awaited;
    if (task === undefined) return;
    this.awaited = undefined;
    this.loop(task);
  };

  /** Processes messages synchronously until a handler needs microtasks, the queue is empty, or nobody waits. */
  private runSync(): Task | undefined {
    const wallClock = this.dispatcher.wallClock;
    return wallClock === undefined ? this.runChunk(undefined) : this.runGuarded(wallClock);
  }

  private readonly guardedChunk = (): Task | undefined => this.runChunk(this.dispatcher.wallClock);

  /**
   * `runSync` under the wall-clock backstop (wall-clock.ts): chunks of a quarter of the limit, each entered under
   * one watchdog; a trip fails the handler that was running and the next chunk goes on.
   */
  private runGuarded(wallClock: WallClock): Task | undefined {
    const dispatcher = this.dispatcher;
    const clock = this.clock;
    for (;;) {
      // Nothing to run (the chunk would only find the queue empty, or nobody waits): no watchdog.
      if (!this.hasGoals() || (clock.queue.size === 0 && this.outcomes.ready.length === 0 && !this.blockIsFull())) return undefined;
      const task = wallClock.chunk(this.guardedChunk);
      if (task === TRIPPED) {
        if (dispatcher.hasLate || dispatcher.stopRunning(wallClock.ms)) {
          // A late handler's result was kept whole: the trip came after it returned.
          const late = dispatcher.settleLate();
          if (late !== undefined) return late;
          continue;
        }
        // Only a stall of the whole process (or unmetered code the runtime ran for a handler after it returned, such
        // as a getter of its result) can cut the runtime's own bookkeeping: its state can no longer be vouched for.
        // The host's globals come back all the same, and no meter stays installed (the segment that was cut never ended).
        SANDBOX.segment = undefined;
        setGasMeter(undefined);
        throw new RuntimeError(
          'RUNTIME_INTERNAL',
          `the wall-clock backstop (limits.wallClockMs ${wallClock.ms}) stopped the runtime outside any handler: the process stalled for 3/4 of the limit, or code run after a handler returned (a getter of its result?) did not end`,
        );
      }
      const late = dispatcher.settleLate();
      if (late !== undefined) return late;
      if (task !== undefined || !wallClock.over) return task;
    }
  }

  /** `runSync`'s work; with the backstop on it also ends once its chunk has used its share of time. */
  private runChunk(wallClock: WallClock | undefined): Task | undefined {
    const clock = this.clock;
    const ready = this.outcomes.ready;
    const dispatcher = this.dispatcher;
    while (this.hasGoals()) {
      if (ready.length > 0) {
        const actor = ready.shift() as NonNullable<(typeof ready)[number]>;
        const deferred = actor.deferred;
        if (actor.busy !== undefined || deferred === undefined || deferred.length === 0) continue;
        const env = deferred.shift() as Envelope;
        if (deferred.length === 0) actor.deferred = undefined;
        const task = dispatcher.start(actor, env);
        if (task !== undefined || wallClock?.messageDone() === true) return task;
        continue;
      }
      if (this.blockIsFull()) {
        // A full block: the next message goes into the next one, unless that passes a runUntilIdle limit.
        const next = clock.blockHeight + 1;
        this.rejectPastLimit(clock.blockHeight, next);
        // Block goals up to this block are met even if the queue never empties (a self-send loop).
        this.resolveBlockGoals(clock.blockHeight);
        if (!this.hasGoals()) return undefined;
        this.advanceTo(next);
      }
      const env = clock.queue.shift();
      if (env === undefined) return undefined;
      clock.blockCount++;
      const task = dispatcher.process(env);
      if (task !== undefined || wallClock?.messageDone() === true) return task;
    }
    return undefined;
  }

  /** Whether the current block holds no more messages (by count or by gas): the next one goes into the next block. */
  private blockIsFull(): boolean {
    const clock = this.clock;
    return clock.blockCount >= clock.messagesPerBlock || (clock.blockCount > 0 && this.gasBook.blockFull(clock.blockHeight));
  }

  /** The queue is empty: satisfy goals, or move time forward to the next due work. */
  private afterQueueDrained(): void {
    const height = this.clock.blockHeight;
    this.resolveBlockGoals(height);
    const due = this.clock.schedule.nextDue();
    let next: number | undefined;
    if (this.blockGoals.length > 0) {
      next = height + 1;
    } else if (due !== undefined && (this.idleGoals.length > 0 || this.replies.callDemand > 0)) {
      next = due;
    } else if (due === undefined) {
      for (const goal of this.idleGoals.splice(0)) goal.resolve();
      if (this.replies.callDemand > 0 && this.clock.queue.size === 0 && this.outcomes.ready.length === 0) {
        this.fail(new RuntimeError('RUNTIME_STALLED', 'awaited calls can never settle: nothing is queued or scheduled'));
      }
      return;
    }
    if (next === undefined) return;
    this.rejectPastLimit(height, next);
    if (this.hasGoals()) this.advanceTo(next);
  }

  /** Resolves every `runBlocks` whose last block is `height` or earlier. */
  private resolveBlockGoals(height: number): void {
    if (this.blockGoals.length === 0) return;
    for (let i = this.blockGoals.length - 1; i >= 0; i--) {
      const goal = this.blockGoals[i] as BlockGoal;
      if (goal.target <= height) {
        this.blockGoals.splice(i, 1);
        goal.resolve();
      }
    }
  }

  /**
   * Rejects every `runUntilIdle` whose block limit moving from block `height` to block `next` would pass. A jump over
   * idle blocks is work scheduled far ahead (a long delay, sleep or reply timeout), not a loop: said apart.
   */
  private rejectPastLimit(height: number, next: number): void {
    for (let i = this.idleGoals.length - 1; i >= 0; i--) {
      const goal = this.idleGoals[i] as IdleGoal;
      if (next > goal.limit) {
        this.idleGoals.splice(i, 1);
        const head = `runUntilIdle passed its limit of block ${goal.limit} (maxBlocks ${goal.limit - goal.start} from block ${goal.start})`;
        const why =
          next > height + 1
            ? `: nothing runs until block ${next}, where a delayed message, a sleep's wake-up or a reply timeout is due (${next - height} blocks after block ${height}); pass { maxBlocks: ${next - goal.start} } or more, or step there with runBlocks`
            : ` with messages at every block, still at block ${height} (a message loop that never ends? see sys.trace())`;
        goal.reject(new RuntimeError('RUNTIME_RUN_LIMIT', `${head}${why}`));
      }
    }
  }

  /** Rejects every waiting goal (user calls with their error). */
  private fail(error: RuntimeError): void {
    for (const goal of this.idleGoals.splice(0)) goal.reject(error);
    for (const goal of this.blockGoals.splice(0)) goal.resolve();
    this.replies.rejectAll(error);
  }

  /** Moves to block `height`: due delayed messages and wake-ups join the queue, expired calls get TIMEOUT. */
  private advanceTo(height: number): void {
    const clock = this.clock;
    // The new block's gas count starts here, before its first message bills any.
    this.gasBook.startBlock(height);
    for (const bucket of clock.advanceTo(height)) {
      for (const env of bucket.items) clock.queue.push(env);
      this.replies.expire(height, bucket.timeouts);
    }
  }
}
