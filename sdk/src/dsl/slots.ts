// Symbol-keyed slots keep the runtime's wiring off the user's namespace: a
// contract may name a field `ctx` or `emit` in its own state without clashes.

/** The slot on an actor instance where the runtime (or a test) installs the ActorContext. */
export const CONTEXT_SLOT: unique symbol = Symbol.for('sprocket.context');

/**
 * The key of an actor's phantom `Events` member: never set at run time, it lets TypeScript infer an actor class's
 * event map from outside (`T extends Actor<infer E>`), which the protected `emit` alone does not give.
 */
export const EVENTS_SLOT: unique symbol = Symbol.for('sprocket.events');
