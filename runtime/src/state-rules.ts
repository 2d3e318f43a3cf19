import { types } from 'node:util';
import { ActorClient } from '@sprocket/sdk';
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

/** The typed-array classes whose plain instances are data in state (the node's checkpoint codec restores these). */
export const STATE_TYPED_ARRAYS = [
  Uint8Array,
  Uint8ClampedArray,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;

/** Prototypes, besides the four above and null, whose objects are data: a date, bytes, or another realm's plain ones. */
const dataProtos = new WeakMap<object, 'plain' | 'date' | 'bytes'>();
dataProtos.set(Date.prototype, 'date');
for (const typed of STATE_TYPED_ARRAYS) dataProtos.set(typed.prototype, 'bytes');
// The host's own Uint8Array subclass (no contract code in it): bytes a host API handed out stay bytes.
if (typeof Buffer === 'function') dataProtos.set(Buffer.prototype, 'bytes');

// Read through the built-in getter: a typed array's own `buffer` property must not decide what it views.
const typedBuffer = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'buffer')?.get as (
  this: unknown,
) => ArrayBufferLike;

/**
 * Lets the plain objects, arrays and Dates of another realm be state: a host that runs contract code in a vm context
 * of its own registers that context's `Object.prototype` and `Array.prototype` and the prototype of the `Date` it
 * gives the code. Kept weakly: a realm no longer used is not held.
 */
export function allowRealmData(realm: { readonly object: object; readonly array: object; readonly date?: object }): void {
  dataProtos.set(realm.object, 'plain');
  dataProtos.set(realm.array, 'plain');
  if (realm.date !== undefined) dataProtos.set(realm.date, 'date');
}

// A symbol has no stored form: its identity is of one process (a restart or another node makes a new one), the
// state root would see only its description, and a checkpoint cannot restore it.
const SYMBOL_VALUE = "a symbol (a symbol's identity does not survive a restart or a replay elsewhere; store its description string)";

/** Why a property keyed by a symbol cannot be state (after the refusal's subject, which names the key). */
export const SYMBOL_KEY_REASON =
  'state roots and checkpoints see only string keys, and a symbol does not survive a restart; use a string key';

/** Why a value cannot be stored in state, or undefined when it can. */
export function unstorable(value: unknown): string | undefined {
  // Objects, the common case here, pass one test; the primitive kinds are told apart only when it is not one.
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' ? 'a function' : typeof value === 'symbol' ? SYMBOL_VALUE : undefined;
  }
  // Before anything that would run its traps: every later walk over the state (snapshots, a node's state root,
  // outside any handler's gas) would run the contract's trap code.
  if (types.isProxy(value)) return 'a Proxy (its traps would run on every walk over the state, outside any handler)';
  if (!Object.isExtensible(value)) return 'a frozen, sealed or non-extensible object (its rollback could not write it back)';
  const proto = Object.getPrototypeOf(value);
  if (proto === objectProto || proto === arrayProto || proto === mapProto || proto === setProto || proto === null) return undefined;
  const kind = dataProtos.get(proto);
  if (kind === 'plain' || kind === 'date') return undefined;
  if (kind === 'bytes') {
    if (!types.isSharedArrayBuffer(typedBuffer.call(value))) return undefined;
    return 'a typed array over a SharedArrayBuffer (writes through another view would escape the journal; copy it into a new Uint8Array)';
  }
  return notData(value as object, proto as object);
}

