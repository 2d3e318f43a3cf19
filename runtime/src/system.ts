import {
  type ActorId,
  CallError,
  type CallOptions,
  type CodeId,
  type DeployOptions,
  HEADER_SIZE,
  type MessageId,
  type SendOptions,
  type Unsubscribe,
} from '@sprocket/sdk';
import { Accounts } from './accounts.js';
import type { ActorRecord } from './actor-record.js';
import { Clock } from './clock.js';
import type { ActorClass, Code } from './code.js';
import { Dispatcher } from './dispatch.js';
import { Driver } from './driver.js';
import { EventBus } from './events.js';
import { DEFAULT_BLOCK_GAS_LIMIT, DEFAULT_GAS_LIMIT, GasBook, gasLimitOf } from './gas.js';
import type { SystemInternals } from './internals.js';
import { StateTracker } from './journal.js';
import { Ledger } from './ledger.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, type ExecutionLimits, limitsOf } from './limits.js';
import { HANDLE, INIT, QUERY } from './message.js';
import type { RuntimeOp } from './op.js';
import { SegmentOutcomes } from './outcomes.js';
import { Recorder } from './recorder.js';
import type { EventRecord, ReplyRecord, UserAccount } from './records.js';
import { Replies } from './replies.js';
import { SegmentOps } from './segments.js';
import { mailboxWindowOf, type SystemOptions } from './system-options.js';
import type { Task } from './task.js';
import type { TraceEntry } from './trace.js';
import { checkBlocks, checkSalt, checkSeed, checkValue, checkWhole, ownPayload } from './values.js';
import { WallClock } from './wall-clock.js';
import { checkWindow, WindowMap } from './window.js';

export type { EventRecord, MailboxMessage, ReplyRecord, UserAccount } from './records.js';
export type { SystemOptions } from './system-options.js';

/**
 * The actor system: one message queue, blocks and a virtual clock, actors
 * with journaled state, users with balances and mailboxes. Deterministic:
 * the order of everything depends only on the seed and the inputs.
 *
 * A facade over rooms that each own one concern: accounts (who exists),
 * ledger (value), clock (queue, schedule, blocks), replies (waiters),
 * events, recorder (trace), segment ops, outcomes (commit and rollback),
 * dispatch and the driver.
 */
export class ActorSystem {
  private readonly accounts: Accounts;
  private readonly ledger: Ledger;
  private readonly clock: Clock;
  private readonly recorder: Recorder;
  private readonly eventBus: EventBus;
  private readonly replies: Replies;
  private readonly ops: SegmentOps;
  private readonly outcomes: SegmentOutcomes;
  private readonly driver: Driver;
  private readonly tracker = new StateTracker();
  private readonly gasBook: GasBook;
  /** Gas used per handled message, kept for the newest `replyWindow` messages like their reply records. */
  private readonly gasLog: WindowMap<number>;

  readonly seed: string;
  readonly replyTimeout: number;
  readonly maxPayloadBytes: number;
  readonly messagesPerBlock: number;
  readonly blockTimeMs: number;
  readonly genesisTimestamp: number;
  readonly maxIdleBlocks: number;
  readonly record: boolean;
  /** Trace records kept. */
  readonly traceWindow: number;
  /** Events kept per actor. */
  readonly eventWindow: number;
  /** Reply records of users' messages kept. */
  readonly replyWindow: number;
  /** Messages kept per user mailbox. */
  readonly mailboxWindow: number;
  /** @deprecated Ignored (see {@link SystemOptions.microtaskBudget}). */
  readonly microtaskBudget: number;
  /** The execution limits in force. */
  readonly limits: ExecutionLimits;

