// The host's built-ins that uploaded code can reach. Contract code gets the host's Map, Set, typed arrays, Error
// classes and text codecs (sandbox.ts, SHARED), so a bundled polyfill that installs `Set.prototype.union`, or a library
// that sets `Error.stackTraceLimit` at its top level, changes them for the node itself and for every other contract.
// Worse, what another contract then sees depends on which codes were loaded before it: a node restarted from a
// checkpoint loads only some of them, and would compute other results than the node that ran the chain from genesis.
//
// So every object reachable from those globals is recorded before the code's top level runs, and compared after it:
// a change is undone and the upload refused, naming what changed. The same bytes are refused the same way on every
// node and at every replay. Changes made later, from inside a handler, are not watched (that would cost a walk per
// message); DESIGN §8.2 says what the sandbox does not stop.

/** One object's own shape: its property descriptors by key, its prototype and whether it is extensible. */
interface ObjectShape {
  readonly target: object;
  readonly name: string;
  readonly keys: readonly PropertyKey[];
  readonly descriptors: ReadonlyMap<PropertyKey, PropertyDescriptor>;
  readonly proto: object | null;
  readonly extensible: boolean;
}

/** The recorded shapes of every host object contract code can reach from the globals it shares. */
export interface SharedShapes {
  readonly shapes: readonly ObjectShape[];
}

function shapeOf(target: object, name: string): ObjectShape {
  const keys = Reflect.ownKeys(target);
  const descriptors = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of keys) descriptors.set(key, Reflect.getOwnPropertyDescriptor(target, key) as PropertyDescriptor);
  return { target, name, keys, descriptors, proto: Reflect.getPrototypeOf(target), extensible: Reflect.isExtensible(target) };
}

const TypedArray = Reflect.getPrototypeOf(Uint8Array) as object;

/** Names of the shared objects no global names (reached through a prototype chain). */
const INTRINSIC_NAMES = new Map<object, string>([
  [Object.prototype, 'Object.prototype'],
  [Function.prototype, 'Function.prototype'],
  [TypedArray, '%TypedArray%'],
  [(TypedArray as { prototype: object }).prototype, '%TypedArray%.prototype'],
]);

/** Records the shapes of `globals` (by name), their prototypes and constructors, up to and including Object.prototype. */
export function recordShared(globals: Readonly<Record<string, object>>): SharedShapes {
  const seen = new Set<object>();
  const shapes: ObjectShape[] = [];
  const visit = (start: object, name: string): void => {
    let current: object | null = start;
    let label = name;
    while (current !== null && !seen.has(current)) {
      seen.add(current);
      shapes.push(shapeOf(current, label));
      current = Reflect.getPrototypeOf(current);
      if (current !== null) label = INTRINSIC_NAMES.get(current) ?? `the prototype of ${label}`;
    }
  };
  for (const [name, value] of Object.entries(globals)) {
    visit(value, name);
    const prototype = (value as { prototype?: unknown }).prototype;
    if (typeof prototype === 'object' && prototype !== null) visit(prototype, `${name}.prototype`);
  }
  return { shapes };
}

function keyText(key: PropertyKey): string {
  return typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : String(key);
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return (
    a.value === b.value &&
    a.get === b.get &&
    a.set === b.set &&
    a.writable === b.writable &&
    a.enumerable === b.enumerable &&
    a.configurable === b.configurable
  );
}

/**
 * Compares the objects with their recorded shapes and puts back what changed: added properties are deleted, changed
 * or deleted ones redefined, a changed prototype reset. Returns what changed, e.g. `Set.prototype.union was added`
 * (empty when nothing did). What cannot be put back (a property made non-configurable, an object frozen) is named too.
 */
export function restoreShared(recorded: SharedShapes): string[] {
  const changes: string[] = [];
  for (const shape of recorded.shapes) {
    const { target, name } = shape;
    const now = new Set(Reflect.ownKeys(target));
    for (const key of now) {
      if (shape.descriptors.has(key)) continue;
      changes.push(`${name}.${keyText(key)} was added`);
      if (!Reflect.deleteProperty(target, key)) changes.push(`${name}.${keyText(key)} could not be removed again`);
    }
    for (const key of shape.keys) {
      const before = shape.descriptors.get(key) as PropertyDescriptor;
      const after = Reflect.getOwnPropertyDescriptor(target, key);
      if (after !== undefined && sameDescriptor(before, after)) continue;
      changes.push(`${name}.${keyText(key)} was ${after === undefined ? 'deleted' : 'changed'}`);
      if (!Reflect.defineProperty(target, key, before)) changes.push(`${name}.${keyText(key)} could not be put back`);
    }
    if (Reflect.getPrototypeOf(target) !== shape.proto) {
      changes.push(`the prototype of ${name} was changed`);
      if (!Reflect.setPrototypeOf(target, shape.proto)) changes.push(`the prototype of ${name} could not be put back`);
    }
    // An object made non-extensible (Object.freeze, preventExtensions) stays so: the host must be restarted.
    if (shape.extensible && !Reflect.isExtensible(target)) changes.push(`${name} was made non-extensible (this cannot be undone)`);
  }
  return changes;
}
