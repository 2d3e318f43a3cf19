import { RuntimeError } from './errors.js';
import { OP_MAP, OP_PROP, OP_SET } from './journal-entries.js';
import type { NestedField, ShapeNode } from './nested-shapes.js';
import { rawState } from './state-proxies.js';
import { inBounds, problem, ROLLED_BACK } from './state-ranges.js';

// The integers nested deeper in actor state (`config: { fee: u16 }`, `Map<ActorId, { balance: u128 }>`,
// `Map<K, [u128, u64]>`, `u32[][]`), range-checked when a segment commits. As for collections (collection-ranges.ts)
// a commit reads only the entries its journal names, never the whole state; but an in-place write
// (`this.accounts.get(id)!.balance -= 10n`) journals only the raw nested object it wrote, which says nothing of where
// it sits. So every object of a nested field's value is registered with its place (the shape of where it sits, and
// the place above it for messages) in a WeakMap: when a written value is checked (its objects are walked anyway),
// when the constructor's state is checked, and, for an instance first seen by this process (a checkpoint loaded, a
// snapshot reverted), by one walk of its nested fields at its first commit that wrote something. Objects enter state
// only through journaled writes, which the commit then walks, so every nested object of state stays registered.
// Aliasing: an object reachable from two places (state may move an object without copying it) has one entry, the
// place it was last written to; it is checked against that place's shape (the same one unless the two places
// declare different integer types). An object the segment wrote in place after removing it from state is still
// checked (its old place is remembered), which only ever fails the segment that wrote the out-of-range value.

/** How a place is reached from the one above it (for messages and for what passes as undefined). */
const FIELD = 0;
const MAP_VALUE = 1;
const MAP_KEY = 2;
const INDEX = 3;
const MEMBER = 4;
const SET_ITEM = 5;
const RECORD_VALUE = 6;

/** Where a registered object of nested state sits: its field, its shape, and the place above it with the step down. */
interface Place {
  readonly field: NestedField;
  readonly node: ShapeNode;
  readonly up: Place | undefined;
  readonly key: unknown;
  readonly via: number;
}

/** The place of each raw object of nested state (keys are the raw objects the journal names as targets). */
const places = new WeakMap<object, Place>();
/** The instances whose nested state this process has registered (walked once, or built by a constructor it checked). */
const registered = new WeakSet<object>();

const hasOwn = Object.prototype.hasOwnProperty;
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * The error for the first integer the segment left out of range inside a nested field of `instance`, or undefined.
 * `whole`: the constructor's state, checked in full. Otherwise only what `journal` says the segment wrote: a field
 * it replaced, read whole once, and each entry whose target is a registered object of nested state.
 * `handler.handlerName` is read only for an error; `consequence` ends its message.
 */
export function nestedRangeError(
  instance: object,
  fields: readonly NestedField[],
  journal: readonly unknown[],
  whole: boolean,
  handler: { readonly handlerName: string },
  consequence = ROLLED_BACK,
): RuntimeError | undefined {
  const state = instance as Record<string, unknown>;
  if (whole) {
    registered.add(instance);
    for (const f of fields) {
      const why = visit(state[f.name], f.root, f, undefined, f.name, FIELD, true);
      if (why !== undefined) return outOfRange(handler, f, why, consequence);
    }
    return undefined;
  }
  // Restored instances are registered when they are put in place (snapshot.ts); this covers any other way in.
  if (!registered.has(instance)) registerNestedState(instance, fields);
  let replaced: Set<NestedField> | undefined;
  for (let i = 0; i < journal.length; i += 5) {
    const op = journal[i];
    if (op !== OP_PROP && op !== OP_MAP && op !== OP_SET) continue;
    const target = journal[i + 1] as object;
    if (target === instance) {
      if (op !== OP_PROP) continue;
      const key = journal[i + 2];
      for (const f of fields) {
        if (f.name !== key || replaced?.has(f) === true) continue;
        replaced ??= new Set();
        replaced.add(f);
        // Holding what it held before the segment: its nested writes are in the journal.
        if (journal[i + 4] === state[f.name]) continue;
        const why = visit(state[f.name], f.root, f, undefined, f.name, FIELD, true);
        if (why !== undefined) return outOfRange(handler, f, why, consequence);
      }
      continue;
    }
    const place = places.get(target);
    if (place === undefined) continue;
    const why = entryProblem(op, target, journal[i + 2], place);
    if (why !== undefined) return outOfRange(handler, place.field, why, consequence);
  }
  return undefined;
}

