import { type GasMeterSlot, setGasMeter } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';

/**
 * Gas costs of runtime operations, in gas units. Instrumented contract code charges 1 unit per function
 * entry and per loop iteration; these prices are set against that unit. Only sizes and counts enter a
 * price, never time, so the same inputs use the same gas on every run and machine.
 */
export const GAS_COSTS = {
  /** Handling a message: decode, dispatch and reply. */
  message: 1_000,
  /** Per byte of the incoming payload. */
  payloadByte: 1,
  /** `ctx.send`, `ctx.call`, `ctx.query`, `ctx.deploy`: one outgoing message. */
  send: 1_000,
  /** Per byte of an outgoing payload. */
  sendByte: 1,
  /** `ctx.emitEvent`: one event. */
  event: 500,
  /** Per byte of an encoded event. */
  eventByte: 1,
  /** `ctx.transfer`. */
  transfer: 500,
  /** `ctx.sleep`. */
  sleep: 500,
  /**
   * Per block a sleeping handler or a delayed message waits (Gear charges rent for the waitlist and the dispatch
   * stash): a wait longer than the gas pays for fails with OUT_OF_GAS instead of holding its place for ever.
   */
  holdBlock: 100,
  /** Per state write the rollback journal recorded in the segment, charged when the segment commits. */
  stateWrite: 10,
} as const;

/** Gas a message may use when its sender gives no `gasLimit`. */
export const DEFAULT_GAS_LIMIT = 50_000_000;
/** Gas the messages of one block may use together before the block is full. */
export const DEFAULT_BLOCK_GAS_LIMIT = 1_000_000_000_000;

/** Thrown into contract code when its segment has used its gas; the segment fails with `OUT_OF_GAS`. */
export class OutOfGas extends RuntimeError {
  constructor(limit: number) {
    super('RUNTIME_OUT_OF_GAS', `ran out of gas (limit ${limit})`);
  }
}

/** The least gas contract code may use between segments before it is stopped (see {@link DetachedMeter}). */
export const DETACHED_GAS_FLOOR = 10_000_000;

/**
 * The meter charged between segments. A handler can start work it does not await (a promise chain that keeps
 * hopping in microtasks) that runs on after its segment ended, where no segment's meter counts it: unbounded, it
 * starves the event loop (no run returns) and a chain of promises grows the heap until the process dies. When a
 * segment ends, this meter is installed with the ended handler's gas limit (at least {@link DETACHED_GAS_FLOOR});
 * contract code that uses it up is stopped with RUNTIME_DETACHED_WORK, at every charge from then on, until the next
 * segment ends and arms it again. Work that does finish only uses gas nobody reports.
 */
class DetachedMeter implements GasMeterSlot {
  left = 0;
  private budget = 0;

  /** Installs the meter with a fresh budget of `limit` (at least the floor). */
  arm(limit: number): void {
    this.budget = Math.max(limit, DETACHED_GAS_FLOOR);
    this.left = this.budget;
    setGasMeter(this);
  }

  exhausted(): void {
    this.left = -1;
    throw new RuntimeError(
      'RUNTIME_DETACHED_WORK',
      `contract code kept running after its segment ended (work a handler started and did not await, such as a promise chain) and used ${this.budget} gas; it is stopped: await that work inside the handler, or drop it`,
    );
  }
}

const DETACHED = new DetachedMeter();

/** Gas between two checkpoints of a meter, where the runtime checks what gas does not count (state growth). */
export const CHECKPOINT_GAS = 65_536;

/**
 * The gas meter of one message's handler (all its segments). Installed as the running segment's meter
 * while a segment runs; once exhausted, every later charge throws again, so contract code that catches
 * the signal cannot keep running, and the segment fails with `OUT_OF_GAS` whatever the handler does.
 *
 * `left` counts down to the next checkpoint; the rest of the limit waits in `bank`. When `left` goes below
 * zero the meter refills it from the bank and tells its watcher (which may throw a limit's signal), so the
 * charge on the hot path stays one subtraction and one compare.
 */
export class GasMeter implements GasMeterSlot {
  left: number;
  /** Whether the limit was reached. */
  out = false;
  /** Told every {@link CHECKPOINT_GAS} units of gas (the task checks its limits). */
  watcher: { checkpoint(): void } | undefined = undefined;
  /** Gas of the limit not yet moved into `left`. */
  private bank: number;
  /** Gas already counted against a block. */
  private billed = 0;
  /** Whether a segment runs on this meter (between install and uninstall). */
  private installed = false;
  /** The handler's gas limit. */
  limit: number;

  constructor(
    private readonly book: GasBook,
    limit: number,
  ) {
    this.limit = limit;
    this.left = Math.min(limit, CHECKPOINT_GAS);
    this.bank = limit - this.left;
  }

  /** Starts over with a fresh `limit`, as a new meter would (the book reuses meters of ended handlers). */
  reset(limit: number): this {
    this.limit = limit;
    this.left = Math.min(limit, CHECKPOINT_GAS);
    this.bank = limit - this.left;
    this.out = false;
    this.billed = 0;
    this.installed = false;
    return this;
  }

