// Symbol-keyed slots keep the runtime's wiring off the user's namespace: a
// contract may name a field `ctx` or `emit` in its own state without clashes.

/** The slot on an actor instance where the runtime (or a test) installs the ActorContext. */
export const CONTEXT_SLOT: unique symbol = Symbol.for('sprocket.context');
