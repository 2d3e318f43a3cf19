import type { CallErrorCode } from '@sprocket/sdk';
import { CallError } from '@sprocket/sdk';
import type { Accounts } from './accounts.js';
import type { ActorRecord } from './actor-record.js';
import type { Clock } from './clock.js';
import type { DispatchEntry } from './code.js';
import { isRuntimeError, RuntimeError } from './errors.js';
import type { EventBus } from './events.js';
import { GAS_COSTS } from './gas.js';
import type { GasReportSink } from './gas-report.js';
import { clearJournal, StateTracker } from './journal.js';
import { KeptReferences, takeFresh } from './kept-references.js';
import type { Ledger } from './ledger.js';
import { DEFAULT_LIMITS, type ExecutionLimits, type Halt, LimitExceeded } from './limits.js';
import { AFTER_AWAIT, EMPTY, type Envelope, HANDLE, INIT, type ReplyError, WAKE, type Waiter } from './message.js';
import type { Recorder } from './recorder.js';
import type { Replies } from './replies.js';
import { type ReplyOutcome, replyOutcome } from './reply-outcome.js';
import { SANDBOX } from './sandbox-globals.js';
import { segmentStateError } from './segment-state.js';
import { stateViewReason } from './state-view.js';
import type { Task } from './task.js';
import { rejectUnawaited } from './unawaited.js';
import { isInstance, reasonOf } from './values.js';

/**
 * How a segment ends: it commits (state stays, messages go out, value
 * moves, events publish) or fails (everything rolls back, an error reply
 * goes out). Also refusals of messages no handler ever saw.
 */
export class SegmentOutcomes {
  /** Tasks started and not finished. */
  inflight = 0;
  /** Told the gas a handler used when it ends (the system's gas book). */
  gasUsed: (seq: number, gas: number) => void = () => {};
  /** Whether a gas report collects every handler's gas ({@link gasReport}); off, a handler's end pays this one check. */
  reportGas = false;
  /** The gas report's collector (set by the system with {@link reportGas}). */
  gasReport: GasReportSink | undefined = undefined;
  /** Exclusive actors with deferred messages, ready to start the next one. */
  readonly ready: ActorRecord[] = [];
  /** The system's execution limits (set by the system). */
  limits: ExecutionLimits = DEFAULT_LIMITS;
  /** The largest payload a message carries (the system's `maxPayloadBytes`): a reply is a message too. */
  maxPayloadBytes = 8 * 1024 * 1024;
  /** Messages sent by the segments committed in block `sentHeight`. */
  blockSent = 0;
  sentHeight = 0;

  constructor(
    private readonly clock: Clock,
    private readonly accounts: Accounts,
    private readonly ledger: Ledger,
    private readonly recorder: Recorder,
    private readonly events: EventBus,
    private readonly replies: Replies,
  ) {}

  /** The handler returned: commit the last segment and reply. */
  finish(task: Task, result: unknown): void {
    if (task.outLen !== 0 && this.unawaited(task)) return;
    const actor = task.actor;
    // State first: a field out of range explains a reply that would not encode either.
    if (this.stateRefused(task) || this.outOfGas(task) || this.halted(task)) return;
    let payload = EMPTY;
    const fn = task.entry?.fn;
    if (fn !== undefined && fn.encodeError === undefined) {
      // No `throws`: the value is the reply (no outcome record per message).
      try {
        payload = fn.encodeReply(result);
      } catch (error) {
        this.fail(task, error, undefined, `the reply does not encode: ${reasonOf(error)}`);
        return;
      }
    } else if (fn !== undefined) {
      let outcome: ReplyOutcome;
      try {
        outcome = replyOutcome(fn, result);
      } catch (error) {
        this.fail(task, error, undefined, `the reply does not encode: ${reasonOf(error)}`);
        return;
      }
      if (this.tooLarge(task, outcome.payload)) return;
      if (!outcome.ok) {
        // `-> T throws E` returned err(e): roll back and fail with header ‖ SCALE(E) as the error payload.
        this.fail(task, undefined, undefined, outcome.reason, outcome.payload);
        return;
      }
      payload = outcome.payload;
    } else if (task.msg.kind === INIT && !this.initSucceeded(task, result)) {
      return;
    }
    if (this.tooLarge(task, payload)) return;
    if (task.readOnly && actor.mutationAttempted) {
      this.fail(task, undefined, 'QUERY_MUTATED', queryMutated(task));
      return;
    }
    // The handler is over: nothing it stored new can be reached through a reference of its own any more.
    takeFresh(actor);
    this.commit(task);
    if (task.msg.kind === INIT) actor.status = 'active';
    this.end(task, true);
    this.replies.reply(task.msg, payload, undefined, task.entry);
  }

