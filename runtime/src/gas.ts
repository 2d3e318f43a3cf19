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

  /** Uses up the whole limit (a backstop stopped the handler at a point that is not deterministic). */
  forfeit(): void {
    this.left = 0;
    this.bank = 0;
  }

  /** The segment starts: `__sprocketGas` charges this meter. */
  install(): void {
    setGasMeter(this);
  }

  /** The segment ended: nothing is charged until the next one starts, and its gas counts against the block. */
  uninstall(): void {
    setGasMeter(undefined);
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

  /** Whether block `height` has used its gas (the count restarts when the height changes). */
  blockFull(height: number): boolean {
    if (height !== this.blockHeight) {
      this.blockHeight = height;
      this.blockUsed = 0;
    }
    return this.blockUsed >= this.blockLimit;
  }
}

/** Checks a gas limit option: a positive safe integer, or undefined (0 then stands for the default). */
export function gasLimitOf(limit: number | undefined): number {
  if (limit === undefined) return 0;
  return checkGas(limit, 'gasLimit');
}

function checkGas(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what} must be a positive safe integer, got ${String(n)}`);
  }
  return n;
}
