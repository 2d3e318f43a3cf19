import { types } from 'node:util';
import { RuntimeError } from './errors.js';

/** The largest u128: every balance, every value and the total supply stay at or below it. */
export const U128_MAX = (1n << 128n) - 1n;

/** A u128 value option (undefined means 0); throws RUNTIME_BAD_OPTION otherwise. */
export function checkValue(value: bigint | undefined, what: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value !== 'bigint' || value < 0n || value > U128_MAX) {
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what}: value must be a u128 bigint, got ${String(value)}`);
  }
  return value;
}

/** A deploy's salt: bytes or nothing; anything else (the CLI's `0x…` text, a number) is RUNTIME_BAD_OPTION. */
export function checkSalt(salt: unknown, what: string): Uint8Array | undefined {
  if (salt === undefined || salt instanceof Uint8Array) return salt;
  const shown = typeof salt === 'string' ? JSON.stringify(salt) : typeof salt === 'object' ? 'an object' : String(salt);
  throw new RuntimeError('RUNTIME_BAD_OPTION', `${what}: salt must be a Uint8Array (bytes, e.g. new Uint8Array([1])), got ${shown}`);
}

/** A well-formed ActorId: 0x and 64 lowercase hex digits. */
export const ACTOR_ID = /^0x[0-9a-f]{64}$/;

/** The target of a `ctx.transfer` (runtime and mocked context alike); throws RUNTIME_BAD_OPTION unless an ActorId. */
export function checkTransferTarget(to: unknown): void {
  if (typeof to === 'string' && ACTOR_ID.test(to)) return;
  // Value sent to a malformed id would sit at an address nobody can ever own.
  const shown = typeof to === 'string' ? JSON.stringify(to.length > 80 ? `${to.slice(0, 80)}…` : to) : typeof to;
  throw new RuntimeError('RUNTIME_BAD_OPTION', `transfer: to must be an ActorId (0x and 64 lowercase hex digits), got ${shown}`);
}

/** A whole number of blocks ≥ 0 (undefined means 0); throws RUNTIME_BAD_OPTION otherwise. */
export function checkBlocks(n: number | undefined, what: string): number {
  if (n === undefined) return 0;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what} must be a whole number of blocks ≥ 0, got ${n}`);
  return n;
}

/** A whole number (virtual milliseconds, say) of at least `min`; throws RUNTIME_BAD_OPTION otherwise. */
export function checkWhole(n: number, what: string, min: number): number {
  if (!Number.isSafeInteger(n) || n < min)
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what} must be a whole number ≥ ${min}, got ${String(n)}`);
  return n;
}

/** The seed of a system as text: a string or a finite number; throws RUNTIME_BAD_OPTION otherwise. */
export function checkSeed(seed: unknown): string {
  if (typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed))) return String(seed);
  const what = seed === null ? 'null' : typeof seed;
  throw new RuntimeError(
    'RUNTIME_BAD_OPTION',
    `seed must be a string or a finite number, got ${typeof seed === 'number' ? String(seed) : what}`,
  );
}

/**
 * A private copy of a message payload: the caller may reuse its buffer after
 * sending without changing the message. Throws RUNTIME_BAD_OPTION for anything but bytes.
 */
export function ownPayload(payload: Uint8Array, what: string): Uint8Array {
  if (!(payload instanceof Uint8Array)) {
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what}: the payload must be a Uint8Array, got ${typeof payload}`);
  }
  return payload.slice();
}

/** Longest reason carried by an error reply. */
const MAX_REASON = 4096;

/**
 * The text of a thrown value, for error replies. Never throws: a value whose
 * text cannot be read (`Object.create(null)`, a Proxy, a throwing `toString`
 * or `message` getter) is described instead.
 */
export function reasonOf(error: unknown): string {
  let text: string | undefined;
  try {
    // An Error of another realm (the engine's own TypeError in a node's sandboxed contract) is one too.
    if (error instanceof Error || types.isNativeError(error)) {
      const message: unknown = error.message;
      if (typeof message === 'string') text = withHint(error, message);
    }
  } catch {
    // Unreadable: fall through.
  }
  if (text === undefined) {
    try {
      const s: unknown = String(error);
      // A thrown plain object (`throw { code: 42 }`) reads as its JSON, not `[object Object]`.
      if (typeof s === 'string') text = s === '[object Object]' ? (jsonOf(error) ?? s) : s;
    } catch {
      text = `an unreadable thrown ${typeof error} (its message and toString could not be read)`;
    }
  }
  const out = text ?? 'an unreadable thrown value';
  return out.length > MAX_REASON ? `${out.slice(0, MAX_REASON)}… (${out.length} characters)` : out;
}

/** Most values of a thrown object written out as JSON: a larger one reads as `[object Object]`. */
const MAX_REASON_VALUES = 256;

/** The JSON text of a small thrown object (bigints as decimal strings), undefined when it has none. */
function jsonOf(value: unknown): string | undefined {
  let budget = MAX_REASON_VALUES;
  try {
    const json: unknown = JSON.stringify(value, (_key, v: unknown) => {
      if (--budget < 0) throw new RangeError('too large');
      return typeof v === 'bigint' ? v.toString() : v;
    });
    return typeof json === 'string' ? json : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `value` is an instance of `cls`, false for values that refuse to say (hostile Proxies). */
export function isInstance<T>(value: unknown, cls: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof cls;
  } catch {
    return false;
  }
}

/** Adds the fix to the messages of mistakes the journaling proxy causes. */
function withHint(error: Error, message: string): string {
  if (error.name === 'TypeError' && /private (member|field|method)/i.test(message)) {
    return `${message} — handlers run on a journaling view of the actor, so #private members cannot be used in actor classes; use a TypeScript \`private\` field (see docs/state.md)`;
  }
  if (error.name === 'DataCloneError') {
    return `${message} — actor state is seen through a journaling proxy that structuredClone cannot copy; copy it by hand (e.g. new Map(this.map), [...this.list], { ...this.obj }) (see docs/state.md)`;
  }
  return message;
}
