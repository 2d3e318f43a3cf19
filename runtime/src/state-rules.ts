import { types } from 'node:util';
import { RuntimeError } from './errors.js';

// What actor state may hold, checked at the journaling proxy (see docs/state.md): data the journal
// can see and undo. Anything else is refused where it is written, naming the field and the handler.

/** The part of a state owner that refusals need. */
export interface RefusalSite {
  /** `Program` name. */
  readonly label: string;
  /** `Class.method` of the running handler, when known. */
  readonly handler?: string;
}

const objectProto = Object.prototype;
const arrayProto = Array.prototype;
const mapProto = Map.prototype;
const setProto = Set.prototype;

/** Why a value cannot be stored in state, or undefined when it can. */
export function unstorable(value: unknown): string | undefined {
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return undefined;
  // Before anything that would run its traps: every later walk over the state (snapshots, a node's state root,
  // outside any handler's gas) would run the contract's trap code.
  if (types.isProxy(value)) return 'a Proxy (its traps would run on every walk over the state, outside any handler)';
  if (!Object.isExtensible(value)) return 'a frozen, sealed or non-extensible object (its rollback could not write it back)';
  const proto = Object.getPrototypeOf(value);
  if (proto === objectProto || proto === arrayProto || proto === mapProto || proto === setProto || proto === null) return undefined;
  if (value instanceof Promise) return 'a Promise';
  if (value instanceof WeakMap || value instanceof WeakSet) return 'a WeakMap or WeakSet (the journal cannot see inside it)';
  if (typeof WeakRef !== 'undefined' && value instanceof WeakRef) return 'a WeakRef';
  if (value instanceof ArrayBuffer || value instanceof DataView) return 'an ArrayBuffer or DataView (use a Uint8Array)';
  if (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) return 'a SharedArrayBuffer';
  if (ArrayBuffer.isView(value) && typeof SharedArrayBuffer !== 'undefined' && value.buffer instanceof SharedArrayBuffer)
    return 'a typed array over a SharedArrayBuffer (writes through another view would escape the journal; copy it into a new Uint8Array)';
  if (value instanceof RegExp) return 'a RegExp (store its source string)';
  if (value instanceof Error) return 'an Error (store its message)';
  return undefined;
}

/** The error for a refused operation on state. */
export function stateRefused(site: RefusalSite, field: PropertyKey | undefined, what: string): RuntimeError {
  const where = site.handler ?? site.label;
  const name = field === undefined ? '' : ` field ${typeof field === 'symbol' ? String(field) : JSON.stringify(field)}:`;
  return new RuntimeError(
    'RUNTIME_STATE_REFUSED',
    `${where}:${name} ${what}; actor state holds only data the rollback journal can undo (see docs/state.md)`,
  );
}

/** Throws for a property definition the journal cannot undo (accessors, non-writable or non-configurable). */
export function checkDescriptor(site: RefusalSite, field: PropertyKey, d: PropertyDescriptor, isNew: boolean): void {
  if ('get' in d || 'set' in d) throw stateRefused(site, field, 'cannot become a getter or setter');
  // A new property defaults to read-only and non-configurable: only an explicit writable, configurable one is data.
  const readOnly = isNew ? d.configurable !== true || d.writable !== true : d.configurable === false || d.writable === false;
  if (readOnly) {
    throw stateRefused(site, field, 'cannot be made read-only or non-configurable (Object.freeze, defineProperty)');
  }
}