  constructor(options: SystemOptions = {}) {
    this.seed = checkSeed(options.seed ?? 'sprocket');
    this.replyTimeout = checkBlocks(options.replyTimeout ?? 1000, 'replyTimeout');
    // A limit below the 16-byte Sails header would refuse every message that has one.
    this.maxPayloadBytes = checkWhole(options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES, 'maxPayloadBytes', HEADER_SIZE);
    this.messagesPerBlock = checkWhole(options.messagesPerBlock ?? 10_000, 'messagesPerBlock', 1);
    this.blockTimeMs = checkWhole(options.blockTimeMs ?? 3000, 'blockTimeMs', 1);
    this.genesisTimestamp = checkWhole(options.genesisTimestamp ?? 0, 'genesisTimestamp', 0);
    this.maxIdleBlocks = checkBlocks(options.maxIdleBlocks ?? 100_000, 'maxIdleBlocks');
    this.record = options.record ?? true;
    this.traceWindow = checkWindow(options.traceWindow ?? 10_000, 'traceWindow');
    this.eventWindow = checkWindow(options.eventWindow ?? 1_000, 'eventWindow');
    this.replyWindow = checkWindow(options.replyWindow ?? 10_000, 'replyWindow');
    this.mailboxWindow = mailboxWindowOf(options.mailboxWindow);
    this.gasLog = new WindowMap<number>(this.replyWindow);
    this.microtaskBudget = options.microtaskBudget ?? 64;
    this.limits = limitsOf(options.limits);
    const accounts = new Accounts(this.seed);
    accounts.journalCap = 5 * this.limits.stateWritesPerSegment;
    const clock = new Clock(this.seed, this.messagesPerBlock, this.blockTimeMs, this.genesisTimestamp);
    const ledger = new Ledger(accounts);
    const recorder = new Recorder(this.record, { label: (a) => accounts.label(a), messageId: (s) => clock.messageId(s) }, this.traceWindow);
    const events = new EventBus(recorder, clock, this.eventWindow);
    const replies = new Replies(clock, accounts, recorder, this.replyWindow);
    const ops = new SegmentOps(clock, accounts, this.replyTimeout);
    const outcomes = new SegmentOutcomes(clock, accounts, ledger, recorder, events, replies);
    const dispatcher = new Dispatcher(clock, accounts, ledger, recorder, replies, ops, outcomes, this.tracker, this.maxPayloadBytes);
    const driver = new Driver(clock, replies, dispatcher, outcomes, this.maxIdleBlocks);
    ops.onParked = (task) => driver.segmentMayHaveEnded(task);
    ops.limits = this.limits;
    ops.maxPayloadBytes = this.maxPayloadBytes;
    ops.sandboxGlobals = options.sandboxGlobals ?? true;
    outcomes.limits = this.limits;
    outcomes.maxPayloadBytes = this.maxPayloadBytes;
    if (this.limits.wallClockMs > 0) dispatcher.wallClock = new WallClock(this.limits.wallClockMs);
    this.gasBook = new GasBook(options.gasLimit ?? DEFAULT_GAS_LIMIT, options.blockGasLimit ?? DEFAULT_BLOCK_GAS_LIMIT);
    dispatcher.gasBook = this.gasBook;
    dispatcher.mailboxWindow = this.mailboxWindow;
    driver.gasBook = this.gasBook;
    if (this.record) outcomes.gasUsed = (seq, gas) => this.gasLog.set(seq, gas);
    if (options.gasReport !== undefined) {
      outcomes.gasReport = options.gasReport;
      outcomes.reportGas = true;
    }
    dispatcher.onSettled = (task) => driver.handlerSettled(task);
    this.accounts = accounts;
    this.clock = clock;
    this.ledger = ledger;
    this.recorder = recorder;
    this.eventBus = events;
    this.replies = replies;
    this.ops = ops;
    this.outcomes = outcomes;
    this.driver = driver;
  }

  // ---------------------------------------------------------------- queries of the system

  /** Current block height. */
  get blockHeight(): number {
    return this.clock.blockHeight;
  }

  set blockHeight(height: number) {
    this.clock.blockHeight = height;
  }

  /** Virtual time of the current block in milliseconds. */
  get blockTimestamp(): number {
    return this.clock.blockTimestamp;
  }

  /** The id of a message counter value. */
  messageId(seq: number): MessageId {
    return this.clock.messageId(seq);
  }

  /** A readable name: the user's name, `Program` / `Program#n` for actors, else the address. */
  label(address: string): string {
    return this.accounts.label(address);
  }