/**
 * Registers the objects of an instance's nested fields with their places, checking nothing (what it held before is
 * not a segment's to check): for state this process did not build, a checkpoint loaded or a snapshot restored. Done
 * where the state is put in place, outside any handler's wall-clock chunk: a Map of 100,000 structs takes about half
 * a second.
 */
export function registerNestedState(instance: object, fields: readonly NestedField[]): void {
  registered.add(instance);
  const state = instance as Record<string, unknown>;
  for (const f of fields) visit(state[f.name], f.root, f, undefined, f.name, FIELD, false);
}

/** The error for one nested field: what it holds, where, and (`consequence`) what happens next. */
function outOfRange(handler: { readonly handlerName: string }, f: NestedField, why: string, consequence: string): RuntimeError {
  return new RuntimeError(
    'RUNTIME_STATE_OUT_OF_RANGE',
    `${handler.handlerName}: state field "${f.name}" (${f.declared}) ${why}; ${consequence}`,
  );
}

/** What is wrong with the element one journal entry wrote into the object at `place`, as it holds it now. */
function entryProblem(op: number, target: object, key: unknown, place: Place): string | undefined {
  const { node, field } = place;
  if (op === OP_MAP) {
    const map = target as Map<unknown, unknown>;
    if (node.kind !== 'map' || !map.has(key)) return undefined;
    const why = node.key === undefined ? undefined : visit(key, node.key, field, place, key, MAP_KEY, true);
    return why ?? (node.value === undefined ? undefined : visit(map.get(key), node.value, field, place, key, MAP_VALUE, true));
  }
  if (op === OP_SET) {
    if (node.kind !== 'set' || node.item === undefined || !(target as Set<unknown>).has(key)) return undefined;
    return visit(key, node.item, field, place, key, SET_ITEM, true);
  }
  // OP_PROP: an array or tuple index (the `length` is journaled too), a record key or an object member. A key
  // deleted since holds nothing to check.
  if (typeof key !== 'string' || !hasOwn.call(target, key)) return undefined;
  const value = (target as Record<string, unknown>)[key];
  switch (node.kind) {
    case 'array':
      return ARRAY_INDEX.test(key) && node.item !== undefined ? visit(value, node.item, field, place, Number(key), INDEX, true) : undefined;
    case 'tuple': {
      const item = ARRAY_INDEX.test(key) ? node.items?.[Number(key)] : undefined;
      return item === undefined ? undefined : visit(value, item, field, place, Number(key), INDEX, true);
    }
    case 'record':
      return node.item === undefined ? undefined : visit(value, node.item, field, place, key, RECORD_VALUE, true);
    case 'object': {
      const member = node.fields?.get(key);
      return member === undefined ? undefined : visit(value, member, field, place, key, MEMBER, true);
    }
    default:
      return undefined;
  }
}

/**
 * Registers every object of `value` with its place under `up` (reached by `key` and `via`), and when `check`, returns
 * what is wrong with the first integer in it out of range or the first part of the wrong kind. Without `check` it
 * only registers (walking through parts of the wrong kind). Undefined passes for a field or an object member (left
 * unset) and where the shape is optional, null where it is nullable. Depth-first in the data's order, with a stack of
 * its own rather than the call stack: a shape that refers to itself (`type List = { next: List | null }`) follows
 * data as deep as it goes, and at a container a back-reference names an object walked there before is not walked
 * again, so a walk ends on data that refers to itself and reads each object once per such container (shared data
 * stays linear).
 */
