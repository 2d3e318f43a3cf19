import { CallError, setGasMeter } from '@sprocket/sdk';
import { segmentRangeError } from '../collection-ranges.js';
import { clearJournal, mayLeaveHole, StateTracker, trailingHoleRefusal } from '../journal.js';
import { KeptReferences, keptChangedError, takeFresh } from '../kept-references.js';
import { LimitExceeded, MAX_STATE_WRITES } from '../limits.js';
import { OpBoundary, type SegmentEnds } from './unit-ops.js';
import type { UnitRanges } from './unit-ranges.js';

// Segments for handler-level tests, as in the system: a handler's writes, events and sends since its last
// await of a runtime operation (call, query, deploy, sleep) are undone when it throws; earlier segments stay.
// Writes go through the same journaling proxy the system uses. A segment ends where the system's does: when the
// handler awaits, seen here as the awaited operation settles (before the handler resumes), so the calls a handler
// makes before it awaits them all (Promise.all) are one segment's, as are its writes between a call and its await.

/** A unitActor without generated code: no integer state listed. */
const NO_RANGES: UnitRanges = { rangedFields: [], rangedCollections: [], nestedFields: [] };

/** What segments undo in a mocked context: its records and balance (MockContext has them). */
export interface SegmentContext {
  readonly events: unknown[];
  readonly sent: unknown[];
  currentBalance: bigint;
  /** The actor's address, named by the failures of limits. */
  readonly self: string;
}

/** What ends a segment beyond the state checks: the failure of its limits (unit-limits.ts), given its counts. */
export type SegmentEndCheck = (method: string, writes: number, messages: number) => Error | undefined;

/** Journals one instance for `unitActor`: the undo state of the running segment. */
export class UnitSegments implements SegmentEnds {
  readonly inSegment = true;
  readonly readOnly = false;
  mutationAttempted = false;
  /** Unused here (the runtime reuses tasks whose handler never read its context); part of the state owner. */
  ctxRead = false;
  readonly journal: unknown[] = [];
  /** Journal slots past which a write is refused: 5 × `limits.stateWritesPerSegment` (set by unitActor). */
  journalCap = 5 * MAX_STATE_WRITES;
  traps: ProxyHandler<object> | undefined = undefined;
  /** Objects the running handler call's earlier segments stored new, checked when each later one ends. */
  private kept: KeptReferences | undefined = undefined;
  private running = 0;
  /** The method of the outermost handler running, for messages. */
  private method = 'handler';
  private events = 0;
  private sent = 0;
  private balance = 0n;
  /** Payload bytes the running segment sent and emitted: messages and events (limits.payloadBytesPerSegment). */
  payloadBytes = 0;
  /** Messages the running segment sent (limits.messagesPerSegment). */
  messages = 0;
  /** Awaited calls, queries and deploys the running segment made (limits.fanOut). */
  awaitedCalls = 0;
  /** Whether a handler's returned value is an err(e) of `throws`: its last segment is rolled back, the value returned. */
  isErr: ((method: string, result: unknown) => boolean) | undefined = undefined;
  /** Checked when a segment ends, after the state checks (the limits of unit-limits.ts). */
  endCheck: SegmentEndCheck | undefined = undefined;
  /** Done when the running segment commits (the value of a send its target refuses comes back), dropped on rollback. */
  private onCommit: (() => void)[] = [];
  /** Counts the handler runs: an operation settling after its run ended ends no segment of a later one. */
  private generation = 0;
  /** The failure of a handler's returned value (it does not encode, or is too large), checked after the state checks. */
  replyError: ((method: string, result: unknown) => Error | undefined) | undefined = undefined;
  /** A limit the running segment passed: it fails when it ends even if the handler caught the throw, as in the system. */
  private halt: Error | undefined = undefined;
  /** The handler run whose segment failed at an await: its operations never settle (the handler is not resumed). */
  private failedGeneration = -2;
  /** Counts the segments, to tell whether an operation is awaited in the segment that made it. */
  private segment = 0;
  /** The calls, queries and deploys the running segment made, each awaited or not. */
  private made: OpBoundary[] = [];
  /** Rejects the running handler call with the failure of a segment that ended at an await (see endAt). */
  private abort: ((error: unknown) => void) | undefined = undefined;

  constructor(
    readonly label: string,
    private readonly ctx: SegmentContext,
    /**
     * The integer state of the generated definition (fields, collections, nested fields), range-checked from the
     * journal when a segment ends, as the system does.
     */
    private readonly ranges: UnitRanges = NO_RANGES,
    private readonly instance: object | undefined = undefined,
  ) {}

