// Gas for the memory a built-in allocates in one call. Instrumented code pays one unit per function entry and loop
// iteration, so a built-in that builds a large value in one call (`new Array(n).fill(0)`, `'x'.repeat(n)`, a typed
// array of n elements) would cost a single step: a handful of them after an `await`, where no wall-clock backstop
// watches, could take the node's heap before any gas checkpoint came. In a contract's realm those built-ins charge
// for the bytes they build: the estimate from their arguments before they run (so the largest allocation a message
// can pay for is bounded by its gas limit), topped up to what they built after. A charge depends only on arguments
// and results, so gas stays deterministic. The test kit runs contracts in the test's realm and does not charge these.

import { types } from 'node:util';
import vm from 'node:vm';
import * as sdk from '@sprocket/sdk';

/** Bytes one unit of allocation gas pays for: an array element (a tagged pointer), eight characters, eight bytes. */
export const ALLOCATION_BYTES_PER_GAS = 8;

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Charges the running segment for `units` of allocation (outside a segment the sdk hook does nothing). */
function charge(units: number): void {
  if (units >= 1) sdk.__sprocketGas(Math.ceil(units));
}

/** A non-negative integer from a primitive argument as the built-ins read it, or 0 when it is not a plain number. */
function count(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 0;
  return Math.floor(value);
}

/** Elements a relative index range of an array of `length` covers (start and end as `fill` reads them). */
function span(length: number, start: unknown, end: unknown): number {
  const relative = (value: unknown, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || Number.isNaN(value)) return 0;
    const n = Math.trunc(value);
    return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
  };
  return Math.max(relative(end, length) - relative(start, 0), 0);
}

/** The length of an array or string result, 0 for anything else. */
function sizeOf(result: unknown): number {
  if (typeof result === 'string') return result.length / ALLOCATION_BYTES_PER_GAS;
  if (Array.isArray(result)) return result.length;
  return 0;
}

/**
 * Replaces `proto[key]` with a wrapper that charges `estimate(this, args)` units before the built-in runs and the rest
 * of what its result holds after (`topUp`: not for `fill`, whose result is the array it was called on); the wrapper stays in place (not writable, not configurable), as the regexp guard does.
 */
function meterMethod(
  proto: Record<string, unknown>,
  key: string,
  estimate: (self: unknown, args: unknown[]) => number,
  topUp = true,
): void {
  const original = proto[key] as Method;
  const metered = {
    [key](this: unknown, ...args: unknown[]): unknown {
      const before = estimate(this, args);
      charge(before);
      const result = Reflect.apply(original, this, args);
      if (topUp) charge(sizeOf(result) - before);
      return result;
    },
  }[key] as Method;
  Object.defineProperty(metered, 'length', { value: original.length });
  Object.defineProperty(proto, key, { value: metered, writable: false, configurable: false, enumerable: false });
}

/** Elements `Array.from(items)` builds from an array-like it can count without iterating it. */
function arrayLikeLength(items: unknown): number {
  if (items === null || typeof items !== 'object') return typeof items === 'string' ? items.length : 0;
  if (Array.isArray(items) || types.isProxy(items)) return 0;
  try {
    if (typeof (items as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') return 0;
    return count((items as { length?: unknown }).length);
  } catch {
    return 0;
  }
}

/**
 * Makes the built-ins of the vm `context` (a contract's realm, before its code runs) that build a value of a size
 * their arguments choose charge allocation gas: `Array.prototype.fill`, `concat` and `join`, `Array.from`, and
 * `String.prototype.repeat`, `padStart`, `padEnd` and `concat`.
 */
export function meterRealmAllocations(context: vm.Context): void {
  const [arrayCtor, arrayProto, stringProto] = vm.runInContext('[Array, Array.prototype, String.prototype]', context) as [
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
  ];
  const lengthOf = (self: unknown): number => {
    try {
      return count((self as { length?: unknown } | null)?.length);
    } catch {
      return 0;
    }
  };
  meterMethod(arrayProto, 'fill', (self, args) => (Array.isArray(self) ? span(lengthOf(self), args[1], args[2]) : 0), false);
  meterMethod(arrayProto, 'concat', () => 0);
  meterMethod(arrayProto, 'join', () => 0);
  meterMethod(arrayCtor, 'from', (_self, args) => arrayLikeLength(args[0]));
  const stringLength = (self: unknown): number => (typeof self === 'string' ? self.length : 0);
  meterMethod(stringProto, 'repeat', (self, args) => (stringLength(self) * count(args[0])) / ALLOCATION_BYTES_PER_GAS);
  const padding = (self: unknown, args: unknown[]): number => Math.max(count(args[0]) - stringLength(self), 0) / ALLOCATION_BYTES_PER_GAS;
  meterMethod(stringProto, 'padStart', padding);
  meterMethod(stringProto, 'padEnd', padding);
  meterMethod(stringProto, 'concat', () => 0);
}

type Constructor = new (...args: unknown[]) => object;

const meteredConstructors = new Map<object, Constructor>();

/**
 * The host's typed array or ArrayBuffer constructor `host` as contract code is handed it: the same constructor (its
 * objects are the host's kind, its statics and prototype the same), whose `new` with a length charges for the bytes
 * it allocates; a view over an existing buffer allocates nothing and costs nothing.
 */
export function meteredBufferConstructor<T extends object>(host: T): T {
  let metered = meteredConstructors.get(host);
  if (metered === undefined) {
    const elementBytes = (host as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    const made: Constructor = new Proxy(host as unknown as Constructor, {
      construct(target, args, newTarget) {
        const first = args[0];
        const before = (count(first) * elementBytes) / ALLOCATION_BYTES_PER_GAS;
        charge(before);
        const built = Reflect.construct(target, args, newTarget === made ? target : newTarget) as { byteLength?: number };
        if (!types.isAnyArrayBuffer(first)) charge((built.byteLength ?? 0) / ALLOCATION_BYTES_PER_GAS - before);
        return built;
      },
    });
    meteredConstructors.set(host, made);
    metered = made;
  }
  return metered as unknown as T;
}