function visit(
  value: unknown,
  node: ShapeNode,
  field: NestedField,
  up: Place | undefined,
  key: unknown,
  via: number,
  check: boolean,
): string | undefined {
  const walk: Walk = { field, check, seen: undefined };
  const first = enter(walk, value, node, up, key, via);
  if (!(first instanceof Frame)) return first;
  const stack: Frame[] = [first];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (!frame.advance()) {
      stack.pop();
      continue;
    }
    const next = enter(walk, frame.value, frame.node as ShapeNode, frame.place, frame.key, frame.via);
    if (next instanceof Frame) stack.push(next);
    else if (next !== undefined) return next;
  }
  return undefined;
}

/** One walk of `visit`: its field, whether it checks, and the objects it walked at each container a back-reference names. */
interface Walk {
  readonly field: NestedField;
  readonly check: boolean;
  seen: Map<ShapeNode, Set<object>> | undefined;
}

/**
 * One value of a walk: what is wrong with it (a leaf out of range, a part of the wrong kind), or the frame that walks
 * the parts of the container it is (registered with its place), or undefined when there is nothing below it.
 */
function enter(walk: Walk, given: unknown, node: ShapeNode, up: Place | undefined, key: unknown, via: number): string | Frame | undefined {
  // A proxy of state stored in state (`{ referrer: this.members.get(id) }`) is placed as the object it stands for,
  // the object its in-place writes are journaled on.
  const value = rawState(given);
  if (value === undefined && (via === FIELD || via === MEMBER || node.optional)) return undefined;
  if (node.kind === 'int') {
    const b = node.bounds;
    if (!walk.check || b === undefined || inBounds(value, b)) return undefined;
    return problem(value, b, where(up, key, via));
  }
  if (value === null && node.nullable) return undefined;
  const expected = expectedKind(value, node);
  if (expected !== undefined) return walk.check ? `holds ${kindOf(value)}${where(up, key, via)}, not ${expected}` : undefined;
  const object = value as object;
  if (node.cycle !== undefined) {
    walk.seen ??= new Map();
    let seen = walk.seen.get(node.cycle);
    if (seen === undefined) {
      seen = new Set();
      walk.seen.set(node.cycle, seen);
    }
    if (seen.has(object)) return undefined;
    seen.add(object);
  }
  const place: Place = { field: walk.field, node, up, key, via };
  places.set(object, place);
  return new Frame(place, object);
}

/** The members of each object shape's fields, listed once rather than per object walked. */
const memberLists = new WeakMap<ReadonlyMap<string, ShapeNode>, readonly string[]>();

/** The names of the members an object shape lists. */
function memberNames(node: ShapeNode): readonly string[] {
  const fields = node.fields ?? new Map<string, ShapeNode>();
  let names = memberLists.get(fields);
  if (names === undefined) {
    names = [...fields.keys()];
    memberLists.set(fields, names);
  }
  return names;
}

/** A container being walked: a cursor over its parts, the current one in `value`, `node`, `key` and `via`. */
class Frame {
  value: unknown;
  node: ShapeNode | undefined;
  key: unknown;
  via = INDEX;
  /** The next index (an array, a tuple, an object's members, a record's keys). */
  private i = 0;
  private readonly names: readonly string[] | undefined;
  private readonly iterator: Iterator<unknown> | undefined;
  /** A Map entry whose value is still to walk after its key. */
  private pending = false;
  private entryKey: unknown;
  private entryValue: unknown;

  constructor(
    readonly place: Place,
    readonly object: object,
  ) {
    const kind = place.node.kind;
    this.names =
      kind === 'object' ? memberNames(place.node) : kind === 'record' ? Object.keys(object as Record<string, unknown>) : undefined;
    this.iterator =
      kind === 'set' ? (object as Set<unknown>).values() : kind === 'map' ? (object as Map<unknown, unknown>).entries() : undefined;
  }

