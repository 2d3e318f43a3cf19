// Proxies of actor state stand for the raw objects of state, and a proxy can end up stored inside state: a handler
// writes `{ referrer: this.members.get(id) }` (the Map hands out a proxy) into another entry. Live, the proxy and its
// object are one: writes through either reach the same object. Every walk that copies or encodes state must see them
// as one too, or a snapshot, a checkpoint or a state root would hold two copies of one shared object and a restored
// node would update one of them only. So those walks read through `rawState` first.

/** Every state proxy (and state view of an instance) made in this process, to the raw object it stands for: the one
 * record of it, which the journal unwraps with too. */
const targets = new WeakMap<object, object>();

/** Records that `proxy` stands for `target` (the journal, for each proxy or view it makes). */
export function registerStateProxy(proxy: object, target: object): void {
  targets.set(proxy, target);
}

/** The raw object of actor state a proxy or view stands for; any other value unchanged. */
export function rawState<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    const target = targets.get(value);
    if (target !== undefined) return target as T;
  }
  return value;
}

/** Whether `value` is a proxy or view of actor state. */
export function isStateProxy(value: object): boolean {
  return targets.has(value);
}