  /** Fails the segment with PAYLOAD_LIMIT_EXCEEDED if its reply (or error payload) is larger than a message may be. */
  private tooLarge(task: Task, payload: Uint8Array): boolean {
    if (payload.length <= this.maxPayloadBytes) return false;
    this.fail(
      task,
      undefined,
      'PAYLOAD_LIMIT_EXCEEDED',
      `${task.handlerName}: its reply of ${payload.length} bytes is larger than a message may be (maxPayloadBytes ${this.maxPayloadBytes}); the segment is rolled back`,
    );
    return true;
  }

  /**
   * Fails the segment if it ends with a call nobody awaited. Its own method: the callback's closure would
   * otherwise make `finish` allocate a context on every message.
   */
  private unawaited(task: Task): boolean {
    return rejectUnawaited(task, this.accounts, (why) => this.fail(task, undefined, 'HANDLER_FAILED', why));
  }

  /**
   * For a constructor declared `throws E` (`@init({ throws: true })`): `ok(…)` lets init commit; `err(e)` fails it
   * (the actor stays failed) with its header ‖ SCALE(E) as the error payload, as Sails' `ok_or_throws` does.
   */
  private initSucceeded(task: Task, result: unknown): boolean {
    const ctor = task.actor.code.definition.constructors.find((c) => c.method !== undefined && c.method === task.method);
    if (ctor?.encodeError === undefined) return true;
    if (result !== null && typeof result === 'object') {
      if ('ok' in result) return true;
      if ('err' in result) {
        const error = (result as { err: unknown }).err;
        let payload: Uint8Array;
        try {
          payload = ctor.encodeError(error);
        } catch (e) {
          this.fail(task, e, undefined, `the error of ${ctor.name} does not encode: ${reasonOf(e)}`);
          return false;
        }
        if (!this.tooLarge(task, payload))
          this.fail(task, undefined, undefined, `returned err(${JSON.stringify(ctor.errorToJson?.(error) ?? null)})`, payload);
        return false;
      }
    }
    const error = new RuntimeError(
      'RUNTIME_BAD_RESULT',
      `${ctor.name} is declared with throws: it must return ok(undefined) or err(error), got ${result === null ? 'null' : typeof result}`,
    );
    this.fail(task, error, undefined, error.message);
    return false;
  }

  /** The handler waits on a runtime op: commit the segment. */
  park(task: Task): void {
    if (task.readOnly && task.actor.mutationAttempted) {
      this.fail(task, undefined, 'QUERY_MUTATED', queryMutated(task));
      return;
    }
    if (this.stateRefused(task) || this.outOfGas(task) || this.halted(task)) return;
    this.commit(task);
    task.leave();
  }

  /** Fails the segment if the state it leaves may not commit (segment-state.ts). */
  private stateRefused(task: Task): boolean {
    const error = segmentStateError(task);
    if (error === undefined) return false;
    this.fail(task, error, undefined);
    return true;
  }

  /**
   * Charges the segment's state writes (the journal's count) and fails it with OUT_OF_GAS if its meter is
   * exhausted — also when the handler caught the out-of-gas signal and returned.
   */
  private outOfGas(task: Task): boolean {
    const gas = task.gas;
    if (gas === undefined) return false;
    // The journal holds five slots per write (journal.ts).
    const writes = task.actor.journal.length / 5;
    if (!gas.out && writes > 0) {
      try {
        gas.charge(writes * GAS_COSTS.stateWrite);
      } catch {
        // Recorded on the meter: failed below.
      }
    }
    if (!gas.out) return false;
    this.fail(task, undefined, 'OUT_OF_GAS', undefined);
    return true;
  }

