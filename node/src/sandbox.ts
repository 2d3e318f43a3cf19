// Loads uploaded code: a CommonJS bundle evaluated in a fresh node:vm context whose `require` resolves only
// `@sprocket/sdk`, with no Node APIs and deterministic globals (docs/DESIGN.md §8 says how strong this is).
// The node meters the code itself: the stored bytes are gas-instrumented when they are loaded (docs/gas.md).
import vm from 'node:vm';
import { blake2b } from '@noble/hashes/blake2b';
import { GAS_HOOK_LOCAL, GAS_PER_STEP, instrumentBundle } from '@sprocket/compiler-plugin/gas';
import { allowRealmData, Code, runningSegment, Sfc32 } from '@sprocket/runtime';
import * as sdk from '@sprocket/sdk';
import { type CodeId, type GasMeterSlot, type GeneratedActor, getActorMetadata, toHex } from '@sprocket/sdk';
import { meteredBufferConstructor, meterRealmAllocations } from './allocation-gas.js';
import { guardContractRealm } from './contract-rejections.js';
import { installContractStacks } from './contract-stacks.js';
import { NodeError } from './errors.js';
import { codeEntries, hostEntries, type ProtoTable, protoTable } from './image-codec.js';
import { neutralDates, neutralLocale, pinTimeZone } from './machine-neutral.js';
import { guardRegExps } from './regexp-backtracking.js';
import { recordShared, restoreShared } from './shared-intrinsics.js';
import { WALL_CLOCK_MS } from './wall-clock-limit.js';

/** The block being executed, as contract code sees it: `Date.now()` and the seed of `Math.random`. */
export class BlockClock {
  /** Milliseconds since the epoch of the block being executed (from its log entry). */
  timestamp = 0;
  private generator = new Sfc32(new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]));

  /** Starts a block: sets the timestamp and reseeds the generator from the seed bytes. */
  enter(timestamp: number, seed: Uint8Array): void {
    this.timestamp = timestamp;
    this.generator = new Sfc32(seed);
  }

  /** The block's generator (used outside a message, e.g. while code loads): the runtime's sfc32. */
  random(): number {
    return this.generator.next();
  }
}

/** Uploaded code once loaded: its id, size and actor class. */
export interface LoadedCode {
  readonly codeId: CodeId;
  readonly size: number;
  /** Gas charge points the node inserted (function entries and loop bodies). */
  readonly chargePoints: number;
  readonly code: Code;
  readonly actor: string;
  readonly idl: string;
  /** The uploaded bytes (checkpoints carry them). */
  readonly bytes: Uint8Array;
  /** Names of the prototypes its state may use (for restorable checkpoints). */
  readonly protos: ProtoTable;
}

/** The CodeId of uploaded bytes: blake2b-256. */
export function codeIdOfBytes(bytes: Uint8Array): CodeId {
  return toHex(blake2b(bytes, { dkLen: 32 })) as CodeId;
}

// Globals handed to contract code from the host, so that objects it makes are the host's kind
// (the runtime's journal and codecs recognise host Maps, Sets, Dates and typed arrays).
const SHARED = [
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'ArrayBuffer',
  'DataView',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'TextEncoder',
  'TextDecoder',
] as const;

/** The host objects contract code is handed (SHARED), and the host's Date its block-time Date extends. */
function sharedGlobals(): Record<string, object> {
  const globals: Record<string, object> = { Date };
  for (const name of SHARED) globals[name] = (globalThis as unknown as Record<string, object>)[name] as object;
  return globals;
}

/**
 * Undoes what the code's top level changed in the host's shared built-ins and refuses the code if it changed
 * anything: a polyfill there would change them for the node and every other contract (shared-intrinsics.ts).
 */
function refuseSharedChanges(before: ReturnType<typeof recordShared>): void {
  const changes = restoreShared(before);
  if (changes.length === 0) return;
  const shown = changes.length > 5 ? `${changes.slice(0, 5).join('; ')}; and ${changes.length - 5} more` : changes.join('; ');
  const reason = `its top level changed built-ins it shares with the node and every other contract (${shown}); a polyfill or a library that configures a built-in (Error.stackTraceLimit, Set.prototype methods) cannot run on a node: leave it out of the bundle`;
  throw new NodeError('BAD_CODE', `uploaded code does not load: ${reason}`, { reason });
}

// Intrinsics that would make a run depend on the machine or on garbage collection.
const REMOVED = ['WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'WebAssembly', 'eval'] as const;

function blockDate(clock: BlockClock): DateConstructor {
  class BlockDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.timestamp);
      else super(...(args as [number]));
    }
    static override now(): number {
      return clock.timestamp;
    }
  }
  neutralDates(BlockDate);
  return BlockDate as unknown as DateConstructor;
}

const silentConsole = Object.freeze({ log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} });

/** The hook metered code calls: always one step, whatever it is passed (code cannot charge itself less). */
function chargeStep(): void {
  sdk.__sprocketGas(GAS_PER_STEP);
}

