import type { GeneratedStateField, StateElement } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';
import { OP_MAP, OP_PROP, OP_SET } from './journal-entries.js';
import { nestedRangeError } from './nested-ranges.js';
import type { NestedField } from './nested-shapes.js';
import {
  type IntegerBounds,
  inBounds,
  integerBounds,
  problem,
  type RangedField,
  ROLLED_BACK,
  rangeError,
  writtenRangeError,
} from './state-ranges.js';

// The integers inside the collection fields of actor state (`Map<ActorId, u128>`, `u8[]`, `Set<u32>`,
// `Record<string, u64>`), range-checked when a segment commits. A Map may hold 100,000 holders, so a commit does
// not walk it: the segment's journal names every entry it wrote (journal-entries.ts: op, target, key, had, old),
// with the raw collection as the target (the instance holds raw objects, proxies write to what they wrap), so only
// the entries whose target is the collection a listed field holds now are read again. A field the segment
// replaced (`this.scores = [...]`, an OP_PROP entry on the instance) and every field after the constructor are
// checked whole, once.

/** A collection field of actor state with the bounds of its integer elements. */
export interface RangedCollection {
  readonly name: string;
  /** The field's type as the source declares it, for messages. */
  readonly declared: string;
  /** The kind of collection the field holds: its elements are read the way it stores them. */
  readonly kind: 'array' | 'set' | 'map' | 'record';
  /** The bounds of a Map's keys, when they are integers. */
  readonly key: IntegerBounds | undefined;
  /** The bounds of the items, Map values or record values, when they are integers. */
  readonly item: IntegerBounds | undefined;
}

const KIND: Readonly<Record<StateElement, RangedCollection['kind']>> = {
  'array-item': 'array',
  'set-item': 'set',
  'map-key': 'map',
  'map-value': 'map',
  'record-value': 'record',
};

/** The collection fields a generated definition lists (one per field, its key and item entries merged). */
export function rangedCollections(fields: readonly GeneratedStateField[] | undefined): readonly RangedCollection[] {
  if (fields === undefined) return [];
  const byName = new Map<string, RangedCollection>();
  for (const f of fields) {
    if (f.element === undefined) continue;
    const had = byName.get(f.name);
    const bounds = integerBounds(f.type);
    const kind = KIND[f.element];
    byName.set(f.name, {
      name: f.name,
      declared: f.declared ?? f.name,
      kind,
      key: f.element === 'map-key' ? bounds : had?.key,
      item: f.element === 'map-key' ? had?.item : bounds,
    });
  }
  return [...byName.values()];
}

/** What {@link segmentRangeError} reads of an actor: its listed fields, its instance and its segment's journal. */
export interface RangedActor {
  readonly code: {
    readonly rangedFields: readonly RangedField[];
    readonly rangedCollections: readonly RangedCollection[];
    readonly nestedFields: readonly NestedField[];
  };
  readonly instance: object | undefined;
  readonly journal: readonly unknown[];
}

/**
 * The error for an integer of state the ending segment left out of range, or undefined: the integer fields it
 * wrote, then what it wrote into collection fields, then into nested fields (nested-ranges.ts). `constructed`: the
 * segment is the first of init, which also commits what the constructor built without the journal, so its fields
 * and collections are read whole. `consequence` ends an error's message. Nothing to do, and no cost past three length checks, for an actor without listed
 * fields.
 */
export function segmentRangeError(
  actor: RangedActor,
  constructed: boolean,
  handler: { readonly handlerName: string },
  consequence = ROLLED_BACK,
): RuntimeError | undefined {
  const { rangedFields: fields, rangedCollections: collections, nestedFields: nested } = actor.code;
  if ((fields.length === 0 && collections.length === 0 && nested.length === 0) || actor.instance === undefined) return undefined;
  if (actor.journal.length === 0 && !constructed) return undefined;
  const { instance, journal } = actor;
  let error: RuntimeError | undefined;
  if (fields.length !== 0) {
    error = constructed
      ? rangeError(instance, fields, handler, consequence)
      : writtenRangeError(instance, fields, journal, handler, consequence);
  }
  if (error === undefined && collections.length !== 0) {
    error = collectionRangeError(instance, collections, journal, constructed, handler, consequence);
  }
  if (error !== undefined || nested.length === 0) return error;
  return nestedRangeError(instance, nested, journal, constructed, handler, consequence);
}

const hasOwn = Object.prototype.hasOwnProperty;
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * The error for the first integer the segment left out of range in a collection field of `instance`, or undefined.
 * `whole` checks every element of every field (after the constructor); otherwise only what `journal` says the
 * segment wrote, and whole any field it replaced. `handler.handlerName` is read only for an error;
 * `consequence` ends its message.
 */