  /**
   * Fails the segment if it passed a limit or used a nondeterministic global (even if the handler caught the
   * signal), or if its messages would pass the block's or the queue's limit.
   */
  private halted(task: Task): boolean {
    // Code without gas checkpoints (not instrumented) is checked for state growth here, at the latest.
    if (task.halt === undefined && task.actor.journal.length / 5 > this.limits.stateWritesPerSegment) {
      try {
        task.checkpoint();
      } catch {
        // Recorded on the task: failed below.
      }
    }
    if (task.halt === undefined) {
      const n = task.outLen;
      if (n === 0) return false;
      const limits = this.limits;
      const height = this.clock.blockHeight;
      if (height !== this.sentHeight) {
        this.sentHeight = height;
        this.blockSent = 0;
      }
      if (this.blockSent + n > limits.messagesSentPerBlock) {
        task.halt = {
          code: 'BLOCK_MESSAGES_EXCEEDED',
          reason: `the ${n} messages of ${task.handlerName} do not fit in block ${height}: its segments sent ${this.blockSent} of limits.messagesSentPerBlock (${limits.messagesSentPerBlock})`,
        };
      } else if (this.clock.queue.size + n > limits.queuedMessages) {
        task.halt = {
          code: 'QUEUE_FULL',
          reason: `the ${n} messages of ${task.handlerName} do not fit in the queue of ${this.clock.queue.size} (limits.queuedMessages ${limits.queuedMessages}); is a message loop growing without end?`,
        };
      } else {
        this.blockSent += n;
        return false;
      }
    }
    this.fail(task, undefined, undefined);
    return true;
  }

  /** Ends an asynchronous segment: finished, failed, parked on a runtime op, or a foreign await. */
  endSegment(task: Task): void {
    if (task.done) return;
    if (task.settled === 1) this.finish(task, task.result);
    else if (task.settled === 2) this.fail(task, task.result, undefined);
    else if (task.parkSeq !== task.segParkSeq || task.waiting > 0) this.park(task);
    else {
      this.fail(
        task,
        new RuntimeError('RUNTIME_LATE_WRITE', 'nondeterministic await'),
        'NONDETERMINISTIC_AWAIT',
        `${task.handlerName} awaited something that is not a runtime operation (a timer, I/O or a foreign promise); a handler may await only calls to actors and ctx.sleep`,
      );
    }
  }

  /** Rolls the segment back (state, messages, events; the value too if it is the first) and sends an error reply. */
  fail(task: Task, error: unknown, forced: CallErrorCode | undefined, forcedReason?: string, errorPayload: Uint8Array = EMPTY): void {
    const actor = task.actor;
    StateTracker.rollback(actor);
    // What the segment changed around the journal, through references the handler kept, is put back too.
    task.kept?.putBack();
    takeFresh(actor);
    this.accounts.touched?.add(actor.id);
    const env = task.msg;
    if (task.first && env.value !== 0n) {
      actor.balance -= env.value;
      this.ledger.credit(env.source, env.value);
    }
    // The text of what was thrown is read first: reading it runs the contract's own `toString` or `message` getter,
    // which may spend the segment's gas, and then the failure is OUT_OF_GAS like any other exhaustion.
    const thrownReason =
      task.halt === undefined && forcedReason === undefined && task.gas?.out !== true
        ? (stateViewReason(error, actor.code.definition.fields, task.handlerName) ?? reasonOf(error))
        : undefined;
    // A limit, a nondeterministic global or running out of gas (whichever came first; all sticky) wins over whatever
    // the handler threw (it may have caught the signal and thrown something else).
    const halt: Halt | undefined = task.halt ?? (task.gas?.out === true ? undefined : haltOf(task, error));
    const outOfGas = halt === undefined && task.gas?.out === true;
    let code: CallErrorCode = outOfGas ? 'OUT_OF_GAS' : (halt?.code ?? forced ?? 'HANDLER_FAILED');
    let reason = outOfGas
      ? `${task.handlerName} ran out of gas (limit ${task.gas?.limit})`
      : (halt?.reason ?? forcedReason ?? thrownReason ?? reasonOf(error));
    if (forced === undefined && !outOfGas && halt === undefined) {
      if (task.readOnly && actor.mutationAttempted) {
        code = 'QUERY_MUTATED';
        // The journal's own refusal says nothing more; anything else the handler threw afterwards is kept.
        reason = isRuntimeError(error, 'RUNTIME_QUERY_MUTATED')
          ? queryMutated(task, QUERY_OP.exec(error.message)?.[1])
          : `${queryMutated(task)}: ${reason}`;
      } else if (isInstance(error, CallError) && (error.code === 'CALL_CYCLE' || error.code === 'CALL_DEPTH_EXCEEDED')) {
        // The whole chain failed for one reason: its callers report it too.
        code = error.code;
        reason = error.reason;
      } else if (env.kind === INIT) code = 'INIT_FAILED';
    }
    // A constructor is named by its route (`Bank.New`), as its deploy, trace and gas report name it, not by its method.
    const route = task.entry?.route ?? (env.kind === INIT ? routeOf(task) : undefined);
    if (env.kind === INIT) {
      actor.status = 'failed';
      actor.instance = undefined;
      actor.proxy = undefined;
    }
    const rec = this.recorder;
    if (rec.on) {
      rec.log.push({
        type: 'rollback',
        block: this.clock.blockHeight,
        seq: env.seq,
        from: this.accounts.label(env.source),
        to: actor.label,
        error: task.first ? { code, reason, route } : { code, reason, route, note: AFTER_AWAIT },
      });
    }
    if (actor.instance !== undefined) task.leave();
    else {
      actor.seg = undefined;
      actor.readOnly = false;
    }
    this.end(task, false);
    // What the handler itself threw (not a limit, gas or a refusal of the runtime) goes with the error reply as its cause.
    const cause =
      halt === undefined && !outOfGas && forced === undefined && typeof error === 'object' && error !== null ? error : undefined;
    const replyError: ReplyError = task.first ? { code, reason, route } : { code, reason, route, note: AFTER_AWAIT };
    this.replies.reply(env, errorPayload, cause === undefined ? replyError : { ...replyError, cause }, undefined);
  }

