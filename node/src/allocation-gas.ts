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

/**
 * Units for one property a built-in adds to an object that is not an array (`fill` on an array-like, `Object.assign`):
 * such an object keeps its elements in a dictionary, some 64 bytes each, not in an array's eight.
 */
export const PROPERTY_GAS = 8;

/** Charges the running segment for `units` of allocation (outside a segment the sdk hook does nothing). */
function charge(units: number): void {
  if (units >= 1) sdk.__sprocketGas(Math.ceil(units));
}

/** A non-negative integer from a primitive argument as the built-ins read it, or 0 when it is not a plain number. */
function count(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 0;
  return Math.floor(value);
}

/**
 * A relative index (`start`, `end` of `fill` and `slice`) as the built-in reads it, from a primitive without running
 * anything: `fallback` for `undefined`, and `bound` for what only the built-in can read (an object's `valueOf`, a
 * symbol or bigint it throws on), so that the estimate never understates the range.
 */
function relativeIndex(length: number, value: unknown, fallback: number, bound: number): number {
  if (value === undefined) return fallback;
  if (value === null || (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean')) return bound;
  const n = Number(value);
  if (Number.isNaN(n)) return 0;
  const t = Math.trunc(n);
  return t < 0 ? Math.max(length + t, 0) : Math.min(t, length);
}

/** Elements a relative index range of an array of `length` covers (start and end as `fill` and `slice` read them). */
function span(length: number, start: unknown, end: unknown): number {
  return Math.max(relativeIndex(length, end, length, length) - relativeIndex(length, start, 0, 0), 0);
}

/** The length of an array or string result, 0 for anything else. */
function sizeOf(result: unknown): number {
  if (typeof result === 'string') return result.length / ALLOCATION_BYTES_PER_GAS;
  if (Array.isArray(result)) return result.length;
  return 0;
}

/** Whether `value` is an Array of the realm or the host that is not a Proxy: its `length` is data, read without running code. */
function plainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && !types.isProxy(value);
}

/**
 * The length an array method called on `self` reads (`LengthOfArrayLike`): an array's or a typed array's own,
 * read without running code; for another object (a Proxy, a `length` getter or an object with `valueOf`) it is read
 * once more before the built-in reads it, as the built-in reads it (an error it throws is the one the built-in
 * would throw first). 0 for a primitive (a string's characters are read-only) and for what the built-in refuses.
 */
function arrayLikeLengthOf(self: unknown): number {
  if (plainArray(self)) return self.length;
  if (self === null || (typeof self !== 'object' && typeof self !== 'function')) return 0;
  if (types.isTypedArray(self)) return self.length;
  let value: unknown;
  if (!types.isProxy(self)) {
    const own = Object.getOwnPropertyDescriptor(self, 'length');
    if (own === undefined) {
      // Inherited: read through the chain as the built-in will.
      value = (self as { length?: unknown }).length;
    } else value = 'value' in own ? own.value : (self as { length?: unknown }).length;
  } else value = (self as { length?: unknown }).length;
  if (typeof value === 'symbol' || typeof value === 'bigint') return 0;
  const n = Number(value);
  if (Number.isNaN(n) || n <= 0) return 0;
  return Math.min(Math.trunc(n), Number.MAX_SAFE_INTEGER);
}

/** Characters of a `join` separator as the built-in makes it: a primitive's text (`,` when absent), 0 for a symbol. */
function separatorLength(separator: unknown): number {
  if (separator === undefined) return 1;
  if (typeof separator === 'string') return separator.length;
  if (typeof separator === 'symbol') return 0;
  return String(separator).length;
}

/** Deepest nesting `flat` is estimated through (deeper arrays are charged after, by the result). */
const FLAT_ESTIMATE_DEPTH = 32;

/** Elements above the last level the `flat` estimate walks at most: past that it charges more than any gas limit. */
const FLAT_ESTIMATE_WALK = 2 ** 24;

/**
 * Elements `flat(depth)` of `array` builds, counted as the built-in walks it (an index it does not have adds nothing,
 * a nested plain array adds its elements down to `depth`; at the last level an array adds its length, holes
 * included, without a walk), so that many references to one large array cannot be flattened into one huge array
 * before anything is charged. A walk longer than FLAT_ESTIMATE_WALK (references that double at each level, which
 * the built-in would walk for ages) stops there and charges 2 ** 53.
 */
function flattened(array: unknown[], depth: number): number {
  let walked = 0;
  const walk = (from: unknown[], level: number): number => {
    if (level === 0) return from.length;
    let n = 0;
    for (let i = 0; i < from.length; i++) {
      if (++walked > FLAT_ESTIMATE_WALK) return n;
      if (!(i in from)) continue;
      const element = from[i];
      n += plainArray(element) ? walk(element, level - 1) : 1;
    }
    return n;
  };
  const n = walk(array, depth);
  return walked > FLAT_ESTIMATE_WALK ? 2 ** 53 : n;
}

/** The depth `flat` reads from a primitive argument (1 when absent), or 0 (no estimate) for what only it can read. */
function flatDepth(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'string') return 0;
  const n = Math.trunc(Number(value));
  return Number.isNaN(n) ? 0 : Math.min(Math.max(n, 0), FLAT_ESTIMATE_DEPTH);
}

