import { CONSTRUCTOR_INTERFACE_ID, HEADER_SIZE, readHeader, type SailsHeader, ScaleReader } from '@sprocket/sdk';
import type { Accounts } from './accounts.js';
import type { ActorRecord } from './actor-record.js';
import type { Clock } from './clock.js';
import type { Code, DispatchEntry } from './code.js';
import { detachInstance } from './detach.js';
import { RuntimeError } from './errors.js';
import { DEFAULT_BLOCK_GAS_LIMIT, DEFAULT_GAS_LIMIT, GAS_COSTS, GasBook, type GasMeter } from './gas.js';
import type { StateTracker } from './journal.js';
import type { Ledger } from './ledger.js';
import { LimitExceeded } from './limits.js';
import { EMPTY, type Envelope, INIT, QUERY, REPLY, WAKE } from './message.js';
import type { SegmentOutcomes } from './outcomes.js';
import type { Recorder } from './recorder.js';
import type { UserAccount } from './records.js';
import type { Replies } from './replies.js';
import type { SegmentOps } from './segments.js';
import { DEFAULT_MAILBOX_WINDOW } from './system-options.js';
import { Task } from './task.js';
import { ACTOR_ID, reasonOf } from './values.js';
import { type WallClock, wallClockHalt } from './wall-clock.js';

/** Ended tasks a dispatcher keeps for reuse. */
const SPARE_TASKS = 16;

/**
 * Dispatch: takes one message off the queue, routes it (reply to its
 * waiter, mailbox, refusal, deferral behind an exclusive actor's turn) and
 * starts the handler of a request — its first segment runs here.
 */
export class Dispatcher {
  /** Told when an asynchronous handler settles (the driver ends its segment). */
  onSettled: (task: Task) => void = () => {};
  /** Gas limits and accounting (set by the system). */
  gasBook = new GasBook(DEFAULT_GAS_LIMIT, DEFAULT_BLOCK_GAS_LIMIT);
  /** The wall-clock backstop handlers are entered through, when `limits.wallClockMs` is set. */
  wallClock: WallClock | undefined = undefined;
  /** Messages kept per user mailbox (set by the system). */
  mailboxWindow = DEFAULT_MAILBOX_WINDOW;
  /** The task inside its handler call (set just before the call, cleared just after): the one a wall-clock trip stops. */
  private running: Task | undefined = undefined;
  /** A class constructor running for an init message (its meter installed): what a wall-clock trip stops there. */
  private constructing: { readonly env: Envelope; readonly meter: GasMeter; readonly route: string } | undefined = undefined;
  /** A handler that returned after its wall-clock chunk's share: the driver settles it outside the chunk. */
  private late: Task | undefined = undefined;
  /** What the late handler returned, or threw (`lateThrew`). */
  private lateResult: unknown = undefined;
  private lateThrew = false;
  /**
   * The newest task, held so that its object layout outlives an idle system's full GC. V8 refers to the layouts
   * its optimised code relies on only weakly: when a full GC finds no task alive, the layout dies and every optimised
   * function of the message path is thrown away and compiled again (Clock and SegmentOps hold their newest envelope
   * and waiter for the same reason). One object each, replaced by the next: nothing accumulates.
   */
  newestTask: Task | undefined = undefined;
  /** Ended tasks no contract code can hold, handed to the next messages (see {@link Dispatcher.recycle}). */
  private readonly spareTasks: Task[] = [];
  /** The reader requests are decoded with: decoding is synchronous, so one serves every message. */
  private readonly reader = new ScaleReader(EMPTY);

  constructor(
    private readonly clock: Clock,
    private readonly accounts: Accounts,
    private readonly ledger: Ledger,
    private readonly recorder: Recorder,
    private readonly replies: Replies,
    private readonly ops: SegmentOps,
    private readonly outcomes: SegmentOutcomes,
    private readonly tracker: StateTracker,
    /** Largest accepted payload in bytes. */
    private readonly maxPayloadBytes: number,
  ) {}

  /** Why `dest` cannot be an address (a user's name, a malformed id), or '' when it is well formed. */
  private notAnAddress(dest: string): string {
    if (ACTOR_ID.test(dest)) return '';
    const user = this.accounts.usersByName.get(dest);
    if (user !== undefined) return ` (${dest} is a user's name, not an address: use sys.user('${dest}').id, ${user.id})`;
    return ' (not an address: an ActorId is 0x and 64 lowercase hex digits)';
  }