  /** The task is over (`ok`: it succeeded): the actor's turn ends and its next deferred message may start. */
  private end(task: Task, ok: boolean): void {
    task.done = true;
    task.kept = undefined;
    this.inflight--;
    const actor = task.actor;
    if (actor.seg === task) task.leave();
    if (SANDBOX.segment === task) SANDBOX.segment = undefined;
    const gas = task.gas;
    if (gas !== undefined) {
      gas.uninstall();
      const used = gas.used;
      task.msg.gasUsed = used;
      // The task is over: its meter goes back to the book for the next message.
      task.gas = undefined;
      gas.release();
      this.gasUsed(task.msg.seq, used);
      if (this.reportGas) this.report(task.actor.code.name, routeOf(task), used, ok);
    }
    if (actor.busy === task) {
      actor.busy = undefined;
      this.accounts.busyExclusive--;
      if (actor.deferred !== undefined) this.ready.push(actor);
    }
  }

  /** Tells the gas report about one handled message (only with {@link reportGas} on). */
  report(actor: string, route: string, gas: number, ok: boolean): void {
    try {
      this.gasReport?.record(actor, route, gas, ok);
    } catch {
      // A collector that fails must not change what the system does (the message still gets its reply).
    }
  }

  /** Applies the segment's effects: state stays, messages go out, value moves, events are published. */
  private commit(task: Task): void {
    const actor = task.actor;
    if (actor.journal.length !== 0) clearJournal(actor.journal);
    // What the segment stored new, the handler may still hold when it resumes (kept-references.ts).
    const fresh = takeFresh(actor);
    if (fresh !== undefined) {
      task.kept ??= new KeptReferences();
      task.kept.add(fresh);
    }
    // The segment ran on the actor's state (also writes the journal could not see): a host recomputes it.
    this.accounts.touched?.add(actor.id);
    task.first = false;
    const out = task.out;
    const n = task.outLen;
    if (out !== undefined && n > 0) {
      const clock = this.clock;
      task.outLen = 0;
      for (let i = 0; i < n; i++) {
        const env = out[i] as Envelope;
        out[i] = undefined;
        if (env.kind === WAKE) {
          env.block = clock.blockHeight;
          clock.enqueue(env, env.due);
          continue;
        }
        if (env.value !== 0n) this.ledger.hold(actor, env.value);
        if (env.kind === INIT) this.ledger.openActor(env.dest, (env.waiter as Waiter).code as NonNullable<Waiter['code']>);
        const waiter = env.waiter;
        if (waiter !== undefined) clock.schedule.addTimeout(waiter);
        if (env.due > 0 && env.kind === HANDLE && waiter === undefined) clock.enqueue(env, env.due);
        else clock.queue.push(env);
      }
    }
    const transfers = task.transfers;
    if (transfers !== undefined) {
      for (const [to, value] of transfers) {
        actor.balance -= value;
        this.ledger.credit(to, value);
      }
    }
    const events = task.events;
    if (events !== undefined) this.events.publish(actor, task.msg.seq, events);
  }