/** Where the wrappers' functions inherit from: the realm's `Function.prototype` (so `fill instanceof Function` holds there). */
let realmFunctionProto: object | null = null;

/**
 * Replaces `proto[key]` with a wrapper that charges `estimate(this, args)` units before the built-in runs and the rest
 * of what its result holds after (`topUp`: not for `fill`, whose result is the array it was called on); the wrapper
 * stays in place (not writable, not configurable), as the regexp guard does. `estimate` may replace an argument by
 * the primitive the built-in would make of it (a `join` separator), so that an object's `toString` runs only once.
 * `perElement`: units for each element of an array result (the strings `Object.keys` makes, the pairs of `entries`).
 */
function meterMethod(
  proto: Record<string, unknown>,
  key: string,
  estimate: (self: unknown, args: unknown[]) => number,
  topUp = true,
  perElement = 1,
): void {
  const original = proto[key] as Method;
  const metered = {
    [key](this: unknown, ...args: unknown[]): unknown {
      const before = estimate(this, args);
      charge(before);
      const result = Reflect.apply(original, this, args);
      if (topUp) charge(sizeOf(result) * perElement - before);
      return result;
    },
  }[key] as Method;
  Object.defineProperty(metered, 'length', { value: original.length });
  if (realmFunctionProto !== null) Object.setPrototypeOf(metered, realmFunctionProto);
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
 * their arguments choose, or copy one they are given, charge allocation gas: `Array.from` and the `Array.prototype`
 * methods that build (`fill`, `concat`, `join`, `toLocaleString`, `slice`, `splice`, `map`, `filter`, `flat`,
 * `flatMap`, `toReversed`, `toSorted`, `toSpliced`, `with`), the `String.prototype` methods that build (`repeat`,
 * `padStart`, `padEnd`, `concat`, `split`, `replace`, `replaceAll`, `toUpperCase`, `toLowerCase`, `normalize`),
 * `Object.keys`, `values`, `entries`, `getOwnPropertyNames` and `assign`, `JSON.stringify`, and `encodeURIComponent`,
 * `encodeURI` and `escape`.
 */
export function meterRealmAllocations(context: vm.Context): void {
  const [arrayCtor, arrayProto, stringProto, objectCtor, json, global, functionProto] = vm.runInContext(
    '[Array, Array.prototype, String.prototype, Object, JSON, globalThis, Function.prototype]',
    context,
  ) as [...Record<string, unknown>[], object] as [
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
    Record<string, unknown>,
    object,
  ];
  realmFunctionProto = functionProto;
  try {
    meterArrays(arrayCtor, arrayProto);
    meterStrings(stringProto);
    const none = (): number => 0;
    // keys and getOwnPropertyNames make a string of each index (some 32 bytes), entries a pair and a string (some 96).
    meterMethod(objectCtor, 'keys', none, true, 4);
    meterMethod(objectCtor, 'getOwnPropertyNames', none, true, 4);
    meterMethod(objectCtor, 'values', none);
    meterMethod(objectCtor, 'entries', none, true, 12);
    // assign copies the elements of an array, typed array or string source onto its target, one property each.
    meterMethod(
      objectCtor,
      'assign',
      (_self, args) => {
        let n = 0;
        for (let i = 1; i < args.length; i++) {
          const source = args[i];
          if (plainArray(source) || typeof source === 'string') n += source.length;
          else if (types.isTypedArray(source)) n += source.length;
        }
        return plainArray(args[0]) ? n : n * PROPERTY_GAS;
      },
      false,
    );
    meterMethod(json, 'stringify', none);
    for (const key of ['encodeURIComponent', 'encodeURI', 'escape']) meterMethod(global, key, none);
  } finally {
    realmFunctionProto = null;
  }
}

function meterArrays(arrayCtor: Record<string, unknown>, arrayProto: Record<string, unknown>): void {
  const none = (): number => 0;
  const lengthOf = (self: unknown): number => (plainArray(self) ? self.length : 0);
  // fill writes each index of what it is called on: a plain object with a huge length gets that many properties.
  meterMethod(
    arrayProto,
    'fill',
    (self, args) => {
      if (types.isTypedArray(self)) return 0;
      const filled = span(arrayLikeLengthOf(self), args[1], args[2]);
      return plainArray(self) ? filled : filled * PROPERTY_GAS;
    },
    false,
  );
  // The arrays it spreads, and one element for anything else (top-up settles a spreadable object).
  meterMethod(arrayProto, 'concat', (self, args) => {
    let n = plainArray(self) ? self.length : 1;
    for (const arg of args) n += plainArray(arg) ? arg.length : 1;
    return n;
  });
  // join and toLocaleString write a separator between every two elements, holes included (a = []; a.length = 2 ** 28).
  const joined = (self: unknown, separator: number): number =>
    (Math.max(arrayLikeLengthOf(self) - 1, 0) * separator) / ALLOCATION_BYTES_PER_GAS;
  meterMethod(arrayProto, 'join', (self, args) => {
    const separator = args[0];
    // An object separator becomes its text once, here, as the built-in would make it (for an array, at the same point).
    if (separator !== null && (typeof separator === 'object' || typeof separator === 'function')) args[0] = String(separator);
    return joined(self, separatorLength(args[0]));
  });
  meterMethod(arrayProto, 'toLocaleString', (self) => joined(self, 1));
  meterMethod(arrayProto, 'slice', (self, args) => (plainArray(self) ? span(self.length, args[0], args[1]) : 0));
  for (const key of ['map', 'toReversed', 'toSorted', 'with']) {
    if (typeof arrayProto[key] === 'function') meterMethod(arrayProto, key, lengthOf);
  }
  for (const key of ['splice', 'filter', 'toSpliced']) {
    if (typeof arrayProto[key] === 'function') meterMethod(arrayProto, key, none);
  }
  meterMethod(arrayProto, 'flat', (self, args) => (plainArray(self) ? flattened(self, flatDepth(args[0])) : 0));
  // flatMap: each array the callback returns is charged as it is returned, before the built-in copies it in.
  meterMethod(
    arrayProto,
    'flatMap',
    (_self, args) => {
      const callback = args[0];
      if (typeof callback === 'function') {
        args[0] = function (this: unknown, ...callArgs: unknown[]): unknown {
          const mapped = Reflect.apply(callback, this, callArgs);
          if (plainArray(mapped)) charge(mapped.length);
          return mapped;
        };
      }
      return 0;
    },
    false,
  );
  meterMethod(arrayCtor, 'from', (_self, args) => arrayLikeLength(args[0]));
}

function meterStrings(stringProto: Record<string, unknown>): void {
  const none = (): number => 0;
  const stringLength = (self: unknown): number => (typeof self === 'string' ? self.length : 0);
  meterMethod(stringProto, 'repeat', (self, args) => (stringLength(self) * count(args[0])) / ALLOCATION_BYTES_PER_GAS);
  const padding = (self: unknown, args: unknown[]): number => Math.max(count(args[0]) - stringLength(self), 0) / ALLOCATION_BYTES_PER_GAS;
  meterMethod(stringProto, 'padStart', padding);
  meterMethod(stringProto, 'padEnd', padding);
  meterMethod(stringProto, 'concat', none);
  // A copy, or an array of pieces, of a string it is given: charged for what it built.
  for (const key of ['split', 'replace', 'replaceAll', 'toUpperCase', 'toLowerCase', 'normalize']) meterMethod(stringProto, key, none);
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