  /** Handles one message; returns the task if its handler needs microtasks. */
  process(env: Envelope): Task | undefined {
    if (env.kind === REPLY || env.kind === WAKE) return this.replies.deliver(env);
    // No cache of the last lookup in front of this: comparing an address with another actor's makes the engine copy
    // both id strings flat (they are built from a shared prefix), about 85 bytes more per actor for a tenth of a message.
    const actor = this.accounts.actors.get(env.dest);
    const outcomes = this.outcomes;
    if (actor === undefined) {
      const user = this.accounts.users.get(env.dest);
      if (user !== undefined) {
        this.toMailbox(user, env);
        return undefined;
      }
      return outcomes.refuse(env, 'ACTOR_NOT_FOUND', `no actor at ${env.dest}${this.notAnAddress(env.dest)}`, undefined);
    }
    if (env.payload.length > this.maxPayloadBytes) {
      return outcomes.refuse(
        env,
        'PAYLOAD_TOO_LARGE',
        `payload of ${env.payload.length} bytes exceeds the limit of ${this.maxPayloadBytes}`,
        undefined,
      );
    }
    if (actor.status === 'failed') return outcomes.refuse(env, 'INIT_FAILED', `${actor.label} failed to initialize`, undefined);
    if (env.kind !== INIT && actor.status === 'uninitialized') {
      return outcomes.refuse(env, 'NOT_INITIALIZED', `${actor.label} has not finished its constructor`, undefined);
    }
    if (actor.busy !== undefined || actor.deferred !== undefined) {
      actor.deferred ??= [];
      actor.deferred.push(env);
      this.accounts.touched?.add(actor.id);
      return undefined;
    }
    return this.start(actor, env);
  }

  /** A message to a user lands in the mailbox (an awaited call to a user ends by its timeout). */
  private toMailbox(user: UserAccount, env: Envelope): void {
    this.ledger.escrow -= env.value;
    user.balance += env.value;
    this.accounts.touched?.add(user.id);
    const block = this.clock.blockHeight;
    const box = user.mailbox;
    box.push({ id: this.clock.messageId(env.seq), source: env.source, payload: env.payload, value: env.value, block });
    // The oldest message falls out (`shift` on a small array moves its start, it does not copy).
    while (box.length > this.mailboxWindow) box.shift();
    const rec = this.recorder;
    if (rec.on) {
      rec.log.push({
        type: 'mailbox',
        block,
        seq: env.seq,
        from: this.accounts.label(env.source),
        to: user.name,
        payload: env.payload,
        value: env.value,
        cause: env.cause,
      });
    }
  }

  /** Decodes, checks and starts the handler of a request; returns the task if it needs microtasks. */
  start(actor: ActorRecord, env: Envelope): Task | undefined {
    const code = actor.code;
    const payload = env.payload;
    const outcomes = this.outcomes;
    let entry: DispatchEntry | undefined;
    let method: string | undefined;
    let args: unknown[];
    let meter: GasMeter | undefined;
    if (env.kind === INIT) {
      let reader: ScaleReader;
      let header: SailsHeader;
      // A program with only its implicit constructor takes an empty init payload too, as a Sails program with only
      // its implicit `Create()` does: it cannot be mistaken for any other constructor.
      const implicitOnly =
        payload.length === 0 && code.definition.constructors.length === 1 && code.definition.constructors[0]?.method === undefined;
      try {
        reader = new ScaleReader(payload);
        header = implicitOnly
          ? { interfaceId: CONSTRUCTOR_INTERFACE_ID, entryId: code.definition.constructors[0]?.entryId ?? 0, route: 0 }
          : readHeader(reader);
      } catch (error) {
        return outcomes.refuse(env, 'DECODE_FAILED', reasonOf(error), undefined, undefined, error);
      }
      const ctor = header.route === 0 && /^0x0+$/.test(header.interfaceId) ? code.ctorById(header.entryId) : undefined;
      if (ctor === undefined) return outcomes.refuse(env, 'UNKNOWN_ROUTE', unknownConstructor(code, header), undefined);
      try {
        args = ctor.decodeArgs(reader);
        reader.end(`${code.name}.${ctor.name}`);
      } catch (error) {
        return outcomes.refuse(env, 'DECODE_FAILED', reasonOf(error), `${code.name}.${ctor.name}`, undefined, error);
      }
      method = ctor.method;
      // The class constructor (field initializers included) runs on the message's gas, like its @init method.
      meter = this.gasBook.meter(env.gasLimit);
      meter.install();
      if (this.wallClock !== undefined) this.constructing = { env, meter, route: `${code.name}.${ctor.name}` };
      try {
        // The state is a copy of what the constructor built; a `this` it kept reaches nothing (detach.ts).
        actor.instance = detachInstance(new code.actorClass(), code.name);
      } catch (error) {
        this.constructing = undefined;
        meter.uninstall();
        if (meter.out) {
          env.gasUsed = meter.used;
          outcomes.gasUsed(env.seq, meter.used);
          if (outcomes.reportGas) outcomes.report(code.name, `${code.name}.${ctor.name}`, meter.used, false);
          return outcomes.refuse(env, 'OUT_OF_GAS', `${code.name} constructor ran out of gas (limit ${meter.limit})`, undefined);
        }
        return outcomes.refuse(env, 'INIT_FAILED', reasonOf(error), `${code.name}.${ctor.name}`);
      }
      this.constructing = undefined;
      meter.uninstall();
      actor.proxy = this.tracker.wrapActor(actor, actor.instance, code.definition.fields);
    } else {
      const p = payload;
      if (p.length < HEADER_SIZE || p[0] !== 0x47 || p[1] !== 0x4d || p[2] !== 1 || p[3] !== HEADER_SIZE || p[15] !== 0) {
        let reason = 'bad Sails header';
        let cause: unknown;
        try {
          readHeader(new ScaleReader(p));
        } catch (error) {
          reason = reasonOf(error);
          cause = error;
        }
        return outcomes.refuse(env, 'DECODE_FAILED', reason, undefined, undefined, cause);
      }
      entry = code.entryOf(p);
      if (entry === undefined) {
        const header = readHeader(new ScaleReader(p));
        return outcomes.refuse(
          env,
          'UNKNOWN_ROUTE',
          `${code.name} has no route ${header.route} entry ${header.entryId} with interface ${header.interfaceId}`,
          undefined,
        );
      }
      try {
        const reader = this.reader.reset(p, HEADER_SIZE);
        args = entry.fn.decodeArgs(reader);
        if (reader.offset !== p.length) reader.end(entry.route);
      } catch (error) {
        return outcomes.refuse(env, 'DECODE_FAILED', reasonOf(error), entry.route, undefined, error);
      }
      if (env.value !== 0n && (!entry.payable || env.kind === QUERY)) {
        return outcomes.refuse(env, 'VALUE_REJECTED', `${entry.route} does not accept value`, entry.route, entry);
      }
      method = entry.method;
    }
    const rec = this.recorder;
    if (rec.on) {
      rec.log.push({
        type: 'message',
        block: this.clock.blockHeight,
        seq: env.seq,
        from: this.accounts.label(env.source),
        to: actor.label,
        kind: env.kind,
        payload,
        value: env.value,
        entry,
        code,
        cause: env.cause,
      });
    }
    return this.run(actor, env, entry, method, args, meter);
  }