  /** Registers an actor class as code (idempotent); returns its deterministic CodeId. */
  registerCode(actorClass: ActorClass): CodeId {
    return this.accounts.registerCode(actorClass);
  }

  /** Registered code by id or program name. */
  findCode(idOrName: string): Code | undefined {
    return this.accounts.findCode(idOrName);
  }

  /** The record of a deployed actor. */
  actor(address: ActorId): ActorRecord | undefined {
    return this.accounts.actors.get(address);
  }

  /** Every deployed actor's address, in deploy order. */
  actorIdsList(): ActorId[] {
    return [...this.accounts.actors.keys()];
  }

  /** Creates (or returns) a user by name; `balance` is minted on creation. */
  user(name: string, balance?: bigint): UserAccount {
    return this.ledger.user(name, balance);
  }

  /** A user by address. */
  userAt(address: ActorId): UserAccount | undefined {
    return this.accounts.users.get(address);
  }

  /** The u128 balance of any address (0 if unknown). */
  balanceOf(address: ActorId): bigint {
    return this.ledger.balanceOf(address);
  }

  /** Creates value out of nothing (tests only): the one way the total supply changes. */
  mint(address: ActorId, amount: bigint): void {
    this.ledger.mint(address, amount);
  }

  /** Sum of every balance plus value in flight: constant except by `mint`. */
  totalSupply(): bigint {
    return this.ledger.totalSupply();
  }

  /** Value sent and not yet credited or refunded (0 when idle). */
  get valueInFlight(): bigint {
    return this.ledger.escrow;
  }

  /** Events an actor published, oldest first (recorded only with `record`). */
  events(address: ActorId): readonly EventRecord[] {
    return this.eventBus.of(address);
  }

  /** The outcome of a message a user sent, once its reply has been processed (and while in the reply window). */
  replyOf(messageId: MessageId): ReplyRecord | undefined {
    return this.replies.replyOf(messageId);
  }

  /** Whether a message id is one this system gave (to a message sent so far), rather than another system's or made up. */
  gaveMessageId(messageId: MessageId): boolean {
    const seq = typeof messageId === 'string' ? this.clock.seqOf(messageId) : undefined;
    return seq !== undefined && seq >= 1 && seq <= this.clock.messageIds.counter && this.clock.messageId(seq) === messageId;
  }

  /** Gas the handler of a message used (all its segments), once it ended; undefined if no handler ran or without `record`. */
  gasOf(messageId: MessageId): number | undefined {
    const seq = this.clock.seqOf(messageId);
    return seq === undefined ? undefined : this.gasLog.get(seq);
  }

  /** Whether the reply record of a user's message may have fallen out of the reply window. */
  replyDropped(messageId: MessageId): boolean {
    return this.replies.replyDropped(messageId);
  }

  /** How many of an actor's events fell out of its event window. */
  eventsDropped(address: ActorId): number {
    return this.eventBus.droppedOf(address);
  }

  /** How many trace records fell out of the trace window. */
  get traceDropped(): number {
    return this.recorder.log.dropped;
  }

  /** Subscribes to the committed events of an actor (raw Sails payloads). */
  subscribe(source: ActorId, listener: (payload: Uint8Array) => void): Unsubscribe {
    return this.eventBus.subscribe(source, listener);
  }

  /** The trace, structured and decoded. */
  traceEntries(): TraceEntry[] {
    return this.recorder.entries();
  }

  /** The trace as text, one line per message, reply, event and rollback. */
  trace(): string {
    return this.traceEntries()
      .map((e) => e.text)
      .join('\n');
  }

  /** Whether nothing is queued, scheduled or running. */
  get idle(): boolean {
    return this.outcomes.ready.length === 0 && this.outcomes.inflight === 0 && this.clock.empty;
  }

  // ---------------------------------------------------------------- sending from users