  /** Moves to the next part to walk; false when there is none. */
  advance(): boolean {
    const shape = this.place.node;
    switch (shape.kind) {
      case 'object': {
        const names = this.names as readonly string[];
        if (this.i >= names.length) return false;
        const k = names[this.i++] as string;
        const o = this.object as Record<string, unknown>;
        return this.part(hasOwn.call(o, k) ? o[k] : undefined, shape.fields?.get(k), k, MEMBER);
      }
      case 'tuple': {
        const items = shape.items ?? [];
        const a = this.object as unknown[];
        while (this.i < items.length && items[this.i] === undefined) this.i++;
        if (this.i >= items.length) return false;
        const i = this.i++;
        return this.part(a[i], items[i], i, INDEX);
      }
      case 'array': {
        const a = this.object as unknown[];
        if (this.i >= a.length) return false;
        const i = this.i++;
        return this.part(a[i], shape.item, i, INDEX);
      }
      case 'record': {
        const names = this.names as readonly string[];
        if (this.i >= names.length) return false;
        const k = names[this.i++] as string;
        return this.part((this.object as Record<string, unknown>)[k], shape.item, k, RECORD_VALUE);
      }
      case 'set': {
        const next = (this.iterator as Iterator<unknown>).next();
        return next.done === true ? false : this.part(next.value, shape.item, next.value, SET_ITEM);
      }
      default:
        return this.mapPart(shape);
    }
  }

  /** The next part of a Map: an entry's key (when keys hold integers), then its value (when values do). */
  private mapPart(shape: ShapeNode): boolean {
    for (;;) {
      if (this.pending) {
        this.pending = false;
        if (shape.value !== undefined) return this.part(this.entryValue, shape.value, this.entryKey, MAP_VALUE);
      }
      const next = (this.iterator as Iterator<[unknown, unknown]>).next();
      if (next.done === true) return false;
      [this.entryKey, this.entryValue] = next.value;
      this.pending = true;
      if (shape.key !== undefined) return this.part(this.entryKey, shape.key, this.entryKey, MAP_KEY);
    }
  }

  /** Makes one part the current one. */
  private part(value: unknown, node: ShapeNode | undefined, key: unknown, via: number): boolean {
    this.value = value;
    this.node = node;
    this.key = key;
    this.via = via;
    return true;
  }
}

/** What a place of `node`'s kind must hold when `value` is not that (`an object`, `a Map`), or undefined. */
function expectedKind(value: unknown, node: ShapeNode): string | undefined {
  switch (node.kind) {
    case 'map':
      return value instanceof Map ? undefined : 'a Map';
    case 'set':
      return value instanceof Set ? undefined : 'a Set';
    case 'array':
    case 'tuple':
      return Array.isArray(value) ? undefined : node.kind === 'array' ? 'an array' : 'a tuple (an array)';
    default:
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set)) {
        return undefined;
      }
      return node.kind === 'record' ? 'an object of keys and values' : 'an object';
  }
}

/** Where a part sits, for messages: ` at accounts[0x01…].balance`, ` as a key of book[3]`, ` in the set tags[0]`. */
function where(up: Place | undefined, key: unknown, via: number): string {
  if (up === undefined) return '';
  if (via === MAP_KEY) return ` as a key of ${pathOf(up)}`;
  if (via === SET_ITEM) return ` in the set ${pathOf(up)}`;
  return ` at ${pathOf(up)}${step(key, via)}`;
}

/** Steps of a path shown at most: a place deep in a structure that refers to itself shows its last ones. */
const MAX_PATH_STEPS = 64;

/** The path of a place from its field (`accounts[0x01…].balances[2]`; `tree…[0].value` past MAX_PATH_STEPS steps). */
function pathOf(place: Place): string {
  const steps: string[] = [];
  let p: Place | undefined = place;
  // Up the chain without recursion: a list in state may be deeper than the call stack.
  for (; p?.up !== undefined; p = p.up) {
    if (steps.length === MAX_PATH_STEPS) return `${place.field.name}…${steps.reverse().join('')}`;
    steps.push(step(p.key, p.via));
  }
  return `${place.field.name}${steps.reverse().join('')}`;
}

/** One step of a path: `[0x01…]` (a Map or record key), `[2]` (an index), `.fee` (a member), `[an item]` (of a Set). */
function step(key: unknown, via: number): string {
  if (via === MEMBER) return `.${String(key)}`;
  if (via === SET_ITEM) return '[an item]';
  if (via === MAP_KEY) return '[a key]';
  return `[${shownKey(key)}]`;
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

/** `a Map`, `an array`, `a string`, `null`: what a value is, for messages. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'a Map';
  if (value instanceof Set) return 'a Set';
  const t = typeof value;
  return `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`;
}
