// Promises that contract code rejects and never handles. Node ends a process on an unhandled rejection, so one
// `Promise.reject()` in uploaded code (at load, or a forgotten `await` of a failing async helper) would bring the
// node down for every user, and again at every restart that replays the input. A rejection of a promise made in a
// contract's realm is that contract's own business: it changes no state and no reply, so it is dropped, the same
// on every run. A rejection of the host's own promises still ends the process as Node would.
import { types } from 'node:util';
import vm from 'node:vm';

/** `Promise.prototype` of every contract realm. */
const contractPrototypes = new WeakSet<object>();
let installed = false;

/** Whether `promise` was made in a contract realm (its prototype chain reaches a contract realm's Promise.prototype). */
function fromContract(promise: object): boolean {
  let proto: object | null = promise;
  // A contract may subclass Promise; a few steps cover that. A Proxy in the chain is not read (it would run contract code).
  for (let i = 0; i < 8 && proto !== null && !types.isProxy(proto); i++) {
    proto = Object.getPrototypeOf(proto) as object | null;
    if (proto !== null && contractPrototypes.has(proto)) return true;
  }
  return false;
}

function onUnhandledRejection(reason: unknown, promise: Promise<unknown>): void {
  if (fromContract(promise)) return;
  // Node's default for the host's own rejections: end the process (unless someone else listens and decides).
  if (process.listenerCount('unhandledRejection') === 1) throw reason;
}

/** Registers the realm of a contract's vm context, so that rejections its code leaves unhandled never end the process. */
export function guardContractRealm(context: vm.Context): void {
  contractPrototypes.add(vm.runInContext('Promise.prototype', context) as object);
  if (!installed) {
    installed = true;
    process.on('unhandledRejection', onUnhandledRejection);
  }
}
