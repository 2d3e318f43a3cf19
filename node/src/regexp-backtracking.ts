// A regular expression whose backtracking explodes (`/(a+)+$/` against a long near-match) runs inside one builtin
// call: gas cannot see it, and after a handler's first `await` the wall-clock backstop's watchdog is not running,
// so it would hold the node's event loop for hours. Two defences:
//
// 1. V8 moves such a search to its linear-time engine once it has backtracked too often (a process-wide flag). The
//    answer is the same, only its cost is bounded, so every node computes it and none depends on its clock.
// 2. That engine cannot run every pattern: not backreferences or lookarounds, not the `i`, `u`, `v` or `d` flags,
//    not counted repetitions above a small bound (`a{1,20}`). V8 itself says which ones it can (a pattern compiled with its `l`
//    flag is refused otherwise), so the node asks it once per pattern. In a contract's realm every way into the
//    regexp engine (`exec`, `test`, the `Symbol.match`/`matchAll`/`replace`/`search`/`split` methods and the
//    `matchAll` iterator) is wrapped: a pattern the linear engine cannot run, searched while no watchdog bounds the
//    code (after an `await`, or at a code's top level), runs under a watchdog of its own. Past the limit the search is
//    terminated and the segment fails with WALL_CLOCK_EXCEEDED, as the backstop fails a handler; at a code's top level
//    the upload is refused. A watchdog costs tens of microseconds, so patterns the linear engine runs, and searches
//    the backstop already bounds, are called directly.
import { types } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { runningSegment, underWatchdog } from '@sprocket/runtime';
import { NodeError } from './errors.js';

let bounded = false;

/** Has V8 move a regular expression that backtracks excessively to its linear-time engine, and accept the `l` flag that asks whether it can (process-wide, once). */
export function boundRegExpBacktracking(): void {
  if (bounded) return;
  bounded = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  setFlagsFromString('--enable-experimental-regexp-engine');
}

/** Verdicts of {@link linearTime} by `flags/source`, cleared when full (patterns are few; a contract building them from input cannot grow it without bound). */
const verdicts = new Map<string, boolean>();
const VERDICTS_KEPT = 4096;

