import { readHeader, ScaleReader } from '@sprocket/sdk';
import type { ActorRecord } from './actor-record.js';
import { HANDLE, INIT, QUERY } from './message.js';
import type { Task } from './task.js';

// A handler that returns while one of its own calls is still unsent (made in its last segment, so it
// cannot have been awaited) dropped a call promise: `const r = Peer.checked(50)` instead of
// `await Peer.checked(50)`. Its reply would be dropped unseen. Fire-and-forget goes through `send`.

/** Actors by address and address labels (the system's Accounts), for naming the dropped call. */
export interface UnawaitedNames {
  readonly actors: ReadonlyMap<string, ActorRecord>;
  label(address: string): string;
}

/** `Service.Function` of a request to `dest`, when its header names one of the callee's entries. */
function routeOf(names: UnawaitedNames, dest: string, payload: Uint8Array): string | undefined {
  try {
    const header = readHeader(new ScaleReader(payload));
    return names.actors.get(dest)?.code.entry(header.route, header.entryId)?.route;
  } catch {
    return undefined;
  }
}

/**
 * Why the finishing `task` must fail: it made a call (or query, or deploy) in its last segment and returns
 * without awaiting it. Undefined when every call of the segment was awaited (or there was none).
 */
export function unawaitedCall(task: Task, names: UnawaitedNames): string | undefined {
  const out = task.out;
  if (out === undefined) return undefined;
  for (let i = 0; i < task.outLen; i++) {
    const env = out[i];
    if (env === undefined || env.waiter === undefined) continue;
    if (env.kind !== HANDLE && env.kind !== QUERY && env.kind !== INIT) continue;
    const route = env.kind === INIT ? undefined : routeOf(names, env.dest, env.payload);
    const verb = env.kind === QUERY ? 'query' : 'call';
    const what =
      env.kind === INIT
        ? `a deploy of ${env.waiter.code?.name ?? 'code'}`
        : `its ${verb}${route === undefined ? '' : ` ${route}`} to ${names.label(env.dest)}`;
    return (
      `${task.handlerName} returned without awaiting ${what}: the reply would be lost. ` +
      'Write `await` before the call (or return the promise); use `.send` for fire-and-forget'
    );
  }
  return undefined;
}

/** Fails the finishing `task` through `fail` when it dropped a call of its last segment; true if it did. */
export function rejectUnawaited(task: Task, names: UnawaitedNames, fail: (reason: string) => void): boolean {
  const reason = unawaitedCall(task, names);
  if (reason === undefined) return false;
  fail(reason);
  return true;
}
