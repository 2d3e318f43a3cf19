import { CONTEXT_SLOT } from '@sprocket/sdk';
import { deepClone } from './deep-clone.js';
import { stateRefused, symbolKeyRefused } from './state-rules.js';
import { checkStoredValue } from './stored-value.js';

// A class constructor runs on an object the journal cannot see: its `this` is the raw instance, and a constructor
// can keep it (`registry.push(this)`) or an arrow-function field can capture it (`bump = () => { this.n++ }`).
// Writes through such a reference would skip the journal and survive a rollback. So the actor's state is a deep
// copy of what the constructor built, and the built object is poisoned: every field read or write through it
// fails with RUNTIME_STATE_REFUSED and a hint, instead of silently reaching (or missing) the state.

/** No object of a state being built is state yet: all of it is checked. */
const nothingYet = (): boolean => false;

/**
 * Throws RUNTIME_STATE_REFUSED, naming the field and `where`, when a field of an actor instance not yet journaled
 * holds (or nests) a value a handler could not store, or is keyed by a symbol (the runtime's context slot aside).
 * Functions held by a field directly (arrow-function fields) pass.
 */
export function checkInitialState(instance: object, actorName: string, where: string): void {
  const site = { label: actorName, handler: where };
  for (const key of Reflect.ownKeys(instance)) {
    if (key === CONTEXT_SLOT) continue;
    if (typeof key === 'symbol') throw symbolKeyRefused(site, key);
    const value = Reflect.getOwnPropertyDescriptor(instance, key)?.value;
    if (typeof value === 'object' || typeof value === 'symbol') checkStoredValue(site, key, value, nothingYet);
  }
}

/**
 * The actor state for an instance its class constructor just built: a deep copy (same prototype, fields copied, so
 * no module-level value is shared either); `built` itself is left unusable for contract code. The fields are checked
 * as a handler's writes are (RUNTIME_STATE_REFUSED naming the field, so the deploy fails with INIT_FAILED): a class
 * instance or an ArrayBuffer in a field initialiser is refused at deploy, not found later. An arrow-function field
 * stays allowed (it fails when used).
 */
export function detachInstance(built: object, actorName: string): object {
  // Checked before the copy: the copy would lose what makes a value refused (a Map subclass copies as a Map).
  checkInitialState(built, actorName, `${actorName} constructor`);
  const state = deepClone(built);
  const site = { label: actorName };
  for (const key of [...Reflect.ownKeys(built), CONTEXT_SLOT]) {
    const refuse = (): never => {
      throw stateRefused(
        site,
        key === CONTEXT_SLOT ? 'ctx' : key,
        'was reached through the object its class constructor saw (an arrow-function field, or a `this` the constructor kept), which is not the actor state; reach state through `this` in a method (turn the arrow-function field into a method)',
      );
    };
    Object.defineProperty(built, key, { get: refuse, set: refuse, enumerable: false, configurable: false });
  }
  Object.preventExtensions(built);
  return state;
}
