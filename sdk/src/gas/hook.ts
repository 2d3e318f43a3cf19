// The host hook instrumented contract code calls: `__sprocketGas(n)` charges the running segment's gas meter.
// The slot lives on `globalThis` under a registered symbol, so every copy of this module (source and built,
// loaded by a test and by the runtime) charges the same meter.

/** The meter of the running segment, installed by the runtime while a segment runs. */
export interface GasMeterSlot {
  /** Gas the segment may still use; the hook subtracts from it. */
  left: number;
  /** Called when `left` went below zero: throws the out-of-gas signal, or refills `left` at a checkpoint. */
  exhausted(): void;
}

interface GasHolder {
  meter: GasMeterSlot | undefined;
}

const KEY = Symbol.for('sprocket.gas-meter');

function holderOf(): GasHolder {
  const g = globalThis as { [KEY]?: GasHolder };
  let holder = g[KEY];
  if (holder === undefined) {
    holder = { meter: undefined };
    Object.defineProperty(globalThis, KEY, { value: holder, enumerable: false, configurable: false, writable: false });
  }
  return holder;
}

const holder = holderOf();

/**
 * Charges `n` units of gas to the running segment (inserted by the gas instrumentation at function
 * entries and loop back-edges). Outside a segment it does nothing. Throws the runtime's out-of-gas
 * signal when the segment's limit is used up.
 */
export function __sprocketGas(n: number): void {
  const meter = holder.meter;
  if (meter === undefined) return;
  meter.left -= n;
  if (meter.left < 0) meter.exhausted();
}

/** Installs (or, with undefined, removes) the meter `__sprocketGas` charges; used by the runtime around each segment. */
export function setGasMeter(meter: GasMeterSlot | undefined): void {
  holder.meter = meter;
}