  /** A user's request-reply call (or query): resolves with the reply payload, rejects with a CallError. */
  userCall(from: ActorId, target: ActorId, payload: Uint8Array, options: CallOptions | undefined, query: boolean): Promise<Uint8Array> {
    // Bad options reject the call (it returns a Promise) and are checked before any value moves.
    let user: UserAccount;
    let value: bigint;
    let timeout: number;
    let gasLimit: number;
    try {
      user = this.accounts.requireUser(from);
      value = checkValue(options?.value, 'call');
      timeout = this.ops.timeoutOf(options?.timeout);
      gasLimit = gasLimitOf(options?.gasLimit, this.gasBook.blockLimit);
      payload = ownPayload(payload, query ? 'query' : 'call');
    } catch (error) {
      return Promise.reject(error);
    }
    const refused = this.ledger.debit(user, value, target);
    if (refused !== undefined) return Promise.reject(refused);
    const env = this.clock.envelope(query ? QUERY : HANDLE, user.id, target, payload, value);
    env.fromUser = true;
    env.gasLimit = gasLimit;
    const { promise } = this.replies.userWaiter(env, timeout);
    this.clock.queue.push(env);
    this.driver.kick();
    return promise as Promise<Uint8Array>;
  }

  /** A user's fire-and-forget message: enqueued (or scheduled), not run; returns its id. `owned`: keep `payload` uncopied. */
  userSend(from: ActorId, target: ActorId, payload: Uint8Array, options: SendOptions | undefined, owned = false): MessageId {
    const user = this.accounts.requireUser(from);
    const value = checkValue(options?.value, 'send');
    const delay = checkBlocks(options?.delay, 'delay');
    const gasLimit = gasLimitOf(options?.gasLimit, this.gasBook.blockLimit);
    const bytes = owned ? payload : ownPayload(payload, 'send');
    const refused = this.ledger.debit(user, value, target);
    if (refused !== undefined) throw refused;
    const env = this.clock.envelope(HANDLE, user.id, target, bytes, value);
    env.fromUser = true;
    env.gasLimit = gasLimit;
    this.clock.enqueue(env, delay);
    return this.clock.messageId(env.seq);
  }

  /** A user's deploy of registered code: resolves with the new actor's address once its constructor succeeded. */
  userDeploy(from: ActorId, codeId: CodeId, payload: Uint8Array, options: DeployOptions | undefined): Promise<ActorId> {
    let user: UserAccount;
    let value: bigint;
    let timeout: number;
    let gasLimit: number;
    try {
      user = this.accounts.requireUser(from);
      value = checkValue(options?.value, 'deploy');
      checkSalt(options?.salt, 'deploy');
      timeout = this.ops.timeoutOf(options?.timeout);
      gasLimit = gasLimitOf(options?.gasLimit, this.gasBook.blockLimit);
      payload = ownPayload(payload, 'deploy');
    } catch (error) {
      return Promise.reject(error);
    }
    const code = this.accounts.codes.get(codeId);
    if (code === undefined) {
      return Promise.reject(new CallError('SPAWN_FAILED', { actor: codeId, reason: `no code ${codeId} is registered` }));
    }
    const address = this.accounts.newAddress(code, options?.salt);
    if (typeof address !== 'string') return Promise.reject(address);
    const refused = this.ledger.debit(user, value, address);
    if (refused !== undefined) return Promise.reject(refused);
    this.ledger.openActor(address, code);
    const env = this.clock.envelope(INIT, user.id, address, payload, value);
    env.fromUser = true;
    env.gasLimit = gasLimit;
    const { waiter, promise } = this.replies.userWaiter(env, timeout);
    waiter.address = address;
    this.clock.queue.push(env);
    this.driver.kick();
    return promise as Promise<ActorId>;
  }

  /** A node's deploy input: creates the actor, enqueues its constructor (outcome: the id's reply record); a CallError if refused. */
  userDeploySend(
    from: ActorId,
    codeId: CodeId,
    payload: Uint8Array,
    options: DeployOptions | undefined,
  ): { address: ActorId; messageId: MessageId } {
    const user = this.accounts.requireUser(from);
    const value = checkValue(options?.value, 'deploy');
    checkSalt(options?.salt, 'deploy');
    const gasLimit = gasLimitOf(options?.gasLimit, this.gasBook.blockLimit);
    const code = this.accounts.codes.get(codeId);
    if (code === undefined) throw new CallError('SPAWN_FAILED', { actor: codeId, reason: `no code ${codeId} is registered` });
    const address = this.accounts.newAddress(code, options?.salt);
    if (typeof address !== 'string') throw address;
    const refused = this.ledger.debit(user, value, address);
    if (refused !== undefined) throw refused;
    this.ledger.openActor(address, code);
    const env = this.clock.envelope(INIT, user.id, address, payload, value);
    env.fromUser = true;
    env.gasLimit = gasLimit;
    this.clock.queue.push(env);
    return { address, messageId: this.clock.messageId(env.seq) };
  }

