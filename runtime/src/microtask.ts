// Node's queueMicrotask wraps every callback for async_hooks and costs ~3x a
// reaction on an already-resolved native promise; the runtime's hot path
// queues a few microtasks per message, so it uses the promise reaction.
const RESOLVED: Promise<void> = Promise.resolve();

/** Runs `fn` in a microtask. `fn` must not throw (its error would become an unhandled rejection). */
export function microtask(fn: () => void): void {
  void RESOLVED.then(fn);
}