/** The slot the sdk's gas hook charges (sdk/src/gas/hook.ts keeps it on globalThis under this registered symbol). */
const METER_SLOT = Symbol.for('sprocket.gas-meter');

const HOOK_SOURCE = `(function (slot) { return function () { const m = slot.meter; if (m !== undefined && (m.left -= ${GAS_PER_STEP}) < 0) m.exhausted(); }; })`;

/**
 * The gas hook of one code's context: {@link chargeStep} compiled inside the context (a call into the host realm
 * costs more than the step it charges), charging the running segment's meter through the sdk's slot.
 */
function gasHookIn(context: vm.Context): () => void {
  const slot = (globalThis as Record<symbol, unknown>)[METER_SLOT];
  if (slot === undefined) throw new NodeError('INTERNAL', 'the sdk gas meter slot is missing');
  const factory = new vm.Script(HOOK_SOURCE, { filename: 'sprocket-gas-hook.js' }).runInContext(context) as (s: unknown) => () => void;
  return factory(slot);
}

/** The text of a value the top level threw; never throws (a Proxy, or a `message` getter or `toString` that throws or spins). */
function thrownText(error: unknown): string {
  try {
    if (error !== null && typeof error === 'object' && 'message' in error) {
      const message: unknown = error.message;
      if (typeof message === 'string') return message;
    }
    const text = String(error);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return `an unreadable thrown ${typeof error}`;
  }
}

/** Gas the top level of uploaded code may use when it is loaded (at upload, replay and checkpoint load alike). */
export const LOAD_GAS_LIMIT = 50_000_000;

/**
 * Runs a module's top level on a meter of its own (`limit` gas), so that a loop without end there is refused with
 * BAD_CODE, by gas and so the same at every replay, instead of stopping the node. Whatever meter was installed
 * before (a detached one, possibly used up) plays no part.
 */
function runMetered(load: () => void, limit: number): void {
  const slot = (globalThis as Record<symbol, { meter: GasMeterSlot | undefined } | undefined>)[METER_SLOT];
  if (slot === undefined) throw new NodeError('INTERNAL', 'the sdk gas meter slot is missing');
  const reason = `its top level used more than ${limit} gas when it was loaded (a loop without end?)`;
  const meter: GasMeterSlot = {
    left: limit,
    exhausted(): never {
      throw new NodeError('BAD_CODE', `uploaded code does not load: ${reason}`, { reason });
    },
  };
  slot.meter = meter;
  try {
    load();
  } finally {
    slot.meter = afterLoad(Math.min(limit, AFTER_LOAD_GAS));
  }
  // The code caught the signal and finished its top level all the same.
  if (meter.left < 0) meter.exhausted();
}

/** Gas a promise chain that the top level of uploaded code started may use after the top level ended. */
const AFTER_LOAD_GAS = 1_000_000;

/**
 * The meter left installed after a module's top level ran, until the next segment installs its own: a promise chain
 * the top level started and never ends is stopped once it used `budget`, instead of starving the node.
 */
function afterLoad(budget: number): GasMeterSlot {
  return {
    left: budget,
    exhausted(): never {
      this.left = -1;
      const reason = `uploaded code kept running after its top level ended (a promise chain it started when loaded) and used ${budget} gas; it is stopped`;
      throw new NodeError('BAD_CODE', reason, { reason });
    },
  };
}

/** The sdk as uploaded code sees it: its registrations captured, and no way to touch the gas meter. */
function sdkForCode(capture: (definition: GeneratedActor) => GeneratedActor): typeof sdk {
  const refuse = (): never => {
    throw new NodeError('BAD_CODE', 'uploaded code may not replace the gas meter', { reason: 'setGasMeter' });
  };
  return Object.freeze({
    ...sdk,
    registerGenerated: capture,
    registerInjected: capture,
    __sprocketGas: chargeStep,
    setGasMeter: refuse,
  }) as unknown as typeof sdk;
}

/**
 * Evaluates a bundle and returns its one actor class as runtime code under `codeId`.
 * Fails with BAD_CODE (a reason that says what is wrong) when the bytes are not such a bundle.
 */