  // ---------------------------------------------------------------- context operations (used by tasks)

  /** `ctx.call` / `ctx.query` of a running task. */
  ctxCall(task: Task, target: ActorId, payload: Uint8Array, options: CallOptions | undefined, query: boolean): RuntimeOp<Uint8Array> {
    return this.ops.ctxCall(task, target, payload, options, query);
  }

  /** `ctx.send` of a running task. */
  ctxSend(task: Task, target: ActorId, payload: Uint8Array, options: SendOptions | undefined): MessageId {
    return this.ops.ctxSend(task, target, payload, options);
  }

  /** `ctx.deploy` of a running task. */
  ctxDeploy(task: Task, codeId: CodeId, payload: Uint8Array, options: DeployOptions | undefined): RuntimeOp<ActorId> {
    return this.ops.ctxDeploy(task, codeId, payload, options);
  }

  /** `ctx.sleep` of a running task. */
  ctxSleep(task: Task, blocks: number): RuntimeOp<void> {
    return this.ops.ctxSleep(task, blocks);
  }

  /** `ctx.transfer` of a running task. */
  ctxTransfer(task: Task, to: ActorId, value: bigint): void {
    this.ops.ctxTransfer(task, to, value);
  }

  /** `ctx.emitEvent` of a running task. */
  ctxEmit(task: Task, name: string, payload: unknown): void {
    this.ops.ctxEmit(task, name, payload);
  }

  /** Told by a task that one of its ops got a callback. */
  segmentMayHaveEnded(task: Task): void {
    this.driver.segmentMayHaveEnded(task);
  }

  // ---------------------------------------------------------------- driving

  /** Processes everything, delayed messages and timeouts included, until nothing is left. */
  runUntilIdle(options: { maxBlocks?: number } = {}): Promise<void> {
    return this.driver.runUntilIdle(options);
  }

  /** Handles the current block, then `n` more blocks one by one (messages due in them included). */
  runBlocks(n: number): Promise<void> {
    return this.driver.runBlocks(n);
  }

  // ---------------------------------------------------------------- snapshots

  /** Internal state for snapshots (see snapshot.ts). */
  get internals(): SystemInternals {
    const { accounts, clock, ledger, outcomes } = this;
    return {
      codes: accounts.codes,
      actors: accounts.actors,
      users: accounts.users,
      usersByName: accounts.usersByName,
      others: ledger.others,
      labels: accounts.labels,
      labelCounts: accounts.labelCounts,
      queue: clock.queue,
      schedule: clock.schedule,
      messageIds: clock.messageIds,
      actorIds: accounts.actorIds,
      eventLog: this.eventBus.log,
      replyLog: this.replies.log,
      traceLog: this.recorder.log,
      tracker: this.tracker,
      gasLog: this.gasLog,
      gasBook: this.gasBook,
      get blockSent(): [number, number] {
        return [outcomes.sentHeight, outcomes.blockSent];
      },
      set blockSent([height, sent]: [number, number]) {
        outcomes.sentHeight = height;
        outcomes.blockSent = sent;
      },
      get blockCount() {
        return clock.blockCount;
      },
      set blockCount(v: number) {
        clock.blockCount = v;
      },
      get escrow() {
        return ledger.escrow;
      },
      set escrow(v: bigint) {
        ledger.escrow = v;
      },
      changes: accounts,
      busy: outcomes.inflight > 0 || this.replies.callDemand > 0 || outcomes.ready.length > 0 || this.driver.driving,
      pending: { handlers: outcomes.inflight, calls: this.replies.callDemand },
    };
  }
}
