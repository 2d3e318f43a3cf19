// Deterministic globals for contract code that runs in the test's own realm. While a segment runs,
// `Math.random` draws from the message's seeded generator, `Date.now()` and `new Date()` give the block
// timestamp, and clocks, randomness, weak references, timers and I/O throw RUNTIME_NONDETERMINISTIC naming
// the handler (the segment then fails with NONDETERMINISTIC_AWAIT, whatever the handler does with the error).
//
// The globals are swapped once when the runtime starts running segments and put back when it stops (the
// driver returns to its caller), not per segment: between segments the replacements hand every call to the
// host's own function, so the cost per segment is two field writes. The state lives on `globalThis` under a
// registered symbol, so two copies of this module (source and built) share one installation.
import { inspect, types } from 'node:util';
import { RuntimeError } from './errors.js';
import type { Halt } from './limits.js';

/** What the sandbox needs of the running segment (the runtime's Task). */
export interface SandboxSegment {
  /** `Class.method`, named in errors. */
  readonly handlerName: string;
  /** The block timestamp in milliseconds: `Date.now()` inside the segment. */
  readonly blockTimestamp: number;
  /** The next number of the message's seeded generator: `Math.random()` inside the segment. */
  random(): number;
  /** Records that the segment used a nondeterministic global: it fails at its end. */
  violate(reason: string): void;
  /** Fails the segment with `halt` (rolled back) and throws the signal; a handler that catches it cannot run on. */
  stop(halt: Halt): never;
  /** Whether `value` is the promise of a call this handler made through a generated client, its reply still to come. */
  isCallPromise(value: unknown): boolean;
}

/** The shared sandbox state: the running segment, and how to put the host's globals back. */
export interface SandboxHolder {
  /** The segment running now; undefined between segments. */
  segment: SandboxSegment | undefined;
  /** Puts the host's globals back; undefined while they are the host's. */
  restore: (() => void) | undefined;
  /** Whether a wall-clock watchdog bounds the code running now (a chunk or a handler entered under `limits.wallClockMs`). */
  watched: boolean;
}

const KEY = Symbol.for('sprocket.sandbox');

function holderOf(): SandboxHolder {
  const g = globalThis as { [KEY]?: SandboxHolder };
  let holder = g[KEY];
  if (holder === undefined) {
    holder = { segment: undefined, restore: undefined, watched: false };
    Object.defineProperty(globalThis, KEY, { value: holder, enumerable: false, configurable: false, writable: false });
  }
  return holder;
}

/** The sandbox state of this realm (the runtime sets `segment` around every segment). */
export const SANDBOX: SandboxHolder = holderOf();

/** The segment running now, if any (the node's vm contexts draw `Math.random` from it). */
export function runningSegment(): SandboxSegment | undefined {
  return SANDBOX.segment;
}

/** Whether a wall-clock watchdog bounds the code running now: a host hook that could run long needs none of its own then. */
export function underWatchdog(): boolean {
  return SANDBOX.watched;
}

/** Throws RUNTIME_NONDETERMINISTIC for `what`, naming the running handler, and marks its segment failed. */
export function refuseNondeterministic(what: string, instead: string): never {
  const segment = SANDBOX.segment;
  const message = `${segment?.handlerName ?? 'contract code'}: ${what} is not available in contract code, it would make two runs differ; ${instead}`;
  segment?.violate(message);
  throw new RuntimeError('RUNTIME_NONDETERMINISTIC', message);
}

const TIME = 'use this.ctx.blockTimestamp (Date.now() is the block timestamp)';
const RANDOM = 'use Math.random() (seeded from the message)';
const TIMER = 'a handler may wait only with this.ctx.sleep(blocks) or by awaiting calls to actors';
const WEAK = 'keep strong references; garbage collection is not deterministic';
const IO = 'contract code cannot do I/O; talk to other actors with messages';
// A generated client's call is a promise of its own (it decodes the reply): found among the handler's pending calls.
const RACE =
  'race runtime operations only with each other (this.ctx.call/query/deploy/sleep, calls through generated clients, promises already settled), never timers or promises still pending on something else';