  /**
   * Rejects a message before any handler ran: refunds its value and sends an error reply. `entry` is the function the
   * message's arguments decoded for (the trace then shows them, as for a message that ran). `cause` (the ScaleError of
   * a payload that did not decode) goes only to a user's CallError, as what a handler threw does: never into a record,
   * the trace or another actor's hands.
   */
  refuse(env: Envelope, code: CallErrorCode, reason: string, route: string | undefined, entry?: DispatchEntry, cause?: unknown): undefined {
    this.ledger.settle(env.source, env.value);
    this.accounts.touched?.add(env.dest);
    const rec = this.recorder;
    if (rec.on) {
      rec.log.push({
        type: 'message',
        block: this.clock.blockHeight,
        seq: env.seq,
        from: this.accounts.label(env.source),
        to: this.accounts.label(env.dest),
        kind: env.kind,
        payload: env.payload,
        value: env.value,
        entry,
        cause: env.cause,
      });
    }
    if (env.kind === INIT) {
      const actor = this.accounts.actors.get(env.dest);
      if (actor !== undefined && actor.status === 'uninitialized') actor.status = 'failed';
    }
    this.replies.reply(env, EMPTY, cause === undefined ? { code, reason, route } : { code, reason, route, cause }, undefined);
    return undefined;
  }
}

/** The route a task ran, for the gas report: its entry's `Service.Function`, or a constructor's `Program.Name`. */
function routeOf(task: Task): string {
  const entry = task.entry;
  if (entry !== undefined) return entry.route;
  const code = task.actor.code;
  const ctor = code.definition.constructors.find((c) => c.method === task.method);
  return `${code.name}.${ctor?.name ?? task.method ?? 'constructor'}`;
}

/**
 * The halt an error thrown out of a handler stands for: a limit's signal, or a JS stack overflow. The depth at
 * which the engine's stack overflows depends on how the code was compiled, so the gas figure at that point is not
 * deterministic: the whole limit is reported instead, and the reason names no depth.
 */
function haltOf(task: Task, error: unknown): Halt | undefined {
  if (isInstance(error, LimitExceeded)) return error.halt;
  if (isStackOverflow(error)) {
    task.gas?.forfeit();
    return { code: 'STACK_LIMIT_EXCEEDED', reason: `${task.handlerName} overflowed the stack: a recursion without end?` };
  }
  return undefined;
}

/**
 * Whether `error` is a stack overflow (of this realm or a vm context's), read defensively: the engine's RangeError,
 * or the TypeError a module loader's binding getter gives when the stack runs out inside it (vitest), recognised by
 * a stack trace that repeats one frame.
 */
function isStackOverflow(error: unknown): boolean {
  try {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
    if (e === null || typeof e !== 'object') return false;
    const message = String(e.message);
    if (e.name === 'RangeError') return message.includes('Maximum call stack size exceeded');
    if (e.name !== 'TypeError' || !message.endsWith('is not a function')) return false;
    const frames = String(e.stack)
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(1, 9);
    return frames.length >= 8 && frames.every((line) => line === frames[0]);
  } catch {
    return false;
  }
}

/** Why a read-only run failed: a query that wrote, or a command that was queried instead of called. */
function queryMutated(task: Task, op?: string): string {
  const tried = op === undefined ? 'change state or send' : op;
  if (task.entry !== undefined && !task.entry.readOnly) {
    return `${task.handlerName} is a command, queried here (a read-only run), and it tried to ${tried}: call it instead (a call or a send from a client, \`sprocket call\`)`;
  }
  return `${task.handlerName} is a query but tried to ${tried}`;
}

/** The operation named by a context method's refusal in a query (`X.y: a query cannot sleep`). */
const QUERY_OP = /: a query cannot (\w+)$/;
