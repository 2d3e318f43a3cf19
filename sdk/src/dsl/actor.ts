import { SdkError } from '../errors/sprocket-error.js';
import type { ActorContext } from './context.js';
import { CONTEXT_SLOT, type EVENTS_SLOT } from './slots.js';

/**
 * Event declarations of an actor: an interface from event name to payload type
 * (`void`/`null` = no fields). `object`, not an index signature, so that plain
 * interfaces qualify.
 */
export type EventMap = object;

/** The arguments of `emit` for one event: none for `void`/`null`/`undefined`, else the payload. */
// biome-ignore lint/suspicious/noConfusingVoidType: `void` is how users declare an event without fields.
export type EventArgs<P> = [P] extends [void | null | undefined] ? [] : [payload: P];

/**
 * The base class of every contract. `Events` types `emit`; the runtime
 * installs the context before each execution segment.
 */
export abstract class Actor<Events extends EventMap = Record<never, never>> {
  declare private readonly [CONTEXT_SLOT]: ActorContext | undefined;
  /** Types only (never set): what `ClientOf<X>` reads the payloads of `on(event)` from. */
  declare protected readonly [EVENTS_SLOT]?: Events;

  /** The message being handled and the chain around it; only valid inside a handler. */
  protected get ctx(): ActorContext {
    const context = this[CONTEXT_SLOT];
    if (context === undefined) throw noContext(this, 'this.ctx');
    return context;
  }

  /**
   * Publishes an event; subscribers see it only if the current segment commits. The payload may also be passed as
   * `Events[K]` itself: in a generic base class (`Actor<StoreEvents<T>>`) TypeScript cannot resolve `EventArgs<T>`,
   * and `this.emit('Put', x)` with `x: T` then type-checks without a cast.
   */
  protected emit<K extends keyof Events & string>(name: K, ...payload: EventArgs<Events[K]> | [payload: Events[K]]): void {
    const context = this[CONTEXT_SLOT];
    // Named here rather than left to `this.ctx`: the author wrote `this.emit`, and the event says which call it was.
    if (context === undefined) throw noContext(this, `this.emit(${JSON.stringify(String(name))})`);
    context.emitEvent(name, payload[0]);
  }
}

/** The error of a context operation outside a handler, naming the class (or saying it has no name) and the call. */
function noContext(self: object, what: string): SdkError {
  const owner = self.constructor.name === '' ? 'an actor of an anonymous class' : self.constructor.name;
  return new SdkError(
    'SDK_NO_CONTEXT',
    `${owner}: ${what} is only available while a handler runs (deploy the actor, or give it a mock context in a unit test)`,
  );
}