  /**
   * Fails the ending segment (rolls it back, throws) when it passed a limit, an integer state field or an integer
   * the segment wrote into a collection field left its wire type's range, or a `delete arr[last]` left an array
   * ending in a hole, as the system does.
   */
  private checkRanges(method: string): void {
    if (this.halt !== undefined) {
      const halt = this.halt;
      this.rollback();
      throw halt;
    }
    const change = this.kept?.changedAround(this.journal, this.instance);
    if (change !== undefined) {
      this.rollback();
      throw keptChangedError(`${this.label}.${method}`, change.key);
    }
    const error = this.stateError(method) ?? this.endCheck?.(method, this.journal.length / 5, this.messages);
    if (error === undefined) return;
    this.rollback();
    throw error;
  }

  /** A trailing hole, or an integer field or collection element out of range, left by the ending segment (it wrote), or undefined. */
  private stateError(method: string): Error | undefined {
    if (this.journal.length === 0) return undefined;
    const hole = mayLeaveHole() ? trailingHoleRefusal({ label: this.label, handler: `${this.label}.${method}` }) : undefined;
    if (hole !== undefined) return hole;
    return segmentRangeError({ code: this.ranges, instance: this.instance, journal: this.journal }, false, {
      handlerName: `${this.label}.${method}`,
    });
  }

  /**
   * Fails the ending segment (rolls it back, throws) when the handler's reply fails, as the system does after its state
   * checks; rolls it back (and returns) for an err(e) of `throws`, which the system fails with E as its payload.
   */
  private checkReply(method: string, result: unknown): void {
    const error = this.replyError?.(method, result);
    if (error !== undefined) {
      this.rollback();
      throw error;
    }
    if (this.isErr?.(method, result) === true) this.rollback();
  }

  /** `Label.method` of the running handler, as the journal names it in its refusals (RefusalSite). */
  get handler(): string | undefined {
    return this.running > 0 ? `${this.label}.${this.method}` : undefined;
  }

  /**
   * Credits value coming back with a reply (a refund): it arrives outside any segment, so a later rollback of the
   * running one keeps it, as in the system.
   */
  credit(value: bigint): void {
    this.ctx.currentBalance += value;
    if (this.running > 0) this.balance += value;
  }

  /** Runs `action` when the running segment commits (at once outside a handler); a rollback drops it. */
  whenCommitted(action: () => void): void {
    if (this.running === 0) action();
    else this.onCommit.push(action);
  }

  private commit(): void {
    const actions = this.onCommit;
    this.onCommit = [];
    for (const action of actions) action();
  }

  /** The method of the handler running, or undefined between calls (which service's event an emit is, in unitActor). */
  get handlerMethod(): string | undefined {
    return this.running > 0 ? this.method : undefined;
  }

  /** Fails the running segment with `error` (the first one wins): thrown now, and again when the segment ends. */
  stop(error: Error): never {
    if (this.running === 0) throw error;
    this.halt ??= error;
    throw this.halt;
  }

  /** Starts a segment (and forgets the writes made outside handlers, e.g. test setup). */
  private begin(): void {
    clearJournal(this.journal);
    takeFresh(this);
    this.payloadBytes = 0;
    this.messages = 0;
    this.awaitedCalls = 0;
    this.onCommit = [];
    this.halt = undefined;
    this.segment++;
    this.made = [];
    this.events = this.ctx.events.length;
    this.sent = this.ctx.sent.length;
    this.balance = this.ctx.currentBalance;
  }

  /**
   * The handler makes a runtime operation (call, query, deploy, sleep; `what` names the first three as the system
   * does): its boundary ends the segment once the handler awaits it (unit-ops.ts), before the handler resumes.
   */
  checkpoint(what: string | undefined): OpBoundary {
    // Made outside a handler call, it belongs to none (generation -1, which no call has).
    const boundary = new OpBoundary(this, what, this.running > 0 ? this.generation : -1, this.segment);
    if (this.running > 0 && what !== undefined) this.made.push(boundary);
    boundary.delivered = new Promise((resolve) => this.whenCommitted(resolve));
    return boundary;
  }

