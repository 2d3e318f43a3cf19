// Checked reading of JSON-RPC params: every failure is INVALID_PARAMS naming the param (`data.path`).
import type { ActorId } from '@sprocket/sdk';
import { NodeError } from '../errors.js';

/**
 * A param value as an error message shows it: a primitive as JSON, at most 80 characters; an array or object by its
 * kind only (a client may send one nested 100,000 levels deep, which JSON.stringify cannot write).
 */
export function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** The params object of a request (absent params read as `{}`). */
export type Params = Readonly<Record<string, unknown>>;

const U128_MAX = (1n << 128n) - 1n;

function bad(path: string, message: string): NodeError {
  return new NodeError('INVALID_PARAMS', `${path}: ${message}`, { path });
}

/** The params as an object; a method without params accepts none, `[]` or `{}`. */
export function paramsOf(raw: unknown): Params {
  if (raw === undefined || raw === null) return {};
  if (Array.isArray(raw)) {
    if (raw.length === 0) return {};
    if (raw.length === 1 && raw[0] !== null && typeof raw[0] === 'object' && !Array.isArray(raw[0])) return raw[0] as Params;
    throw bad('params', 'expected an object of named params (or an array holding one)');
  }
  if (typeof raw !== 'object') throw bad('params', 'expected an object of named params');
  return raw as Params;
}

/**
 * Refuses a param `p` holds whose name is not in `takes` (INVALID_PARAMS, `data.path` the name): a misspelt optional
 * param (`ofset`) would otherwise read as absent. `what` names the method in the message.
 */
export function onlyParams(p: Params, takes: readonly string[], what: string): void {
  for (const name of Object.keys(p)) {
    if (takes.includes(name)) continue;
    const path = name.length > 80 ? name.slice(0, 80) : name;
    throw new NodeError(
      'INVALID_PARAMS',
      `params: unknown param ${shown(path)} for ${what} (${takes.length === 0 ? 'it takes none' : `it takes: ${takes.join(', ')}`})`,
      { path },
    );
  }
}

/** A required 0x hex param as bytes (`length`: exact byte count, `max`: upper bound). */
export function hexParam(p: Params, name: string, opts: { length?: number; max?: number; optional?: boolean } = {}): Uint8Array {
  const v = p[name];
  if (v === undefined && opts.optional) return new Uint8Array(0);
  if (typeof v !== 'string') throw bad(name, `expected 0x hex, got ${v === undefined ? 'nothing' : typeof v}`);
  const invalid = (): NodeError => bad(name, 'invalid hex: expected 0x followed by an even number of hex digits');
  if (!v.startsWith('0x') || v.length % 2 !== 0) throw invalid();
  const n = (v.length - 2) / 2;
  if (opts.length !== undefined && n !== opts.length) {
    if (!/^0x[0-9a-fA-F]*$/.test(v)) throw invalid();
    throw bad(name, `expected ${opts.length} bytes, got ${n}`);
  }
  if (opts.max !== undefined && n > opts.max) throw bad(name, `at most ${opts.max} bytes, got ${n}`);
  // Buffer's hex decoder stops at the first pair that is not hex: a shorter result means invalid input.
  const decoded = Buffer.from(v.slice(2), 'hex');
  if (decoded.length !== n) throw invalid();
  return new Uint8Array(decoded);
}

/** A required 32-byte address param, lower-cased. */
export function addressParam(p: Params, name: string): ActorId {
  hexParam(p, name, { length: 32 });
  return (p[name] as string).toLowerCase() as ActorId;
}

/** An optional address param. */
export function optionalAddress(p: Params, name: string): ActorId | undefined {
  return p[name] === undefined ? undefined : addressParam(p, name);
}

/** A whole-number param in [min, max]. */
export function intParam(p: Params, name: string, min: number, max: number, fallback?: number): number {
  const v = p[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(name, `expected a whole number, got ${shown(v)}`);
  if (v < min || v > max) throw bad(name, `out of range: ${v} is not within ${min}..${max}`);
  return v;
}

/** A u128 param written as a decimal string (or a safe integer). */
export function u128Param(p: Params, name: string, fallback?: bigint): bigint {
  const v = p[name];
  if (v === undefined && fallback !== undefined) return fallback;
  let n: bigint;
  if (typeof v === 'string' && /^[0-9]{1,39}$/.test(v)) n = BigInt(v);
  else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) n = BigInt(v);
  else throw bad(name, `expected a u128 as a decimal string, got ${shown(v)}`);
  if (n > U128_MAX) throw bad(name, 'out of range: above u128');
  return n;
}

/** A required string param from a fixed set. */
export function enumParam<T extends string>(p: Params, name: string, values: readonly T[]): T {
  const v = p[name];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw bad(name, `expected one of ${values.join(', ')}`);
  return v as T;
}

/** A required string param. */
export function stringParam(p: Params, name: string, max = 256): string {
  const v = p[name];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw bad(name, `expected a string of 1..${max} characters`);
  return v;
}