/** Functions and constructors that always refuse, for a context where everything is contract code (the node's vm). */
export function refusingGlobals(): Record<string, unknown> {
  const fn = (what: string, instead: string) =>
    function refused(): never {
      refuseNondeterministic(what, instead);
    };
  return {
    setTimeout: fn('setTimeout()', TIMER),
    setInterval: fn('setInterval()', TIMER),
    setImmediate: fn('setImmediate()', TIMER),
    queueMicrotask: fn('queueMicrotask()', TIMER),
    fetch: fn('fetch()', IO),
    WeakRef: fn('new WeakRef()', WEAK),
    FinalizationRegistry: fn('new FinalizationRegistry()', WEAK),
    performance: Object.freeze({ now: fn('performance.now()', TIME) }),
    crypto: Object.freeze({ randomUUID: fn('crypto.randomUUID()', RANDOM), getRandomValues: fn('crypto.getRandomValues()', RANDOM) }),
  };
}

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The stubs made so far, per object and key, with the original each wraps and how it is swapped: swapping in
 * again reuses them. `plain`: the original is an own writable, configurable data property, swapped by assignment
 * (attributes unchanged) instead of redefining it, since the runtime swaps on every entry from the host.
 */
interface Stub {
  readonly original: unknown;
  readonly stub: unknown;
  readonly desc: PropertyDescriptor | undefined;
  readonly plain: boolean;
}
const STUBS = new WeakMap<object, Map<PropertyKey, Stub>>();

/** Replaces `target[key]` by `make(original)` and returns how to undo it (undefined when there is nothing to replace). */
function swap(target: object, key: PropertyKey, make: (original: AnyFn) => unknown): (() => void) | undefined {
  const t = target as Record<PropertyKey, unknown>;
  const original = t[key];
  if (typeof original !== 'function') return undefined;
  let stubs = STUBS.get(target);
  if (stubs === undefined) {
    stubs = new Map();
    STUBS.set(target, stubs);
  }
  let made = stubs.get(key);
  if (made?.original !== original) {
    // A new original (or the first swap): its property is read again.
    const desc = Object.getOwnPropertyDescriptor(target, key);
    if (desc !== undefined && !desc.configurable) return undefined;
    const plain = desc !== undefined && 'value' in desc && desc.writable === true;
    made = { original, stub: make(original as AnyFn), desc, plain };
    stubs.set(key, made);
  }
  const { stub, desc } = made;
  if (desc !== undefined && !desc.configurable) return undefined;
  // A property the host froze after it was first swapped refuses the assignment: it is left alone, as a
  // non-configurable one always is.
  if (made.plain) {
    if (!Reflect.set(target, key, stub)) return undefined;
    return () => {
      if (t[key] === stub) Reflect.set(target, key, original);
    };
  }
  Object.defineProperty(target, key, { value: stub, writable: true, configurable: true, enumerable: desc?.enumerable ?? false });
  return () => {
    if (t[key] !== stub) return;
    if (desc !== undefined) Object.defineProperty(target, key, desc);
    else delete t[key];
  };
}

function guardedFunction(what: string, instead: string): (original: AnyFn) => AnyFn {
  return (original) => {
    const stub = function (this: unknown, ...args: unknown[]): unknown {
      if (SANDBOX.segment !== undefined) refuseNondeterministic(what, instead);
      return Reflect.apply(original, this, args);
    };
    // util.promisify(setTimeout) and the like read symbol-keyed properties.
    for (const sym of Object.getOwnPropertySymbols(original)) {
      Object.defineProperty(stub, sym, Object.getOwnPropertyDescriptor(original, sym) as PropertyDescriptor);
    }
    return stub;
  };
}

function guardedConstructor(what: string, instead: string): (original: AnyFn) => unknown {
  return (original) => {
    const Original = original as unknown as new (...args: unknown[]) => object;
    function Guarded(this: unknown, ...args: unknown[]): object {
      if (SANDBOX.segment !== undefined) refuseNondeterministic(what, instead);
      return Reflect.construct(Original, args, new.target ?? Original);
    }
    Guarded.prototype = Original.prototype;
    return Guarded;
  };
}

function blockDate(original: AnyFn): unknown {
  const Original = original as unknown as DateConstructor;
  function SandboxDate(this: unknown, ...args: unknown[]): unknown {
    const segment = SANDBOX.segment;
    if (new.target === undefined) return segment === undefined ? Original() : new Original(segment.blockTimestamp).toString();
    const values = args.length === 0 && segment !== undefined ? [segment.blockTimestamp] : args;
    return Reflect.construct(Original, values, new.target === SandboxDate ? Original : new.target);
  }
  SandboxDate.prototype = Original.prototype;
  SandboxDate.now = (): number => {
    const segment = SANDBOX.segment;
    return segment === undefined ? Original.now() : segment.blockTimestamp;
  };
  SandboxDate.parse = Original.parse;
  SandboxDate.UTC = Original.UTC;
  return SandboxDate;
}