  /**
   * Ends the running segment of handler call `generation` (it commits there, range-checked as in the system). False
   * when the segment failed there (rolled back, the handler call rejected with the failure): the system never resumes
   * a handler whose segment failed at its end, so its operations never settle.
   */
  endAt(generation: number): boolean {
    if (this.running === 0 || generation !== this.generation) return this.alive(generation);
    try {
      this.checkRanges(this.method);
    } catch (error) {
      this.failedGeneration = generation;
      this.generation++;
      this.running--;
      const abort = this.abort;
      this.abort = undefined;
      abort?.(this.thrown(error));
      return false;
    }
    this.commit();
    // What the segment stored new, the handler may still hold when it resumes: imaged as the next segment starts.
    const fresh = takeFresh(this);
    if (fresh !== undefined) {
      this.kept ??= new KeptReferences();
      this.kept.add(fresh);
    }
    this.begin();
    this.kept?.start();
    return true;
  }

  /** Whether an operation of handler call `generation` may settle: not once that call failed at an await. */
  alive(generation: number): boolean {
    return generation !== this.failedGeneration;
  }

  /** Whether `segment` of handler call `generation` is the one running. */
  current(generation: number, segment: number): boolean {
    return this.running > 0 && generation === this.generation && segment === this.segment;
  }

  /** The failure of a handler returning while a call, query or deploy of its last segment was never awaited. */
  private unawaited(method: string): CallError | undefined {
    const dropped = this.made.find((boundary) => !boundary.awaited);
    if (dropped === undefined) return undefined;
    const reason =
      `${this.label}.${method} returned without awaiting ${dropped.what}: the reply would be lost. ` +
      'Write `await` before the call (or return the promise); use `.send` for fire-and-forget';
    return new CallError('HANDLER_FAILED', { actor: this.ctx.self, label: this.label, reason });
  }

  /**
   * Fails the finishing handler call (rolls back its last segment, throws) when it dropped a call of that segment, as
   * the system checks first; a limit the segment passed wins (checkRanges), as the system's halt does.
   */
  private checkAwaited(method: string): void {
    if (this.halt !== undefined) return;
    const error = this.unawaited(method);
    if (error === undefined) return;
    this.rollback();
    throw error;
  }

  /** What a handler threw, as the caller sees it: a limit's signal from the journal becomes its failure. */
  private thrown(error: unknown): unknown {
    if (!(error instanceof LimitExceeded)) return error;
    return new CallError(error.halt.code, { actor: this.ctx.self, label: this.label, reason: error.halt.reason });
  }

  private rollback(): void {
    this.onCommit = [];
    for (const boundary of this.made) boundary.dropped = true;
    StateTracker.rollback(this);
    this.kept?.putBack();
    this.ctx.events.length = this.events;
    this.ctx.sent.length = this.sent;
    this.ctx.currentBalance = this.balance;
  }

  /** Runs a handler call: a failure (sync throw or rejection) undoes its last segment. */
  run(call: () => unknown, method = 'handler'): unknown {
    if (this.running > 0) return call();
    this.running++;
    this.generation++;
    this.method = method;
    // A new handler call: no reference of an earlier one can be used any more.
    this.kept = undefined;
    this.begin();
    // A unit handler is not metered: it must not draw on the budget a system segment left for detached work (gas.ts).
    setGasMeter(undefined);
    let result: unknown;
    try {
      result = call();
    } catch (error) {
      this.rollback();
      this.running--;
      throw this.halt ?? this.thrown(error);
    }
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      const generation = this.generation;
      // A segment failing at an await rejects the call there (endAt); the handler then never settles.
      const aborted = new Promise<never>((_, reject) => {
        this.abort = reject;
      });
      const finished = Promise.resolve(result).then(
        (value) => {
          if (generation !== this.generation) return value;
          this.abort = undefined;
          this.running--;
          this.checkAwaited(method);
          this.checkRanges(method);
          this.checkReply(method, value);
          clearJournal(this.journal);
          this.commit();
          return value;
        },
        (error: unknown) => {
          if (generation !== this.generation) throw error;
          this.abort = undefined;
          this.rollback();
          this.running--;
          throw this.halt ?? this.thrown(error);
        },
      );
      return Promise.race([finished, aborted]);
    }
    this.running--;
    this.checkAwaited(method);
    this.checkRanges(method);
    this.checkReply(method, result);
    clearJournal(this.journal);
    this.commit();
    return result;
  }
}

/** The instance as tests call it: methods run as segments, state writes are journaled. */
export function segmentedInstance<T extends object>(instance: T, segments: UnitSegments): T {
  const state = new StateTracker().wrap(segments, instance) as T;
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(state, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function' || key === 'constructor' || Object.hasOwn(instance, key)) return value;
      let method = wrapped.get(key);
      if (method === undefined) {
        const fn = value as (...args: unknown[]) => unknown;
        method = (...args: unknown[]) => segments.run(() => fn.apply(state, args), String(key));
        wrapped.set(key, method);
      }
      return method;
    },
  });
}