export function collectionRangeError(
  instance: object,
  fields: readonly RangedCollection[],
  journal: readonly unknown[],
  whole: boolean,
  handler: { readonly handlerName: string },
  consequence = ROLLED_BACK,
): RuntimeError | undefined {
  const state = instance as Record<string, unknown>;
  if (whole) {
    for (const f of fields) {
      const why = wholeProblem(state[f.name], f);
      if (why !== undefined) return outOfRange(handler, f, why, consequence);
    }
    return undefined;
  }
  // Fields the segment assigned (their first entry, the oldest, holds what they held before it), and those of them
  // checked whole (replaced), marked lazily: most segments assign none.
  let assigned: Set<RangedCollection> | undefined;
  let done: Set<RangedCollection> | undefined;
  for (let i = 0; i < journal.length; i += 5) {
    const target = journal[i + 1];
    const op = journal[i];
    if (target === instance) {
      if (op !== OP_PROP) continue;
      const key = journal[i + 2];
      for (const f of fields) {
        if (f.name !== key || assigned?.has(f) === true) continue;
        assigned ??= new Set();
        assigned.add(f);
        // Holding what it held before the segment (`this.m = this.m`, or replaced and put back): its element writes
        // are in the journal, and what it held before is not the segment's to check.
        if (journal[i + 4] === state[f.name]) continue;
        done ??= new Set();
        done.add(f);
        const why = wholeProblem(state[f.name], f);
        if (why !== undefined) return outOfRange(handler, f, why, consequence);
      }
      continue;
    }
    if (op !== OP_PROP && op !== OP_MAP && op !== OP_SET) continue;
    for (const f of fields) {
      if (state[f.name] !== target || done?.has(f) === true) continue;
      const why = entryProblem(op as number, target as object, journal[i + 2], f);
      if (why !== undefined) return outOfRange(handler, f, why, consequence);
    }
  }
  return undefined;
}

/** The error for one collection field: what it holds, where, and (`consequence`) what happens next. */
function outOfRange(handler: { readonly handlerName: string }, f: RangedCollection, why: string, consequence: string): RuntimeError {
  return new RuntimeError(
    'RUNTIME_STATE_OUT_OF_RANGE',
    `${handler.handlerName}: state field "${f.name}" (${f.declared}) ${why}; ${consequence}`,
  );
}

/** What is wrong with the element one journal entry wrote, as the collection holds it now (a later delete passes). */
function entryProblem(op: number, target: object, key: unknown, f: RangedCollection): string | undefined {
  if (op === OP_MAP) {
    const map = target as Map<unknown, unknown>;
    if (!map.has(key)) return undefined;
    if (f.key !== undefined && !inBounds(key, f.key)) return problem(key, f.key, ' as a key');
    const value = map.get(key);
    if (f.item !== undefined && !inBounds(value, f.item)) return problem(value, f.item, ` at key ${shownKey(key)}`);
    return undefined;
  }
  if (op === OP_SET) {
    if (f.item === undefined || !(target as Set<unknown>).has(key) || inBounds(key, f.item)) return undefined;
    return problem(key, f.item, ' in the set');
  }
  // OP_PROP: an array index (its `length` is journaled too) or a record key.
  if (f.item === undefined || typeof key !== 'string' || !hasOwn.call(target, key)) return undefined;
  const array = Array.isArray(target);
  if (array && !ARRAY_INDEX.test(key)) return undefined;
  const value = (target as Record<string, unknown>)[key];
  if (inBounds(value, f.item)) return undefined;
  return problem(value, f.item, array ? ` at index ${key}` : ` at key ${shownKey(key)}`);
}

/** What is wrong with the collection a field holds, element by element (a field left unset or null passes). */
function wholeProblem(value: unknown, f: RangedCollection): string | undefined {
  if (value === undefined || value === null) return undefined;
  const { key, item } = f;
  switch (f.kind) {
    case 'map':
      if (!(value instanceof Map)) return `holds ${kindOf(value)}, not a Map`;
      for (const [k, v] of value) {
        if (key !== undefined && !inBounds(k, key)) return problem(k, key, ' as a key');
        if (item !== undefined && !inBounds(v, item)) return problem(v, item, ` at key ${shownKey(k)}`);
      }
      return undefined;
    case 'set':
      if (!(value instanceof Set)) return `holds ${kindOf(value)}, not a Set`;
      if (item === undefined) return undefined;
      for (const v of value) if (!inBounds(v, item)) return problem(v, item, ' in the set');
      return undefined;
    case 'array':
      if (!Array.isArray(value)) return `holds ${kindOf(value)}, not an array`;
      if (item === undefined) return undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (!inBounds(v, item)) return problem(v, item, ` at index ${i}`);
      }
      return undefined;
    case 'record': {
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof Map || value instanceof Set) {
        return `holds ${kindOf(value)}, not an object of keys and values`;
      }
      if (item === undefined) return undefined;
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record)) if (!inBounds(record[k], item)) return problem(record[k], item, ` at key ${shownKey(k)}`);
      return undefined;
    }
  }
}

/** How a key reads in a message: an id or a number as it is, another string quoted, a long one cut. */
function shownKey(key: unknown): string {
  if (typeof key === 'bigint') return `${key}n`;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  if (typeof key === 'string') {
    const text = /^0x[0-9a-fA-F]*$/.test(key) ? key : JSON.stringify(key);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  }
  return kindOf(key);
}

/** `a Map`, `an array`, `a string`: what a value is, for messages. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'a Map';
  if (value instanceof Set) return 'a Set';
  const t = typeof value;
  return `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`;
}