  /** The handler ended and nothing refers to this meter any more: the book may hand it to the next message. */
  release(): void {
    this.watcher = undefined;
    this.book.recycle(this);
  }

  /** Gas used so far (at most the limit). */
  get used(): number {
    return this.out ? this.limit : this.limit - this.left - this.bank;
  }

  /** Gas still available (the limit minus what was used). */
  get remaining(): number {
    return this.out ? 0 : Math.max(0, this.left) + this.bank;
  }

  /** Charges a runtime operation; throws {@link OutOfGas} when the limit is passed. */
  charge(n: number): void {
    this.left -= n;
    if (this.left < 0) this.exhausted();
  }

  exhausted(): void {
    if (!this.out) {
      while (this.left < 0 && this.bank > 0) {
        const refill = Math.min(this.bank, CHECKPOINT_GAS);
        this.bank -= refill;
        this.left += refill;
      }
      if (this.left >= 0) {
        this.watcher?.checkpoint();
        return;
      }
    }
    this.exhaust();
  }

  /** Ends the meter with {@link OutOfGas}: what must still be charged (the segment's state writes) passes what is left. */
  exhaust(): never {
    this.out = true;
    this.left = -1;
    this.bank = 0;
    throw new OutOfGas(this.limit);
  }

  /**
   * Makes the next charge reach the watcher, and so every later one while the watcher throws: the segment passed
   * a limit, and contract code that catches the signal must not run on (writing state, sending) until the next
   * checkpoint. The gas left is kept (moved back to the bank), so gas used stays what was charged.
   */
  stall(): void {
    if (this.out || this.left <= 0) return;
    this.bank += this.left;
    this.left = 0;
  }

  /** Uses up the whole limit (a backstop stopped the handler at a point that is not deterministic). */
  forfeit(): void {
    this.left = 0;
    this.bank = 0;
  }

  /** The segment starts: `__sprocketGas` charges this meter. */
  install(): void {
    this.installed = true;
    setGasMeter(this);
  }

  /**
   * The segment ended: its gas counts against the block; until the next segment, contract code charges the detached
   * meter (armed once per segment: a second call, a task's end after its segment already left, only bills).
   */
  uninstall(): void {
    if (this.installed) {
      this.installed = false;
      DETACHED.arm(this.limit);
    }
    const used = this.used;
    this.book.bill(used - this.billed);
    this.billed = used;
  }
}

/** Meters a book keeps for reuse. */
const SPARE_METERS = 16;

/** Gas limits and accounting of a system: defaults, the block's gas, gas used per message. */
export class GasBook {
  /** Gas used by the current block's segments. */
  blockUsed = 0;
  private blockHeight = 0;

  constructor(
    /** Gas a message may use when it gives no limit. */
    readonly defaultLimit: number,
    /** Gas one block may use. */
    readonly blockLimit: number,
  ) {
    checkGas(defaultLimit, 'gasLimit');
    checkGas(blockLimit, 'blockGasLimit');
  }

  /** Meters of ended handlers, handed out again (a burst of messages then allocates none). */
  private readonly spare: GasMeter[] = [];

  /** A meter for a message whose sender gave `limit` (0: the default). */
  meter(limit: number): GasMeter {
    const spare = this.spare.pop();
    const n = limit === 0 ? this.defaultLimit : limit;
    return spare === undefined ? new GasMeter(this, n) : spare.reset(n);
  }

  /** Takes back the meter of an ended handler (see {@link GasMeter.release}). */
  recycle(meter: GasMeter): void {
    if (this.spare.length < SPARE_METERS) this.spare.push(meter);
  }

  /** Counts `gas` against the current block. */
  bill(gas: number): void {
    this.blockUsed += gas;
  }

  /** The block's gas state, `[height, used]`, for snapshots. */
  get blockState(): [number, number] {
    return [this.blockHeight, this.blockUsed];
  }

  set blockState([height, used]: [number, number]) {
    this.blockHeight = height;
    this.blockUsed = used;
  }

  /** Starts the count of block `height` (before its first message, whose gas then counts against it). */
  startBlock(height: number): void {
    this.blockHeight = height;
    this.blockUsed = 0;
  }

  /** Whether block `height` has used its gas (the count restarts when the height changes). */
  blockFull(height: number): boolean {
    if (height !== this.blockHeight) {
      this.blockHeight = height;
      this.blockUsed = 0;
    }
    return this.blockUsed >= this.blockLimit;
  }
}

/**
 * Checks a gas limit option: a positive safe integer, or undefined (0 then stands for the default). `blockLimit`, for
 * a user's message: no more than a block may use, as a node's admission refuses more (BAD_GAS_LIMIT).
 */
export function gasLimitOf(limit: number | undefined, blockLimit?: number): number {
  if (limit === undefined) return 0;
  const n = checkGas(limit, 'gasLimit');
  if (blockLimit !== undefined && n > blockLimit) {
    throw new RuntimeError(
      'RUNTIME_BAD_OPTION',
      `gasLimit ${n} is above the block gas limit ${blockLimit} (blockGasLimit): no block could run the message, and a node refuses it (BAD_GAS_LIMIT)`,
    );
  }
  return n;
}

function checkGas(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what} must be a positive safe integer, got ${String(n)}`);
  }
  return n;
}