/** Whether V8's linear-time engine can run the pattern (so the excessive-backtracks fallback bounds its cost). */
export function linearTime(source: string, flags: string): boolean {
  if (flags.includes('l')) return true;
  boundRegExpBacktracking();
  const key = `${flags}/${source}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    try {
      new RegExp(source, `${flags}l`);
      verdict = true;
    } catch {
      verdict = false;
    }
    if (verdicts.size >= VERDICTS_KEPT) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** The regexp methods of a realm that reach its engine, as they were before contract code ran. */
const ENTRY_POINTS = ['exec', 'test', Symbol.match, Symbol.matchAll, Symbol.replace, Symbol.search, Symbol.split] as const;

/** The flag getters in the order of `RegExp.prototype.flags`; each reads the regexp's own slot, which code cannot fake. */
const FLAG_GETTERS = [
  ['hasIndices', 'd'],
  ['global', 'g'],
  ['ignoreCase', 'i'],
  ['multiline', 'm'],
  ['dotAll', 's'],
  ['unicode', 'u'],
  ['unicodeSets', 'v'],
  ['sticky', 'y'],
] as const;

function getterOf(proto: object, key: string): (() => unknown) | undefined {
  return Reflect.getOwnPropertyDescriptor(proto, key)?.get as (() => unknown) | undefined;
}

function isTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * Wraps every entry into the regexp engine of the vm `context` (a contract's realm, before its code runs): a pattern
 * V8 cannot run in linear time, searched while no watchdog bounds the code, runs under one of `ms` milliseconds.
 */
export function guardRegExps(context: vm.Context, ms: number): void {
  boundRegExpBacktracking();
  const proto = vm.runInContext('RegExp.prototype', context) as Record<PropertyKey, unknown>;
  const iteratorProto = vm.runInContext('Object.getPrototypeOf(/(?:)/[Symbol.matchAll](""))', context) as Record<string, unknown>;
  const sourceOf = getterOf(proto, 'source') as () => string;
  const flagGetters = FLAG_GETTERS.flatMap(([key, letter]) => {
    const get = getterOf(proto, key);
    return get === undefined ? [] : [[get, letter] as const];
  });
  // Per regexp object: whether its searches need a watchdog (`compile` changes the pattern, so it forgets the verdict).
  const guarded = new WeakMap<object, boolean>();
  const needsWatchdog = (re: unknown): boolean => {
    if (!types.isRegExp(re)) return false;
    let verdict = guarded.get(re);
    if (verdict === undefined) {
      let flags = '';
      for (const [get, letter] of flagGetters) if (Reflect.apply(get, re, []) === true) flags += letter;
      verdict = !linearTime(Reflect.apply(sourceOf, re, []), flags);
      guarded.set(re, verdict);
    }
    return verdict;
  };
  // The iterators of `matchAll` search lazily, on a copy its species made: each remembers the regexp it searches
  // for when that needs a watchdog, false when not.
  const iterators = new WeakMap<object, unknown>();

  let watching = false;
  let fn: Method | undefined;
  let self: unknown;
  let args: unknown[] = [];
  const watchdog = vm.createContext({ run: (): unknown => Reflect.apply(fn as Method, self, args) });
  const script = new vm.Script('run()', { filename: 'sprocket-regexp-watchdog.js' });
  const watched = (method: Method, re: unknown, callArgs: unknown[], shown: unknown = re): unknown => {
    fn = method;
    self = re;
    args = callArgs;
    watching = true;
    try {
      return script.runInContext(watchdog, { timeout: ms });
    } catch (error) {
      if (!isTimeout(error)) throw error;
      const pattern = types.isRegExp(shown) ? `/${Reflect.apply(sourceOf, shown, [])}/` : 'a regular expression';
      const reason = `${pattern} backtracked past the wall-clock limit of ${ms} ms and was stopped: V8 cannot run this pattern in linear time (backreferences, lookarounds, the i, u, v or d flags, large counted repetitions), and this input makes it backtrack without bound`;
      const segment = runningSegment();
      if (segment !== undefined) segment.stop({ code: 'WALL_CLOCK_EXCEEDED', reason: `${segment.handlerName}: ${reason}` });
      throw new NodeError('BAD_CODE', `uploaded code: ${reason}`, { reason }, { cause: error });
    } finally {
      watching = false;
      fn = undefined;
      self = undefined;
      args = [];
    }
  };
  const direct = (): boolean => watching || underWatchdog();
  const plain = (re: unknown): boolean => Reflect.getPrototypeOf(re as object) === proto;

  for (const key of ENTRY_POINTS) {
    const native = proto[key] as Method;
    const wrapper = {
      [key](this: unknown, ...callArgs: unknown[]): unknown {
        if (direct() || !needsWatchdog(this)) {
          const result = Reflect.apply(native, this, callArgs);
          if (key === Symbol.matchAll && result !== null && typeof result === 'object')
            iterators.set(result, needsWatchdog(this) || !plain(this));
          return result;
        }
        const result = watched(native, this, callArgs);
        if (key === Symbol.matchAll && result !== null && typeof result === 'object') iterators.set(result, true);
        return result;
      },
    }[key as string] as Method;
    Object.defineProperty(proto, key, { value: wrapper, writable: false, enumerable: false, configurable: false });
  }

  const nativeCompile = proto.compile as Method | undefined;
  if (typeof nativeCompile === 'function') {
    const compile = {
      compile(this: unknown, ...callArgs: unknown[]): unknown {
        if (types.isRegExp(this)) guarded.delete(this);
        return Reflect.apply(nativeCompile, this, callArgs);
      },
    }.compile;
    Object.defineProperty(proto, 'compile', { value: compile, writable: false, enumerable: false, configurable: false });
  }

  const nativeNext = iteratorProto.next as Method;
  const next = {
    next(this: unknown): unknown {
      // An iterator this realm's matchAll did not make (none can be) is searched under a watchdog too.
      const searched = iterators.get(this as object);
      if (direct() || searched === false) return Reflect.apply(nativeNext, this, []);
      return watched(nativeNext, this, [], searched);
    },
  }.next;
  Object.defineProperty(iteratorProto, 'next', { value: next, writable: false, enumerable: false, configurable: false });
}