/** Why an object whose prototype is none of the data prototypes is refused (only read when it is refused). */
function notData(value: object, proto: object): string {
  if (types.isBoxedPrimitive(value)) {
    const [what, made] = types.isNumberObject(value)
      ? ['number', 'new Number(1)']
      : types.isStringObject(value)
        ? ['string', "new String('x')"]
        : types.isBooleanObject(value)
          ? ['boolean', 'new Boolean(true)']
          : types.isBigIntObject(value)
            ? ['bigint', 'Object(1n)']
            : ['symbol', 'Object(Symbol())'];
    return `a boxed ${what} (an object like ${made}); store the ${what} itself`;
  }
  if (types.isPromise(value)) return 'a Promise';
  if (types.isWeakMap(value) || types.isWeakSet(value)) return 'a WeakMap or WeakSet (the journal cannot see inside it)';
  // Read without walking the prototype chain (a Proxy in it would run its traps): prototypes and built-in slots only.
  if (typeof WeakRef !== 'undefined' && proto === WeakRef.prototype) return 'a WeakRef';
  if (types.isArrayBuffer(value) || types.isDataView(value)) return 'an ArrayBuffer or DataView (use a Uint8Array)';
  if (types.isSharedArrayBuffer(value)) return 'a SharedArrayBuffer';
  if (types.isRegExp(value)) return 'a RegExp (store its source string)';
  if (types.isNativeError(value)) return 'an Error (store its message)';
  const name = className(proto);
  const base = types.isMap(value)
    ? 'Map'
    : types.isSet(value)
      ? 'Set'
      : types.isDate(value)
        ? 'Date'
        : types.isTypedArray(value)
          ? 'typed array'
          : undefined;
  if (base !== undefined) {
    return `an instance of ${name ?? 'a class'}, a subclass of ${base} (a class's methods are not data; store a plain ${base === 'typed array' ? 'Uint8Array' : base})`;
  }
  if (name === 'Object' || name === 'Array') {
    return `an ${name === 'Object' ? 'object' : 'array'} of another realm, which its host did not allow (allowRealmData)`;
  }
  if (isClientPrototype(proto)) {
    const client = name ?? 'the client';
    return `a client of another actor (${client}), bound to the context of one message: keep its address (an ActorId) in state and write ${client}.at(this.ctx, address) where you call it`;
  }
  if (name !== undefined) {
    return `an instance of class ${name} (a class's methods are not data: store its fields in a plain object, and keep the methods on the actor or in functions)`;
  }
  return 'an object whose prototype is neither Object.prototype nor null (made by Object.create(proto), or a built-in that is not data); store a plain object';
}

/** Whether `proto` is a generated client's prototype: `ActorClient.prototype` is on its chain (no Proxy in the walk). */
function isClientPrototype(proto: object): boolean {
  let current: object | null = proto;
  for (let hops = 0; current !== null && hops < 32; hops++) {
    if (types.isProxy(current)) return false;
    if (current === ActorClient.prototype) return true;
    current = Object.getPrototypeOf(current) as object | null;
  }
  return false;
}

/** The name of the class whose prototype `proto` is, read without running any code; undefined when it is no class's. */
function className(proto: object): string | undefined {
  if (types.isProxy(proto)) return undefined;
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor');
  if (ctor === undefined || !('value' in ctor) || typeof ctor.value !== 'function' || types.isProxy(ctor.value)) return undefined;
  const own = Object.getOwnPropertyDescriptor(ctor.value, 'prototype');
  if (own === undefined || own.value !== proto) return undefined;
  const name = Object.getOwnPropertyDescriptor(ctor.value, 'name');
  return name !== undefined && typeof name.value === 'string' && name.value !== '' ? name.value : '(anonymous)';
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

/** The error for a property of state keyed by a symbol (the runtime's own context slot is never refused with it). */
export function symbolKeyRefused(site: RefusalSite, key: symbol): RuntimeError {
  return stateRefused(site, key, `cannot be keyed by a symbol: ${SYMBOL_KEY_REASON}`);
}

/**
 * The error for a property of its own on a built-in of state that holds nothing else (`holder`, e.g. `a Date`): state
 * roots and checkpoints see only what it `holds` (its time, its entries), so the property would be lost on a restart.
 */
export function ownPropertyRefused(site: RefusalSite, key: PropertyKey, holder: string, holds: string, fix: string): RuntimeError {
  return stateRefused(site, key, `cannot be a property of ${holder} in state, which holds only its ${holds}; ${fix}`);
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