function seededRandom(original: AnyFn): AnyFn {
  return function random(this: unknown): unknown {
    const segment = SANDBOX.segment;
    return segment === undefined ? Reflect.apply(original, this, []) : segment.random();
  };
}

function isThenable(v: unknown): boolean {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

// How Node prints a pending promise (`Promise { <pending> }`, `Sub [Promise] { <pending> }`): the only synchronous way
// to read a native promise's state.
const PENDING = /^[^{]*\{\s*<pending>/;

/**
 * Whether `v` is a native promise that has already settled: racing it is deterministic, since it wins or loses in
 * microtask order whatever it came from (a call's `.then(f)` whose reply came, `Promise.resolve(x)`).
 */
function alreadySettled(v: unknown): boolean {
  if (!types.isPromise(v) || types.isProxy(v)) return false;
  return !PENDING.test(inspect(v, { depth: 0, customInspect: false, showHidden: false }));
}

function guardedRace(name: string): (original: AnyFn) => AnyFn {
  return (original) =>
    function race(this: unknown, values: unknown): unknown {
      const segment = SANDBOX.segment;
      if (segment === undefined || values === null || typeof values !== 'object') return Reflect.apply(original, this, [values]);
      const list = Array.from(values as Iterable<unknown>);
      let op = false;
      const others: unknown[] = [];
      for (const v of list) {
        if (Object.prototype.toString.call(v) === '[object RuntimeOp]') op = true;
        else if (isThenable(v)) others.push(v);
      }
      if (others.length === 0) return Reflect.apply(original, this, [list]);
      // A call's promise is found by a search, and a promise's state by printing it: neither is free, and both are
      // asked only of what a race holds besides runtime operations.
      const foreign = others.filter((v) => !segment.isCallPromise(v));
      if ((op || foreign.length < others.length) && foreign.some((v) => !alreadySettled(v))) {
        refuseNondeterministic(`Promise.${name} of a runtime operation and a foreign promise`, RACE);
      }
      return Reflect.apply(original, this, [list]);
    };
}

/** Swaps the realm's globals for the deterministic ones; returns how to put the host's back. */
function install(): () => void {
  const g = globalThis as Record<string, unknown>;
  const undo: ((() => void) | undefined)[] = [
    swap(Math, 'random', seededRandom),
    swap(globalThis, 'Date', blockDate),
    swap(Promise, 'race', guardedRace('race')),
    swap(Promise, 'any', guardedRace('any')),
    swap(globalThis, 'setTimeout', guardedFunction('setTimeout()', TIMER)),
    swap(globalThis, 'setInterval', guardedFunction('setInterval()', TIMER)),
    swap(globalThis, 'setImmediate', guardedFunction('setImmediate()', TIMER)),
    swap(globalThis, 'queueMicrotask', guardedFunction('queueMicrotask()', TIMER)),
    swap(globalThis, 'fetch', guardedFunction('fetch()', IO)),
    swap(globalThis, 'WeakRef', guardedConstructor('new WeakRef()', WEAK)),
    swap(globalThis, 'FinalizationRegistry', guardedConstructor('new FinalizationRegistry()', WEAK)),
  ];
  const perf = g.performance;
  if (perf !== null && typeof perf === 'object') undo.push(swap(perf, 'now', guardedFunction('performance.now()', TIME)));
  const crypto = g.crypto;
  if (crypto !== null && typeof crypto === 'object') {
    undo.push(swap(crypto, 'randomUUID', guardedFunction('crypto.randomUUID()', RANDOM)));
    undo.push(swap(crypto, 'getRandomValues', guardedFunction('crypto.getRandomValues()', RANDOM)));
  }
  return () => {
    for (let i = undo.length - 1; i >= 0; i--) undo[i]?.();
  };
}

/** Swaps in the deterministic globals (once; later calls do nothing until {@link restoreGlobals}). */
export function installSandbox(): void {
  if (SANDBOX.restore === undefined) SANDBOX.restore = install();
}

/** Puts the host's globals back, unless a segment is still running (another system's, in microtasks). */
export function restoreGlobals(): void {
  const restore = SANDBOX.restore;
  if (restore === undefined || SANDBOX.segment !== undefined) return;
  SANDBOX.restore = undefined;
  restore();
}