  /** Runs the first segment of a decoded request. */
  private run(
    actor: ActorRecord,
    env: Envelope,
    entry: DispatchEntry | undefined,
    method: string | undefined,
    args: unknown[],
    meter: GasMeter | undefined,
  ): Task | undefined {
    const readOnly = entry !== undefined && (entry.readOnly || env.kind === QUERY);
    const task =
      this.spareTasks.pop()?.reuse(actor, env, entry, method, readOnly) ?? new Task(this.ops, actor, env, entry, method, readOnly);
    this.newestTask = task;
    actor.ctxRead = false;
    task.gas = meter ?? this.gasBook.meter(env.gasLimit);
    task.gas.watcher = task;
    const caller = env.waiter?.owner as Task | undefined;
    if (caller !== undefined) task.depth = caller.depth + 1;
    const outcomes = this.outcomes;
    outcomes.inflight++;
    if (actor.code.exclusive) {
      actor.busy = task;
      this.accounts.busyExclusive++;
    }
    task.enter();
    // The first segment may use the value the message brought.
    if (env.value !== 0n) this.ledger.release(actor, env.value);
    let result: unknown;
    let thenable = false;
    const wallClock = this.wallClock;
    try {
      task.gas.charge(GAS_COSTS.message + env.payload.length * GAS_COSTS.payloadByte);
      this.running = task;
      if (method === undefined) result = undefined;
      else {
        // The class's method, resolved once per route (code.ts); the instance lookup only for what that did not find.
        const fn = entry?.handler ?? (actor.instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') {
          throw new RuntimeError(
            'RUNTIME_INTERNAL',
            `${task.handlerName} is not a method: the generated code is stale; run \`npx sprocket gen\``,
          );
        }
        // Inside a wall-clock chunk (or without the backstop) the handler is called directly (wall-clock.ts).
        if (wallClock === undefined || wallClock.inChunk) result = (fn as (...a: unknown[]) => unknown).apply(actor.proxy, args);
        else result = wallClock.call(fn as (...a: unknown[]) => unknown, actor.proxy, args, task.handlerName);
      }
      if (wallClock?.inChunk === true && wallClock.handlerReturned()) {
        // Returned after the chunk's share: the rest of the segment is settled outside the chunk (settleLate), so
        // the watchdog never fires in the runtime's own bookkeeping right after a long handler.
        this.running = undefined;
        this.late = task;
        this.lateResult = result;
        this.lateThrew = false;
        return undefined;
      }
      // A returned value whose `then` cannot be read is the handler's failure, not the runtime's.
      thenable = result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function';
      this.running = undefined;
    } catch (error) {
      this.running = undefined;
      if (wallClock?.inChunk === true && wallClock.handlerReturned()) {
        // Threw after the chunk's share: rolled back outside the chunk (a long handler's journal takes a while).
        this.late = task;
        this.lateResult = error;
        this.lateThrew = true;
        return undefined;
      }
      outcomes.fail(task, error, undefined);
      this.recycle(task);
      return undefined;
    }
    return this.settle(task, result, thenable);
  }