export function loadCode(bytes: Uint8Array, clock: BlockClock, loadGas = LOAD_GAS_LIMIT): LoadedCode {
  const codeId = codeIdOfBytes(bytes);
  installContractStacks();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new NodeError('BAD_CODE', 'uploaded code is not UTF-8 text', { reason: 'not UTF-8' }, { cause: error });
  }
  const definitions = new Map<string, GeneratedActor>();
  const capture = (definition: GeneratedActor): GeneratedActor => {
    definitions.set(definition.name, definition);
    return definition;
  };
  let metered: string;
  let chargePoints: number;
  try {
    const result = instrumentBundle(`code-${codeId}.js`, text);
    metered = result.code;
    chargePoints = result.functions + result.loops;
  } catch (error) {
    const reason = (error as Error).message;
    throw new NodeError('BAD_CODE', `uploaded code cannot be metered: ${reason}`, { reason }, { cause: error });
  }
  const hostSdk = sdkForCode(capture);
  const context = vm.createContext(Object.create(null), {
    name: `code ${codeId.slice(0, 10)}`,
    codeGeneration: { strings: false, wasm: false },
  });
  guardContractRealm(context);
  guardRegExps(context, WALL_CLOCK_MS);
  pinTimeZone();
  neutralLocale(context);
  // After neutralLocale: it gives Array.prototype.toLocaleString a fixed locale, and the meter wraps that.
  meterRealmAllocations(context);
  const global = context as Record<string, unknown>;
  for (const name of SHARED) {
    const host = (globalThis as Record<string, unknown>)[name] as object;
    // Typed arrays and buffers are handed over metered: `new` with a length pays for its bytes (allocation-gas.ts).
    global[name] = name.endsWith('Array') || name === 'ArrayBuffer' ? meteredBufferConstructor(host) : host;
  }
  vm.runInContext(REMOVED.map((name) => `delete globalThis.${name};`).join(''), context);
  for (const name of REMOVED) if (vm.runInContext(`typeof ${name}`, context) !== 'undefined') global[name] = undefined;
  const dates = blockDate(clock);
  global.Date = dates;
  // The realm's own intrinsics, taken before its code runs (which may rebind the globals `Object`, `Array`, `Date`).
  const [object, array] = vm.runInContext('[Object.prototype, Array.prototype]', context) as [object, object];
  global.console = silentConsole;
  const math = vm.runInContext('Math', context) as { random: () => number };
  // Inside a handler: the message's own sequence, seeded as the test kit seeds it; outside (module load): the block's.
  math.random = () => runningSegment()?.random() ?? clock.random();
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): unknown => {
    if (name === '@sprocket/sdk') return hostSdk;
    throw new NodeError('BAD_CODE', `uploaded code may require only @sprocket/sdk, not ${JSON.stringify(name)}`, {
      reason: `require(${name})`,
    });
  };
  // The host objects the code can reach, recorded before its top level runs (see shared-intrinsics.ts).
  const sharedBefore = recordShared(sharedGlobals());
  try {
    // The gas hook is a closure variable of the module wrapper: code cannot name it (instrumentBundle refuses the
    // name), and a local binding is far cheaper to call than a global of a vm context.
    const script = new vm.Script(`(function (${GAS_HOOK_LOCAL}) { return function (exports, require, module) {${metered}\n}; })`, {
      filename: `code-${codeId}.js`,
    });
    const wrap = script.runInContext(context, { timeout: 5000 }) as (hook: () => void) => (e: unknown, r: unknown, m: unknown) => void;
    runMetered(() => wrap(gasHookIn(context))(module.exports, require, module), loadGas);
  } catch (error) {
    refuseSharedChanges(sharedBefore);
    if (error instanceof NodeError) throw error;
    const reason = `its top level threw: ${thrownText(error)}`;
    throw new NodeError('BAD_CODE', `uploaded code does not load: ${reason}`, { reason }, { cause: error });
  }
  refuseSharedChanges(sharedBefore);
  const actors: { name: string; cls: new () => object }[] = [];
  const exported = module.exports;
  if (exported !== null && (typeof exported === 'object' || typeof exported === 'function')) {
    for (const key of Object.keys(exported)) {
      const value = (exported as Record<string, unknown>)[key];
      if (typeof value !== 'function') continue;
      const meta = getActorMetadata(value as new () => object);
      if (meta !== undefined) actors.push({ name: meta.name, cls: value as new () => object });
    }
  }
  if (actors.length !== 1) {
    const reason =
      actors.length === 0
        ? 'module.exports holds no @actor class'
        : `module.exports holds ${actors.length} actor classes (${actors.map((a) => a.name).join(', ')}); a code holds exactly one: bundle an entry that exports only the actor to deploy`;
    throw new NodeError('BAD_CODE', `uploaded code: ${reason}`, { reason });
  }
  const { name, cls } = actors[0] as { name: string; cls: new () => object };
  const definition = definitions.get(name);
  if (definition === undefined) {
    const reason = `no generated definition of ${name} is in the bundle: include its *.gen.ts (sprocket gen) in the bundle`;
    throw new NodeError('BAD_CODE', `uploaded code: ${reason}`, { reason });
  }
  let code: Code;
  try {
    code = new Code(cls, definition, codeId);
  } catch (error) {
    throw new NodeError('BAD_CODE', `uploaded code: ${(error as Error).message}`, { reason: (error as Error).message }, { cause: error });
  }
  // The code's plain objects, arrays and block-time Dates are its realm's own: they are data in its actors' state.
  allowRealmData({ object, array, date: dates.prototype });
  const protos = protoTable([
    ...hostEntries(),
    ...codeEntries({ object, array, date: dates.prototype }, exported as Record<string, unknown>, cls.prototype),
  ]);
  return { codeId, size: bytes.length, chargePoints, code, actor: name, idl: definition.idl, bytes, protos };
}
