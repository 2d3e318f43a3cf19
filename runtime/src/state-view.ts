import { types } from 'node:util';
import { CONTEXT_SLOT } from '@sprocket/sdk';
import { guard, OP_PROP, type StateOwner } from './journal-entries.js';
import { SYMBOL_KEY_REASON } from './state-rules.js';
import { checkStoredValue } from './stored-value.js';

// The object handlers run with as `this` when the generator listed every field of the actor class: one accessor
// per declared field on an object whose prototype is the class's. A read hands out nested objects through the
// tracker's proxies, a write is journaled exactly as the general proxy's `set` trap does (journal.ts), and the
// context slot notes that the handler read `this.ctx`. Accessors are what V8 inlines; a proxy trap it never does,
// so a handler that reads and writes a counter field costs about a third of what it costs through the proxy.
// The object is not extensible and its fields are not configurable: a field the class never declared cannot be
// added, and `Object.defineProperty`, `delete` or `Object.setPrototypeOf` on `this` fail instead of escaping the
// journal. Everything else (nested objects, arrays, Maps, Sets) is the tracker's proxies, as before.

/** The tracker's part the accessors use (journal.ts's StateTracker). */
export interface ViewTracker {
  wrap(owner: StateOwner, value: object): object;
  unwrap<T>(value: T): T;
  readonly isTracked: (value: object) => boolean;
}

// What a view's accessors reach, held by the view itself (no object of their own: one per actor adds up).
const OWNER: unique symbol = Symbol('sprocket.stateView.owner');
const INSTANCE: unique symbol = Symbol('sprocket.stateView.instance');
const TRACKER: unique symbol = Symbol('sprocket.stateView.tracker');

/** A view as its accessors see it. */
interface View {
  readonly [OWNER]: StateOwner;
  readonly [INSTANCE]: Record<PropertyKey, unknown>;
  readonly [TRACKER]: ViewTracker;
}
const hasOwn = Object.prototype.hasOwnProperty;

/** The accessor descriptors of one class, shared by all its actors' views (so they share one object layout). */
const accessorsByPrototype = new WeakMap<object, PropertyDescriptorMap>();

function fieldAccessor(key: string): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: false,
    get(this: View): unknown {
      const value = this[INSTANCE][key];
      if (typeof value !== 'object' || value === null) return value;
      return this[TRACKER].wrap(this[OWNER], value);
    },
    set(this: View, value: unknown): void {
      const owner = this[OWNER];
      guard(owner);
      const tracker = this[TRACKER];
      const raw = tracker.unwrap(value);
      // Numbers, strings, bigints and booleans are data: only objects, functions and symbols are checked.
      if (typeof raw === 'object' || typeof raw === 'function' || typeof raw === 'symbol') {
        checkStoredValue(owner, key, raw, tracker.isTracked, owner);
      }
      const instance = this[INSTANCE];
      owner.journal.push(OP_PROP, instance, key, hasOwn.call(instance, key), instance[key]);
      instance[key] = raw;
    },
  };
}

const CONTEXT_ACCESSOR: PropertyDescriptor = {
  enumerable: false,
  configurable: false,
  get(this: View): unknown {
    this[OWNER].ctxRead = true;
    return this[INSTANCE][CONTEXT_SLOT];
  },
  set(this: View, value: unknown): void {
    this[INSTANCE][CONTEXT_SLOT] = value;
  },
};

function accessorsOf(prototype: object, fields: readonly string[]): PropertyDescriptorMap {
  let accessors = accessorsByPrototype.get(prototype);
  if (accessors === undefined) {
    accessors = {};
    for (const key of fields) accessors[key] = fieldAccessor(key);
    accessors[CONTEXT_SLOT as unknown as string] = CONTEXT_ACCESSOR;
    accessorsByPrototype.set(prototype, accessors);
  }
  return accessors;
}

/**
 * The state view of `instance` for the declared `fields`, or undefined when the instance holds a property the list
 * does not name (the caller then uses the general proxy).
 */
export function stateView(tracker: ViewTracker, owner: StateOwner, instance: object, fields: readonly string[]): object | undefined {
  const declared = new Set(fields);
  for (const key of Reflect.ownKeys(instance)) {
    if (key !== CONTEXT_SLOT && (typeof key !== 'string' || !declared.has(key))) return undefined;
  }
  const prototype = Object.getPrototypeOf(instance) as object | null;
  if (prototype === null) return undefined;
  const view = Object.create(prototype) as object;
  const hidden = { enumerable: false, configurable: false, writable: false } as const;
  Object.defineProperty(view, OWNER, { ...hidden, value: owner });
  Object.defineProperty(view, INSTANCE, { ...hidden, value: instance });
  Object.defineProperty(view, TRACKER, { ...hidden, value: tracker });
  Object.defineProperties(view, accessorsOf(prototype, fields));
  Object.preventExtensions(view);
  return view;
}

const NOT_EXTENSIBLE = /^Cannot add property (.+), object is not extensible$/;
const REDEFINE = /^Cannot redefine property: (.+)$/;
const DELETE = /^Cannot delete property '(.+)' of #<.+>$/;
const PROTOTYPE = /^#<.+> is not extensible$/;

/**
 * The reason for the engine's TypeError when a handler tried on `this` what its state view does not allow (adding an
 * undeclared field, redefining or deleting a field, changing the prototype): the engine names neither the actor nor
 * the fix. Undefined for any other error (the error's own text is then the reason).
 */
export function stateViewReason(error: unknown, fields: readonly string[] | undefined, handler: string): string | undefined {
  if (fields === undefined) return undefined;
  const message = engineTypeErrorMessage(error);
  if (message === undefined) return undefined;
  const added = NOT_EXTENSIBLE.exec(message)?.[1];
  if (added !== undefined) {
    if (fields.includes(added)) return undefined;
    // The engine names a symbol key as `Symbol(description)`: no declaration could make it a field.
    if (added.startsWith('Symbol(')) return `${handler}: field ${added}: cannot be keyed by a symbol: ${SYMBOL_KEY_REASON}`;
    // Any non-extensible object gives this error: the hint says when it applies.
    return `${message} (if that was \`this.${added} = …\`: a field of actor state must be declared in the class, \`${added}: T\`)`;
  }
  const redefined = REDEFINE.exec(message)?.[1];
  if (redefined !== undefined && fields.includes(redefined)) {
    return `${handler}: field ${JSON.stringify(redefined)} of actor state cannot be redefined (Object.defineProperty, a getter or setter): assign it`;
  }
  const deleted = DELETE.exec(message)?.[1];
  if (deleted !== undefined && fields.includes(deleted)) {
    return `${handler}: field ${JSON.stringify(deleted)} of actor state cannot be deleted: assign it a value instead`;
  }
  if (PROTOTYPE.test(message)) return `${message} (if that was \`this\`: the actor cannot change its prototype)`;
  return undefined;
}

/** The message of an error the engine threw (of any realm: uploaded code runs in its own), read without running any contract code (a thrown value may be hostile). */
function engineTypeErrorMessage(error: unknown): string | undefined {
  if (!types.isNativeError(error) || types.isProxy(error)) return undefined;
  const own = Object.getOwnPropertyDescriptor(error, 'message');
  return own !== undefined && typeof own.value === 'string' ? own.value : undefined;
}