  /**
   * Keeps a task that ended in its first, synchronous segment for the next message, if its handler never read its
   * context: then only the runtime ever referred to it (ops, waiters and kept contexts all come from `this.ctx`).
   * Most handlers of a burst of messages never touch the context, and a task is the largest object of a message.
   */
  private recycle(task: Task): void {
    if (task.done && !task.actor.ctxRead && this.spareTasks.length < SPARE_TASKS) this.spareTasks.push(task);
  }

  /** Settles the first segment of a handler that returned `result`: finished, parked, or running in microtasks. */
  private settle(task: Task, result: unknown, thenable: boolean): Task | undefined {
    const outcomes = this.outcomes;
    if (thenable) {
      try {
        this.watch(task, result as PromiseLike<unknown>);
      } catch (error) {
        // A hand-made thenable whose `then` throws: the handler failed.
        if (task.settled === 0) outcomes.fail(task, error, undefined);
        return undefined;
      }
      // The handler returned: it is suspended. If it waits on a runtime op already, the segment ends here.
      if (task.parkSeq !== task.segParkSeq && task.settled === 0) {
        outcomes.park(task);
        return undefined;
      }
      return task;
    }
    outcomes.finish(task, result);
    this.recycle(task);
    return undefined;
  }

  /**
   * Has the driver told when the promise of an asynchronous handler settles. Its own method: the callbacks'
   * closures would otherwise make `settle` allocate a context for every message, synchronous ones included.
   */
  private watch(task: Task, result: PromiseLike<unknown>): void {
    result.then(
      (value) => {
        task.settled = 1;
        task.result = value;
        this.onSettled(task);
      },
      (error) => {
        task.settled = 2;
        task.result = error;
        this.onSettled(task);
      },
    );
  }

  /** Settles a handler that returned or threw after its chunk's share (outside the chunk); returns the task if it needs microtasks. */
  settleLate(): Task | undefined {
    const task = this.late;
    if (task === undefined) return undefined;
    const result = this.lateResult;
    this.late = undefined;
    this.lateResult = undefined;
    if (this.lateThrew) {
      this.outcomes.fail(task, result, undefined);
      return undefined;
    }
    let thenable: boolean;
    try {
      thenable = result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function';
    } catch (error) {
      this.outcomes.fail(task, error, undefined);
      return undefined;
    }
    return this.settle(task, result, thenable);
  }

  /** Whether a handler that returned late waits to be settled ({@link settleLate}). */
  get hasLate(): boolean {
    return this.late !== undefined;
  }

  /**
   * The wall-clock watchdog terminated the running chunk: fails the handler (or class constructor) that was
   * running with WALL_CLOCK_EXCEEDED, exactly as a limit it passed (rolled back, the actor keeps working).
   * Termination skipped every `catch`/`finally` between the chunk and the handler; the state those frames would
   * have restored is what the failure path restores. False when no handler was running.
   */
  stopRunning(ms: number): boolean {
    const task = this.running;
    if (task !== undefined) {
      this.running = undefined;
      this.outcomes.fail(task, new LimitExceeded(wallClockHalt(task.handlerName, ms)), undefined);
      return true;
    }
    const ctor = this.constructing;
    if (ctor !== undefined) {
      this.constructing = undefined;
      ctor.meter.uninstall();
      const halt = wallClockHalt(`${ctor.route} (class constructor)`, ms);
      this.outcomes.refuse(ctor.env, halt.code, halt.reason, ctor.route);
      return true;
    }
    return false;
  }
}

/**
 * Why an init payload's header names no constructor. A call's header sent as an init payload is told apart from an
 * unknown constructor entry: "no constructor with entry id 0" would deny the constructor the program does have.
 */
function unknownConstructor(code: Code, header: SailsHeader): string {
  const known = code.definition.constructors.map((c) => `${c.name} = ${c.entryId}`).join(', ');
  if (header.route !== 0 || header.interfaceId !== CONSTRUCTOR_INTERFACE_ID) {
    return `${code.name}: the init payload's header is not a constructor's (interface ${header.interfaceId}, entry ${header.entryId}, route ${header.route}); a constructor's has interface ${CONSTRUCTOR_INTERFACE_ID} and route 0 (constructors: ${known})`;
  }
  return `${code.name} has no constructor with entry id ${header.entryId} (constructors: ${known})`;
}
