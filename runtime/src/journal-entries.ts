import { RuntimeError } from './errors.js';
import { LimitExceeded } from './limits.js';
import { type RefusalSite, stateRefused } from './state-rules.js';

// The journal's entries: what a state write records (5 slots: op, target, key, had, old) and how rollback undoes it.
// The proxies that write them live in journal.ts (objects, typed arrays, Dates) and collection-traps.ts (Maps, Sets).

/** Who owns a tracked object graph: one actor, with its current segment mode. */
export interface StateOwner extends RefusalSite {
  /** Whether one of the owner's segments is running (writes outside are refused). */
  readonly inSegment: boolean;
  /** Whether the running segment is read-only (a query). */
  readonly readOnly: boolean;
  /** Set when a read-only segment tried to write, even if the handler caught the error. */
  mutationAttempted: boolean;
  /** Set when contract code read the context slot: the running task has been handed out (see Dispatcher's task reuse). */
  ctxRead: boolean;
  /** The undo entries of the running segment, 5 slots each. */
  readonly journal: unknown[];
  /**
   * Journal slots past which a write is refused: 5 × `limits.stateWritesPerSegment`. Gas checkpoints check that
   * limit, but a built-in (`splice`, `fill`, `copyWithin`, a bound `Map#set` given to `forEach`) writes many times
   * on one charge of gas, so the journal could outgrow the process before a checkpoint came.
   */
  readonly journalCap: number;
}

export const OP_PROP = 0;
export const OP_MAP = 1;
export const OP_SET = 2;
export const OP_MAP_CLEAR = 3;
export const OP_SET_CLEAR = 4;
export const OP_COPY = 5;
export const OP_DATE = 6;
/** The iteration order of a Map or Set before its first delete in the segment. */
export const OP_ORDER = 7;
/** The key order of a plain object before a delete of a key that is not its last (rollback puts it back). */
export const OP_KEYS = 8;

/** Refuses a write outside a segment or in a read-only one, or past the segment's state writes limit. */
export function guard(owner: StateOwner): void {
  if (owner.journal.length > owner.journalCap) throw journalFull(owner);
  if (!owner.inSegment) {
    throw new RuntimeError(
      'RUNTIME_LATE_WRITE',
      `${owner.label}: state written outside an execution segment (a handler awaited something that is not a runtime operation)`,
    );
  }
  if (owner.readOnly) {
    owner.mutationAttempted = true;
    throw new RuntimeError('RUNTIME_QUERY_MUTATED', `${owner.label}: a query tried to change state`);
  }
}

/** The signal of a segment past its state writes limit (the segment fails with STATE_LIMIT_EXCEEDED when it ends). */
function journalFull(owner: StateOwner): LimitExceeded {
  return new LimitExceeded({
    code: 'STATE_LIMIT_EXCEEDED',
    reason: `${owner.handler ?? owner.label} made more than ${owner.journalCap / 5} state writes in one segment (limits.stateWritesPerSegment)`,
  });
}

/** A Map of state. */
export type AnyMap = Map<unknown, unknown>;
/** A Set of state. */
export type AnySet = Set<unknown>;
/** A typed array of state, as the journal copies it. */
export type Bytes = { slice(): Bytes; set(src: Bytes): void; [i: number]: unknown };

/** Undoes one journal entry. */
export function undo(op: number, target: object, key: unknown, had: boolean, old: unknown): void {
  switch (op) {
    case OP_PROP:
      if (had) (target as Record<PropertyKey, unknown>)[key as PropertyKey] = old;
      else delete (target as Record<PropertyKey, unknown>)[key as PropertyKey];
      break;
    case OP_MAP:
      if (had) (target as AnyMap).set(key, old);
      else (target as AnyMap).delete(key);
      break;
    case OP_SET:
      if (had) (target as AnySet).add(key);
      else (target as AnySet).delete(key);
      break;
    case OP_MAP_CLEAR:
      (target as AnyMap).clear();
      for (const [k, v] of key as [unknown, unknown][]) (target as AnyMap).set(k, v);
      break;
    case OP_SET_CLEAR:
      (target as AnySet).clear();
      for (const v of key as unknown[]) (target as AnySet).add(v);
      break;
    case OP_ORDER:
      if (target instanceof Map) {
        const now = new Map(target);
        target.clear();
        for (const k of key as unknown[]) target.set(k, now.get(k));
      } else {
        (target as AnySet).clear();
        for (const v of key as unknown[]) (target as AnySet).add(v);
      }
      break;
    case OP_KEYS: {
      // Every later write is undone: the keys are the saved ones, and re-adding each in turn restores their order.
      const t = target as Record<string, unknown>;
      for (const k of key as string[]) {
        const v = t[k];
        delete t[k];
        t[k] = v;
      }
      break;
    }
    case OP_COPY:
      (target as Bytes).set(old as Bytes);
      break;
    case OP_DATE:
      (target as Date).setTime(old as number);
      break;
  }
}

/** What the collection proxies need from the tracker: wrapping values they hand out, unwrapping values they store. */
export interface StateWrapper {
  /** The proxy of `value` owned by `owner`. */
  wrap(owner: StateOwner, value: object): object;
  /** The raw object behind a proxy (anything else unchanged). */
  unwrap<T>(value: T): T;
  /** Whether `value` is a proxy of state or an object of state a proxy was made for (a write of it moves state). */
  readonly isTracked: (value: object) => boolean;
}

/**
 * Empties a journal, dropping its references. A short one is popped: setting `length = 0` frees the backing store,
 * which the next segment's first write allocates again (most segments write a few fields).
 */
export function clearJournal(j: unknown[]): void {
  let n = j.length;
  if (n > 64) j.length = 0;
  else while (n-- > 0) j.pop();
  if (trailingDeletes.length !== 0) trailingDeletes.length = 0;
}

/**
 * Deletes of an array's last item in the running segment, as `[array, index]` pairs: `pop`, `shift` and `splice`
 * delete it and then shorten the array, which a trap cannot tell from a bare `delete arr[last]` that leaves a hole.
 * The segment's end looks again ({@link trailingHole}). One segment runs at a time: its journal's clearing empties this.
 */
export const trailingDeletes: unknown[] = [];

/** Whether the running segment deleted an array's last item (only then can it end with an array ending in a hole). */
export function mayLeaveHole(): boolean {
  return trailingDeletes.length !== 0;
}

/** The first array a segment left with a hole where it deleted an item (`delete arr[last]`, not shortened after), if any. */
export function trailingHole(): { readonly length: number; readonly index: number } | undefined {
  for (let i = 0; i < trailingDeletes.length; i += 2) {
    const array = trailingDeletes[i] as unknown[];
    const index = trailingDeletes[i + 1] as number;
    if (index < array.length && !Object.hasOwn(array, index)) return { length: array.length, index };
  }
  return undefined;
}

/**
 * Counts rollbacks that undid something: a rollback writes to raw Maps behind their proxies, so an entry a proxy
 * remembers from an earlier epoch may be stale.
 */
export const undoClock = { epoch: 0 };

/** Refusals shared by every proxy of state: nothing may freeze it or change its prototype. */
export class Refusals {
  constructor(protected readonly owner: StateOwner) {}

  preventExtensions(): boolean {
    throw stateRefused(
      this.owner,
      undefined,
      'an object of actor state cannot be frozen, sealed or made non-extensible (Object.freeze, seal, preventExtensions)',
    );
  }

  setPrototypeOf(): boolean {
    throw stateRefused(
      this.owner,
      undefined,
      'an object of actor state cannot change its prototype (Object.setPrototypeOf): build a new object',
    );
  }
}
