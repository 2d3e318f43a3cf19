// The module's own setImmediate: a test that fakes the global timers must not stall or trip the guard.
import { setImmediate } from 'node:timers';
import {
  type ActorId,
  CallError,
  type CallErrorCode,
  type CallOptions,
  type CodeId,
  type DeployOptions,
  HEADER_SIZE,
  type MessageId,
  readHeader,
  type SailsHeader,
  ScaleReader,
  type SendOptions,
  type Unsubscribe,
} from '@sprocket/sdk';
import { ActorRecord } from './actor-record.js';
import { type ActorClass, Code, type DispatchEntry } from './code.js';
import { RuntimeError } from './errors.js';
import { Fifo } from './fifo.js';
import { hashId, IdSequence, userIdOf } from './ids.js';
import { StateTracker } from './journal.js';
import { EMPTY, Envelope, HANDLE, INIT, QUERY, REPLY, type ReplyError, WAKE, Waiter } from './message.js';
import { microtask } from './microtask.js';
import { RuntimeOp } from './op.js';
import { BlockSchedule } from './schedule.js';
import { Task } from './task.js';
import { formatTrace, type TraceEntry, type TraceRecord } from './trace.js';

/** Options of an actor system. */
export interface SystemOptions {
  /** Seed of message and actor ids; same seed and inputs give the same run. Default `"sprocket"`. */
  readonly seed?: string | number;
  /** Blocks a call waits for its reply when the call gives no `timeout`. Default 1000. */
  readonly replyTimeout?: number;
  /** Largest accepted payload in bytes; larger messages get a PAYLOAD_TOO_LARGE error reply. Default 8 MiB. */
  readonly maxPayloadBytes?: number;
  /** Messages handled per block before the block is full and the next one starts. Default 10,000. */
  readonly messagesPerBlock?: number;
  /** Virtual milliseconds per block. Default 3000 (Vara). */
  readonly blockTimeMs?: number;
  /** Timestamp of block 0 in virtual milliseconds. Default 0. */
  readonly genesisTimestamp?: number;
  /** Blocks `runUntilIdle` may pass before failing with RUNTIME_RUN_LIMIT. Default 100,000. */
  readonly maxIdleBlocks?: number;
  /** Record the trace and each actor's events. Default true. */
  readonly record?: boolean;
  /**
   * @deprecated Ignored. The determinism guard no longer counts microtask checks: a segment
   * ends when its handler parks or settles, and is judged foreign once the microtask queue drains.
   */
  readonly microtaskBudget?: number;
}

/** A user account: a name, a u128 balance and a mailbox. */
export interface UserAccount {
  readonly id: ActorId;
  readonly name: string;
  balance: bigint;
  readonly mailbox: MailboxMessage[];
}

/** A message an actor sent to a user. */
export interface MailboxMessage {
  readonly id: MessageId;
  readonly source: ActorId;
  readonly payload: Uint8Array;
  readonly value: bigint;
  readonly block: number;
}

/** The outcome of a message, as its sender sees it. */
export type ReplyRecord =
  | { readonly ok: true; readonly payload: Uint8Array; readonly block: number }
  | {
      readonly ok: false;
      readonly code: CallErrorCode;
      readonly reason: string;
      readonly route: string | undefined;
      readonly block: number;
    };

/** An event an actor published (committed segments only). */
export interface EventRecord {
  readonly actor: ActorId;
  readonly name: string;
  readonly payload: Uint8Array;
  readonly block: number;
  readonly messageId: MessageId;
}

interface IdleGoal {
  readonly limit: number;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

interface BlockGoal {
  readonly target: number;
  readonly resolve: () => void;
}

const U128_MAX = (1n << 128n) - 1n;

function checkValue(value: bigint | undefined, what: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value !== 'bigint' || value < 0n || value > U128_MAX) {
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what}: value must be a u128 bigint, got ${String(value)}`);
  }
  return value;
}

function checkBlocks(n: number | undefined, what: string): number {
  if (n === undefined) return 0;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${what} must be a whole number of blocks ≥ 0, got ${n}`);
  return n;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The actor system: one message queue, blocks and a virtual clock, actors
 * with journaled state, users with balances and mailboxes. Deterministic:
 * the order of everything depends only on the seed and the inputs.
 */
export class ActorSystem {
  /** Current block height. */
  blockHeight = 0;
  private readonly codes = new Map<CodeId, Code>();
  private readonly actors = new Map<ActorId, ActorRecord>();
  private readonly users = new Map<ActorId, UserAccount>();
  private readonly usersByName = new Map<string, UserAccount>();
  /** Balances of addresses that are neither actors nor users. */
  private readonly others = new Map<ActorId, bigint>();
  private readonly labels = new Map<string, string>();
  private readonly labelCounts = new Map<string, number>();
  private readonly queue = new Fifo<Envelope>();
  private readonly ready: ActorRecord[] = [];
  private readonly schedule = new BlockSchedule();
  private readonly tracker = new StateTracker();
  private readonly messageIds: IdSequence;
  private readonly actorIds: IdSequence;
  private readonly subscribers = new Map<ActorId, Set<(payload: Uint8Array) => void>>();
  private readonly eventLog = new Map<ActorId, EventRecord[]>();
  private readonly replyLog = new Map<number, ReplyRecord>();
  private traceLog: TraceRecord[] = [];
  private blockCount = 0;
  private callDemand = 0;
  private readonly idleGoals: IdleGoal[] = [];
  private readonly blockGoals: BlockGoal[] = [];
  private driving = false;
  private kicked = false;
  /** The task whose asynchronous segment the driver waits for. */
  private awaited: Task | undefined = undefined;
  private checkQueued = false;
  private watchdogArmed = false;
  /** Value in flight (sent, not yet credited or refunded). */
  private escrow = 0n;
  /** Tasks started and not finished. */
  private inflight = 0;
  /** Exclusive actors in a turn (`busy` set): only they can close a call cycle. */
  private busyExclusive = 0;

  readonly seed: string;
  readonly replyTimeout: number;
  readonly maxPayloadBytes: number;
  readonly messagesPerBlock: number;
  readonly blockTimeMs: number;
  readonly genesisTimestamp: number;
  readonly maxIdleBlocks: number;
  readonly record: boolean;
  /** @deprecated Ignored (see {@link SystemOptions.microtaskBudget}). */
  readonly microtaskBudget: number;

  constructor(options: SystemOptions = {}) {
    this.seed = String(options.seed ?? 'sprocket');
    this.replyTimeout = checkBlocks(options.replyTimeout ?? 1000, 'replyTimeout');
    this.maxPayloadBytes = options.maxPayloadBytes ?? 8 * 1024 * 1024;
    this.messagesPerBlock = options.messagesPerBlock ?? 10_000;
    this.blockTimeMs = options.blockTimeMs ?? 3000;
    this.genesisTimestamp = options.genesisTimestamp ?? 0;
    this.maxIdleBlocks = options.maxIdleBlocks ?? 100_000;
    this.record = options.record ?? true;
    this.microtaskBudget = options.microtaskBudget ?? 64;
    if (this.messagesPerBlock < 1) throw new RuntimeError('RUNTIME_BAD_OPTION', 'messagesPerBlock must be at least 1');
    this.messageIds = new IdSequence(this.seed, 'message');
    this.actorIds = new IdSequence(this.seed, 'actor');
  }

  // ---------------------------------------------------------------- queries of the system

  /** Virtual time of the current block in milliseconds. */
  get blockTimestamp(): number {
    return this.genesisTimestamp + this.blockHeight * this.blockTimeMs;
  }

  /** The id of a message counter value. */
  messageId(seq: number): MessageId {
    return this.messageIds.format(seq);
  }

  /** A readable name: the user's name, `Program` / `Program#n` for actors, else the address. */
  label(address: string): string {
    return this.labels.get(address) ?? address;
  }

  /** Registers an actor class as code (idempotent); returns its deterministic CodeId. */
  registerCode(actorClass: ActorClass): CodeId {
    const code = Code.of(actorClass);
    const existing = this.codes.get(code.id);
    if (existing === undefined) this.codes.set(code.id, code);
    return code.id;
  }

  /** Registered code by id or program name. */
  findCode(idOrName: string): Code | undefined {
    const byId = this.codes.get(idOrName as CodeId);
    if (byId !== undefined) return byId;
    for (const code of this.codes.values()) if (code.name === idOrName) return code;
    return undefined;
  }

  /** The record of a deployed actor. */
  actor(address: ActorId): ActorRecord | undefined {
    return this.actors.get(address);
  }

  /** Every deployed actor's address, in deploy order. */
  actorIdsList(): ActorId[] {
    return [...this.actors.keys()];
  }

  /** Creates (or returns) a user by name; `balance` is minted on creation. */
  user(name: string, balance?: bigint): UserAccount {
    let user = this.usersByName.get(name);
    if (user === undefined) {
      const id = userIdOf(name);
      const before = this.others.get(id) ?? 0n;
      this.others.delete(id);
      user = { id, name, balance: before, mailbox: [] };
      this.users.set(id, user);
      this.usersByName.set(name, user);
      this.labels.set(id, name);
      if (balance !== undefined) this.mint(id, balance);
    }
    return user;
  }

  /** A user by address. */
  userAt(address: ActorId): UserAccount | undefined {
    return this.users.get(address);
  }

  /** The u128 balance of any address (0 if unknown). */
  balanceOf(address: ActorId): bigint {
    return this.actors.get(address)?.balance ?? this.users.get(address)?.balance ?? this.others.get(address) ?? 0n;
  }

  /** Creates value out of nothing (tests only): the one way the total supply changes. */
  mint(address: ActorId, amount: bigint): void {
    checkValue(amount, 'mint');
    this.credit(address, amount);
  }

  /** Sum of every balance plus value in flight: constant except by `mint`. */
  totalSupply(): bigint {
    let sum = this.escrow;
    for (const a of this.actors.values()) sum += a.balance;
    for (const u of this.users.values()) sum += u.balance;
    for (const b of this.others.values()) sum += b;
    return sum;
  }

  /** Value sent and not yet credited or refunded (0 when idle). */
  get valueInFlight(): bigint {
    return this.escrow;
  }

  /** Events an actor published, oldest first (recorded only with `record`). */
  events(address: ActorId): readonly EventRecord[] {
    return this.eventLog.get(address) ?? [];
  }

  /** The outcome of a message a user sent, once its reply has been processed. */
  replyOf(messageId: MessageId): ReplyRecord | undefined {
    const prefix = this.messageIds.prefix;
    if (!messageId.startsWith(prefix)) return undefined;
    return this.replyLog.get(Number.parseInt(messageId.slice(prefix.length), 16));
  }

  /** Subscribes to the committed events of an actor (raw Sails payloads). */
  subscribe(source: ActorId, listener: (payload: Uint8Array) => void): Unsubscribe {
    let set = this.subscribers.get(source);
    if (set === undefined) {
      set = new Set();
      this.subscribers.set(source, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** The trace, structured and decoded. */
  traceEntries(): TraceEntry[] {
    return formatTrace(this.traceLog, { label: (a) => this.label(a), messageId: (s) => this.messageId(s) });
  }

  /** The trace as text, one line per message, reply, event and rollback. */
  trace(): string {
    return this.traceEntries()
      .map((e) => e.text)
      .join('\n');
  }

  /** Whether nothing is queued, scheduled or running. */
  get idle(): boolean {
    return this.queue.size === 0 && this.ready.length === 0 && this.inflight === 0 && this.schedule.nextDue() === undefined;
  }

  // ---------------------------------------------------------------- sending from users

  private envelope(kind: number, source: ActorId, dest: ActorId, payload: Uint8Array, value: bigint): Envelope {
    const env = new Envelope();
    env.seq = this.messageIds.next();
    env.kind = kind;
    env.source = source;
    env.dest = dest;
    env.payload = payload;
    env.value = value;
    env.block = this.blockHeight;
    return env;
  }

  private requireUser(from: ActorId): UserAccount {
    const user = this.users.get(from);
    if (user === undefined) throw new RuntimeError('RUNTIME_UNKNOWN_ADDRESS', `${from} is not a user of this system`);
    return user;
  }

  private debit(user: UserAccount, value: bigint, target: ActorId): CallError | undefined {
    if (value === 0n) return undefined;
    if (user.balance < value) {
      return new CallError('VALUE_REJECTED', { actor: target, reason: `${user.name} has ${user.balance}, cannot send ${value}` });
    }
    user.balance -= value;
    this.escrow += value;
    return undefined;
  }

  /** The reply timeout of a call in blocks (the default when the call gives none); throws on a bad option. */
  private timeoutOf(timeout: number | undefined): number {
    return timeout === undefined ? this.replyTimeout : checkBlocks(timeout, 'timeout');
  }

  /** `timeout` must come from {@link timeoutOf}: checked before any value moved. */
  private userWaiter(env: Envelope, timeout: number): { waiter: Waiter; promise: Promise<unknown> } {
    const waiter = new Waiter(env.dest, env, undefined);
    const promise = new Promise<unknown>((resolve, reject) => {
      waiter.resolveUser = resolve;
      waiter.rejectUser = reject;
    });
    waiter.deadline = this.blockHeight + timeout;
    env.waiter = waiter;
    this.schedule.addTimeout(waiter);
    this.callDemand++;
    return { waiter, promise };
  }

  /** A user's request-reply call (or query): resolves with the reply payload, rejects with a CallError. */
  userCall(from: ActorId, target: ActorId, payload: Uint8Array, options: CallOptions | undefined, query: boolean): Promise<Uint8Array> {
    // Bad options reject the call (it returns a Promise) and are checked before any value moves.
    let user: UserAccount;
    let value: bigint;
    let timeout: number;
    try {
      user = this.requireUser(from);
      value = checkValue(options?.value, 'call');
      timeout = this.timeoutOf(options?.timeout);
    } catch (error) {
      return Promise.reject(error);
    }
    const refused = this.debit(user, value, target);
    if (refused !== undefined) return Promise.reject(refused);
    const env = this.envelope(query ? QUERY : HANDLE, user.id, target, payload, value);
    env.fromUser = true;
    const { promise } = this.userWaiter(env, timeout);
    this.queue.push(env);
    this.kick();
    return promise as Promise<Uint8Array>;
  }

  /** A user's fire-and-forget message: enqueued (or scheduled), not run; returns its id. */
  userSend(from: ActorId, target: ActorId, payload: Uint8Array, options: SendOptions | undefined): MessageId {
    const user = this.requireUser(from);
    const value = checkValue(options?.value, 'send');
    const delay = checkBlocks(options?.delay, 'delay');
    const refused = this.debit(user, value, target);
    if (refused !== undefined) throw refused;
    const env = this.envelope(HANDLE, user.id, target, payload, value);
    env.fromUser = true;
    this.enqueue(env, delay);
    return this.messageId(env.seq);
  }

  /** A user's deploy of registered code: resolves with the new actor's address once its constructor succeeded. */
  userDeploy(from: ActorId, codeId: CodeId, payload: Uint8Array, options: DeployOptions | undefined): Promise<ActorId> {
    let user: UserAccount;
    let value: bigint;
    let timeout: number;
    try {
      user = this.requireUser(from);
      value = checkValue(options?.value, 'deploy');
      timeout = this.timeoutOf(options?.timeout);
    } catch (error) {
      return Promise.reject(error);
    }
    const code = this.codes.get(codeId);
    if (code === undefined) {
      return Promise.reject(new CallError('SPAWN_FAILED', { actor: codeId, reason: `no code ${codeId} is registered` }));
    }
    const address = this.newAddress(code, options?.salt);
    if (typeof address !== 'string') return Promise.reject(address);
    const refused = this.debit(user, value, address);
    if (refused !== undefined) return Promise.reject(refused);
    this.createActor(address, code);
    const env = this.envelope(INIT, user.id, address, payload, value);
    env.fromUser = true;
    const { waiter, promise } = this.userWaiter(env, timeout);
    waiter.address = address;
    this.queue.push(env);
    this.kick();
    return promise as Promise<ActorId>;
  }

  /**
   * A user's deploy that does not wait (a node's logged input): the actor is created and its constructor
   * message enqueued; the outcome is the reply record of the returned message id. Throws a CallError when refused.
   */
  userDeploySend(
    from: ActorId,
    codeId: CodeId,
    payload: Uint8Array,
    options: DeployOptions | undefined,
  ): { address: ActorId; messageId: MessageId } {
    const user = this.requireUser(from);
    const value = checkValue(options?.value, 'deploy');
    const code = this.codes.get(codeId);
    if (code === undefined) throw new CallError('SPAWN_FAILED', { actor: codeId, reason: `no code ${codeId} is registered` });
    const address = this.newAddress(code, options?.salt);
    if (typeof address !== 'string') throw address;
    const refused = this.debit(user, value, address);
    if (refused !== undefined) throw refused;
    this.createActor(address, code);
    const env = this.envelope(INIT, user.id, address, payload, value);
    env.fromUser = true;
    this.queue.push(env);
    return { address, messageId: this.messageId(env.seq) };
  }

  private newAddress(code: Code, salt: Uint8Array | undefined): ActorId | CallError {
    if (salt === undefined) return this.actorIds.format(this.actorIds.next()) as ActorId;
    const address = hashId('sprocket:actor', code.id, salt) as ActorId;
    if (this.actors.has(address)) {
      return new CallError('SPAWN_FAILED', {
        actor: address,
        reason: `an actor of ${code.name} with this salt already exists at ${address}`,
      });
    }
    return address;
  }

  private createActor(address: ActorId, code: Code): ActorRecord {
    const n = (this.labelCounts.get(code.name) ?? 0) + 1;
    this.labelCounts.set(code.name, n);
    const label = n === 1 ? code.name : `${code.name}#${n}`;
    const record = new ActorRecord(address, code, label);
    const before = this.others.get(address);
    if (before !== undefined) {
      record.balance = before;
      this.others.delete(address);
    }
    this.actors.set(address, record);
    this.labels.set(address, label);
    return record;
  }

  private enqueue(env: Envelope, delay: number): void {
    if (delay > 0) {
      env.due = this.blockHeight + delay;
      this.schedule.add(env.due, env);
    } else this.queue.push(env);
  }

  private credit(address: ActorId, value: bigint): void {
    if (value === 0n) return;
    const actor = this.actors.get(address);
    if (actor !== undefined) {
      actor.balance += value;
      return;
    }
    const user = this.users.get(address);
    if (user !== undefined) {
      user.balance += value;
      return;
    }
    this.others.set(address, (this.others.get(address) ?? 0n) + value);
  }

  // ---------------------------------------------------------------- the context operations of a running task

  private active(task: Task, what: string): void {
    if (task.actor.seg !== task || task.done) {
      throw new RuntimeError('RUNTIME_NOT_IN_HANDLER', `${task.handlerName}: ctx.${what} used outside the handler's execution segment`);
    }
    if (task.readOnly && what !== 'query') {
      task.actor.mutationAttempted = true;
      throw new RuntimeError('RUNTIME_QUERY_MUTATED', `${task.handlerName}: a query cannot ${what}`);
    }
  }

  private reserve(task: Task, value: bigint, target: string): void {
    if (value === 0n) return;
    if (task.actor.balance - task.outflow < value) {
      throw new CallError('VALUE_REJECTED', {
        actor: target,
        reason: `${task.actor.label} has ${task.actor.balance - task.outflow} available, cannot send ${value}`,
      });
    }
    task.outflow += value;
  }

  private pushOut(task: Task, env: Envelope): void {
    // The array outlives the segment (a task that awaits in a loop reuses it): slots are cleared on commit.
    if (task.out === undefined) task.out = [env];
    else task.out[task.outLen] = env;
    task.outLen++;
  }

  /** `ctx.call` / `ctx.query`: the request is sent when the segment commits. */
  ctxCall(task: Task, target: ActorId, payload: Uint8Array, options: CallOptions | undefined, query: boolean): RuntimeOp<Uint8Array> {
    this.active(task, query ? 'query' : 'call');
    const value = checkValue(options?.value, 'call');
    const timeout = this.timeoutOf(options?.timeout);
    const cycle = this.cycle(task, target);
    if (cycle !== undefined) {
      return RuntimeOp.rejected(
        task,
        new CallError('CALL_CYCLE', { actor: target, reason: `call cycle ${cycle}: an exclusive actor would wait for itself forever` }),
      );
    }
    this.reserve(task, value, target);
    const env = this.envelope(query ? QUERY : HANDLE, task.actor.id, target, payload, value);
    const waiter = new Waiter(target, env, task);
    waiter.deadline = this.blockHeight + timeout;
    env.waiter = waiter;
    this.pushOut(task, env);
    return waiter as RuntimeOp<unknown> as RuntimeOp<Uint8Array>;
  }

  /** `ctx.send`: fire-and-forget, sent when the segment commits. */
  ctxSend(task: Task, target: ActorId, payload: Uint8Array, options: SendOptions | undefined): MessageId {
    this.active(task, 'send');
    const value = checkValue(options?.value, 'send');
    const delay = checkBlocks(options?.delay, 'delay');
    this.reserve(task, value, target);
    const env = this.envelope(HANDLE, task.actor.id, target, payload, value);
    env.due = delay;
    this.pushOut(task, env);
    return this.messageId(env.seq);
  }

  /** `ctx.deploy`: spawns an actor from registered code; resolves with its address after its constructor. */
  ctxDeploy(task: Task, codeId: CodeId, payload: Uint8Array, options: DeployOptions | undefined): RuntimeOp<ActorId> {
    this.active(task, 'deploy');
    const code = this.codes.get(codeId);
    if (code === undefined) {
      return RuntimeOp.rejected(task, new CallError('SPAWN_FAILED', { actor: codeId, reason: `no code ${codeId} is registered` }));
    }
    const value = checkValue(options?.value, 'deploy');
    const timeout = this.timeoutOf(options?.timeout);
    const address = this.newAddress(code, options?.salt);
    if (typeof address !== 'string') return RuntimeOp.rejected(task, address);
    // The actor is created when the segment commits: a second deploy with the same salt in this segment is refused too.
    for (let i = 0; i < task.outLen; i++) {
      const pending = task.out?.[i];
      if (pending !== undefined && pending.kind === INIT && pending.dest === address) {
        return RuntimeOp.rejected(
          task,
          new CallError('SPAWN_FAILED', {
            actor: address,
            reason: `an actor of ${code.name} with this salt is already being deployed at ${address}`,
          }),
        );
      }
    }
    this.reserve(task, value, address);
    const env = this.envelope(INIT, task.actor.id, address, payload, value);
    const waiter = new Waiter(address, env, task);
    waiter.address = address;
    waiter.code = code;
    waiter.deadline = this.blockHeight + timeout;
    env.waiter = waiter;
    this.pushOut(task, env);
    return waiter as RuntimeOp<unknown> as RuntimeOp<ActorId>;
  }

  /** `ctx.sleep`: the task resumes `blocks` blocks after the segment commits. */
  ctxSleep(task: Task, blocks: number): RuntimeOp<void> {
    this.active(task, 'sleep');
    const n = checkBlocks(blocks, 'sleep');
    const env = this.envelope(WAKE, task.actor.id, task.actor.id, EMPTY, 0n);
    const waiter = new Waiter(task.actor.id, env, task);
    env.waiter = waiter;
    env.due = n;
    this.pushOut(task, env);
    return waiter as RuntimeOp<unknown> as RuntimeOp<void>;
  }

  /** `ctx.transfer`: moves value on commit. */
  ctxTransfer(task: Task, to: ActorId, value: bigint): void {
    this.active(task, 'transfer');
    checkValue(value, 'transfer');
    this.reserve(task, value, to);
    task.transfers ??= [];
    task.transfers.push([to, value]);
  }

  /** `ctx.emitEvent`: encodes now, publishes on commit. */
  ctxEmit(task: Task, name: string, payload: unknown): void {
    this.active(task, 'emit');
    const bytes = task.actor.code.event(name).event.encode(payload);
    task.events ??= [];
    task.events.push({ name, bytes });
  }

  /** The call cycle `A -> B -> A` that a call from `task` to `target` would close, if `target` is exclusive and busy. */
  private cycle(task: Task, target: ActorId): string | undefined {
    // No exclusive actor is in a turn: no cycle is possible, and the lookup is skipped.
    if (this.busyExclusive === 0) return undefined;
    const dest = this.actors.get(target);
    if (dest === undefined || !dest.code.exclusive || dest.busy === undefined) return undefined;
    const path: string[] = [];
    let current: Task | undefined = task;
    while (current !== undefined) {
      if (current === dest.busy) return [dest.label, ...path.reverse(), dest.label].join(' -> ');
      path.push(current.actor.label);
      current = current.msg.waiter?.owner as Task | undefined;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- driving

  private hasGoals(): boolean {
    return this.callDemand > 0 || this.idleGoals.length > 0 || this.blockGoals.length > 0;
  }

  private kick(): void {
    if (this.driving || this.kicked) return;
    this.kicked = true;
    microtask(this.kickFn);
  }

  private readonly kickFn = (): void => {
    this.kicked = false;
    this.drive();
  };

  /** Processes everything, delayed messages and timeouts included, until nothing is left. */
  runUntilIdle(options: { maxBlocks?: number } = {}): Promise<void> {
    const limit = this.blockHeight + (options.maxBlocks ?? this.maxIdleBlocks);
    return new Promise<void>((resolve, reject) => {
      this.idleGoals.push({ limit, resolve, reject });
      this.kick();
    });
  }

  /** Handles the current block, then `n` more blocks one by one (messages due in them included). */
  runBlocks(n: number): Promise<void> {
    const blocks = checkBlocks(n, 'runBlocks');
    return new Promise<void>((resolve) => {
      this.blockGoals.push({ target: this.blockHeight + blocks, resolve });
      this.kick();
    });
  }

  private drive(): void {
    if (this.driving) return;
    this.driving = true;
    this.loop(undefined);
  }

  /**
   * The driver: ends `ended` (a segment that just parked, returned or
   * failed), then processes messages until a handler needs microtasks
   * (the driver then waits for its signal, `driving` staying true) or no
   * goal is left.
   */
  private loop(ended: Task | undefined): void {
    try {
      if (ended !== undefined) this.endSegment(ended);
      while (this.hasGoals()) {
        const task = this.runSync();
        if (task !== undefined) {
          this.waitFor(task);
          return;
        }
        if (!this.hasGoals()) break;
        this.afterQueueDrained();
      }
    } catch (error) {
      this.awaited = undefined;
      this.fail(new RuntimeError('RUNTIME_INTERNAL', `the runtime failed: ${reasonOf(error)}`, { cause: error }));
    }
    this.driving = false;
  }

  /**
   * A handler runs in microtasks: its segment ends when it parks on a runtime
   * op (`then` signals it) or settles (its promise callbacks signal it). If
   * neither happened by the time the microtask queue is drained (a macrotask
   * later), it awaited something foreign: the watchdog ends the segment and
   * the determinism guard fails it. One watchdog serves every segment of a
   * microtask run, so the hot path polls nothing and schedules no macrotask.
   */
  private waitFor(task: Task): void {
    this.awaited = task;
    // Already parked or settled while the runtime ran it (a callback ran inside a reply): end it
    // after one microtask, so callbacks queued in the segment still run inside it.
    if (segmentOver(task)) this.segmentMayHaveEnded(task);
    if (!this.watchdogArmed) {
      this.watchdogArmed = true;
      setImmediate(this.watchdogFn);
    }
  }

  /** Told by a task that one of its ops got a callback (the handler may be parked, or still running: check in a microtask). */
  segmentMayHaveEnded(task: Task): void {
    if (this.awaited === task && !this.checkQueued) {
      this.checkQueued = true;
      microtask(this.checkFn);
    }
  }

  /** The handler of `task` returned or threw: reactions run on an empty stack, so the segment can end right away. */
  private handlerSettled(task: Task): void {
    if (this.awaited === task) {
      this.awaited = undefined;
      this.loop(task);
    }
  }

  private readonly checkFn = (): void => {
    this.checkQueued = false;
    const task = this.awaited;
    if (task === undefined || !segmentOver(task)) return;
    this.awaited = undefined;
    this.loop(task);
  };

  private readonly watchdogFn = (): void => {
    this.watchdogArmed = false;
    const task = this.awaited;
    if (task === undefined) return;
    this.awaited = undefined;
    this.loop(task);
  };

  /** Processes messages synchronously until a handler needs microtasks, the queue is empty, or nobody waits. */
  private runSync(): Task | undefined {
    while (this.hasGoals()) {
      if (this.ready.length > 0) {
        const actor = this.ready.shift() as ActorRecord;
        const deferred = actor.deferred;
        if (actor.busy !== undefined || deferred === undefined || deferred.length === 0) continue;
        const env = deferred.shift() as Envelope;
        if (deferred.length === 0) actor.deferred = undefined;
        const task = this.start(actor, env);
        if (task !== undefined) return task;
        continue;
      }
      if (this.blockCount >= this.messagesPerBlock) this.advanceTo(this.blockHeight + 1);
      const env = this.queue.shift();
      if (env === undefined) return undefined;
      this.blockCount++;
      const task = this.process(env);
      if (task !== undefined) return task;
    }
    return undefined;
  }

  /** The queue is empty: satisfy goals, or move time forward to the next due work. */
  private afterQueueDrained(): void {
    for (let i = this.blockGoals.length - 1; i >= 0; i--) {
      const goal = this.blockGoals[i] as BlockGoal;
      if (goal.target <= this.blockHeight) {
        this.blockGoals.splice(i, 1);
        goal.resolve();
      }
    }
    const due = this.schedule.nextDue();
    let next: number | undefined;
    if (this.blockGoals.length > 0) {
      next = this.blockHeight + 1;
    } else if (due !== undefined && (this.idleGoals.length > 0 || this.callDemand > 0)) {
      next = due;
    } else if (due === undefined) {
      for (const goal of this.idleGoals.splice(0)) goal.resolve();
      if (this.callDemand > 0 && this.queue.size === 0 && this.ready.length === 0) {
        this.fail(new RuntimeError('RUNTIME_STALLED', 'awaited calls can never settle: nothing is queued or scheduled'));
      }
      return;
    }
    if (next === undefined) return;
    for (let i = this.idleGoals.length - 1; i >= 0; i--) {
      const goal = this.idleGoals[i] as IdleGoal;
      if (next > goal.limit) {
        this.idleGoals.splice(i, 1);
        goal.reject(
          new RuntimeError(
            'RUNTIME_RUN_LIMIT',
            `runUntilIdle passed its limit of block ${goal.limit} with work still scheduled at block ${next} (a message loop that never ends?)`,
          ),
        );
      }
    }
    if (this.hasGoals()) this.advanceTo(next);
  }

  /** Rejects every waiting goal (user calls with their error). */
  private fail(error: RuntimeError): void {
    for (const goal of this.idleGoals.splice(0)) goal.reject(error);
    for (const goal of this.blockGoals.splice(0)) goal.resolve();
    if (this.callDemand > 0) {
      for (const env of this.pendingUserRequests()) {
        const w = env.waiter as Waiter;
        if (!w.delivered) {
          w.delivered = true;
          this.callDemand--;
          w.rejectUser?.(error);
        }
      }
      this.callDemand = 0;
    }
  }

  private pendingUserRequests(): Envelope[] {
    const out: Envelope[] = [];
    for (const [, bucket] of this.schedule.entries()) for (const w of bucket.timeouts) if (w.resolveUser !== undefined) out.push(w.request);
    return out;
  }

  /** Moves to block `height`: due delayed messages and wake-ups join the queue, expired calls get TIMEOUT. */
  private advanceTo(height: number): void {
    this.blockHeight = height;
    this.blockCount = 0;
    for (const bucket of this.schedule.takeUpTo(height)) {
      for (const env of bucket.items) this.queue.push(env);
      for (const waiter of bucket.timeouts) {
        if (waiter.delivered) continue;
        const request = waiter.request;
        const route = this.routeOf(request);
        const env = this.envelope(REPLY, request.dest, request.source, EMPTY, 0n);
        env.replyTo = request;
        env.waiter = waiter;
        env.error = { code: 'TIMEOUT', reason: `no reply within ${height - request.block} blocks`, route };
        if (this.record) {
          this.traceLog.push({
            type: 'timeout',
            block: height,
            seq: request.seq,
            from: this.label(request.dest),
            to: this.label(request.source),
            error: env.error,
          });
        }
        this.queue.push(env);
      }
    }
  }

  private routeOf(request: Envelope): string | undefined {
    const actor = this.actors.get(request.dest);
    if (actor === undefined || request.payload.length < HEADER_SIZE) return undefined;
    const p = request.payload;
    return actor.code.entry(p[14] as number, (p[12] as number) | ((p[13] as number) << 8))?.route;
  }

  /** Ends an asynchronous segment: finished, failed, parked on a runtime op, or a foreign await. */
  private endSegment(task: Task): void {
    if (task.done) return;
    if (task.settled === 1) this.finish(task, task.result);
    else if (task.settled === 2) this.failSegment(task, task.result, undefined);
    else if (task.parkSeq !== task.segParkSeq || task.waiting > 0) this.park(task);
    else {
      this.failSegment(
        task,
        new RuntimeError('RUNTIME_LATE_WRITE', 'nondeterministic await'),
        'NONDETERMINISTIC_AWAIT',
        `${task.handlerName} awaited something that is not a runtime operation (a timer, I/O or a foreign promise); a handler may await only calls to actors and ctx.sleep`,
      );
    }
  }

  // ---------------------------------------------------------------- processing

  private process(env: Envelope): Task | undefined {
    if (env.kind === REPLY || env.kind === WAKE) return this.deliverReply(env);
    const actor = this.actors.get(env.dest);
    if (actor === undefined) {
      const user = this.users.get(env.dest);
      if (user !== undefined) {
        this.toMailbox(user, env);
        return undefined;
      }
      return this.refuse(env, 'ACTOR_NOT_FOUND', `no actor at ${env.dest}`, undefined);
    }
    if (env.payload.length > this.maxPayloadBytes) {
      return this.refuse(
        env,
        'PAYLOAD_TOO_LARGE',
        `payload of ${env.payload.length} bytes exceeds the limit of ${this.maxPayloadBytes}`,
        undefined,
      );
    }
    if (actor.status === 'failed') return this.refuse(env, 'INIT_FAILED', `${actor.label} failed to initialize`, undefined);
    if (env.kind !== INIT && actor.status === 'uninitialized') {
      return this.refuse(env, 'NOT_INITIALIZED', `${actor.label} has not finished its constructor`, undefined);
    }
    if (actor.busy !== undefined || actor.deferred !== undefined) {
      actor.deferred ??= [];
      actor.deferred.push(env);
      return undefined;
    }
    return this.start(actor, env);
  }

  private toMailbox(user: UserAccount, env: Envelope): void {
    this.escrow -= env.value;
    user.balance += env.value;
    user.mailbox.push({ id: this.messageId(env.seq), source: env.source, payload: env.payload, value: env.value, block: this.blockHeight });
    if (this.record) {
      this.traceLog.push({
        type: 'mailbox',
        block: this.blockHeight,
        seq: env.seq,
        from: this.label(env.source),
        to: user.name,
        payload: env.payload,
        value: env.value,
      });
    }
    if (env.waiter !== undefined) {
      // Users answer nothing automatically: an awaited call to a user ends by its timeout.
    }
  }

  /** Rejects a message before any handler ran: refunds its value and sends an error reply. */
  private refuse(env: Envelope, code: CallErrorCode, reason: string, route: string | undefined): undefined {
    this.escrow -= env.value;
    this.credit(env.source, env.value);
    if (this.record) {
      this.traceLog.push({
        type: 'message',
        block: this.blockHeight,
        seq: env.seq,
        from: this.label(env.source),
        to: this.label(env.dest),
        kind: env.kind,
        payload: env.payload,
        value: env.value,
      });
    }
    if (env.kind === INIT) {
      const actor = this.actors.get(env.dest);
      if (actor !== undefined && actor.status === 'uninitialized') actor.status = 'failed';
    }
    this.reply(env, EMPTY, { code, reason, route }, undefined);
    return undefined;
  }

  /** Decodes, checks and starts the handler of a request; returns the task if it needs microtasks. */
  private start(actor: ActorRecord, env: Envelope): Task | undefined {
    const code = actor.code;
    const payload = env.payload;
    let entry: DispatchEntry | undefined;
    let method: string | undefined;
    let args: unknown[];
    if (env.kind === INIT) {
      let reader: ScaleReader;
      let header: SailsHeader;
      try {
        reader = new ScaleReader(payload);
        header = readHeader(reader);
      } catch (error) {
        return this.refuse(env, 'DECODE_FAILED', reasonOf(error), undefined);
      }
      const ctor = header.route === 0 && /^0x0+$/.test(header.interfaceId) ? code.ctorById(header.entryId) : undefined;
      if (ctor === undefined)
        return this.refuse(env, 'UNKNOWN_ROUTE', `${code.name} has no constructor with entry id ${header.entryId}`, undefined);
      try {
        args = ctor.decodeArgs(reader);
        reader.end(`${code.name}.${ctor.name}`);
      } catch (error) {
        return this.refuse(env, 'DECODE_FAILED', reasonOf(error), `${code.name}.${ctor.name}`);
      }
      method = ctor.method;
      try {
        actor.instance = new code.actorClass();
      } catch (error) {
        return this.refuse(env, 'INIT_FAILED', reasonOf(error), `${code.name}.${ctor.name}`);
      }
      actor.proxy = this.tracker.wrap(actor, actor.instance);
    } else {
      const p = payload;
      if (p.length < HEADER_SIZE || p[0] !== 0x47 || p[1] !== 0x4d || p[2] !== 1 || p[3] !== HEADER_SIZE || p[15] !== 0) {
        let reason = 'bad Sails header';
        try {
          readHeader(new ScaleReader(p));
        } catch (error) {
          reason = reasonOf(error);
        }
        return this.refuse(env, 'DECODE_FAILED', reason, undefined);
      }
      entry = code.entry(p[14] as number, (p[12] as number) | ((p[13] as number) << 8));
      if (entry === undefined || !sameInterface(entry.iface, p)) {
        const header = readHeader(new ScaleReader(p));
        return this.refuse(
          env,
          'UNKNOWN_ROUTE',
          `${code.name} has no route ${header.route} entry ${header.entryId} with interface ${header.interfaceId}`,
          undefined,
        );
      }
      try {
        const reader = new ScaleReader(p);
        reader.offset = HEADER_SIZE;
        args = entry.fn.decodeArgs(reader);
        if (reader.offset !== p.length) reader.end(entry.route);
      } catch (error) {
        return this.refuse(env, 'DECODE_FAILED', reasonOf(error), entry.route);
      }
      if (env.value !== 0n && (!entry.payable || env.kind === QUERY)) {
        return this.refuse(env, 'VALUE_REJECTED', `${entry.route} does not accept value`, entry.route);
      }
      method = entry.method;
    }
    if (this.record) {
      this.traceLog.push({
        type: 'message',
        block: this.blockHeight,
        seq: env.seq,
        from: this.label(env.source),
        to: actor.label,
        kind: env.kind,
        payload,
        value: env.value,
        entry,
        code,
      });
    }
    const task = new Task(this, actor, env, entry, method, entry !== undefined && (entry.readOnly || env.kind === QUERY));
    this.inflight++;
    if (code.exclusive) {
      actor.busy = task;
      this.busyExclusive++;
    }
    task.enter();
    // The first segment may use the value the message brought.
    if (env.value !== 0n) {
      this.escrow -= env.value;
      actor.balance += env.value;
    }
    let result: unknown;
    try {
      if (method === undefined) result = undefined;
      else {
        const fn = (actor.instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') {
          throw new RuntimeError(
            'RUNTIME_INTERNAL',
            `${task.handlerName} is not a method: the generated code is stale; run \`npx sprocket gen\``,
          );
        }
        result = (fn as (...a: unknown[]) => unknown).apply(actor.proxy, args);
      }
    } catch (error) {
      this.failSegment(task, error, undefined);
      return undefined;
    }
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(
        (value) => {
          task.settled = 1;
          task.result = value;
          this.handlerSettled(task);
        },
        (error) => {
          task.settled = 2;
          task.result = error;
          this.handlerSettled(task);
        },
      );
      // The handler returned: it is suspended. If it waits on a runtime op already, the segment ends here.
      if (task.parkSeq !== task.segParkSeq && task.settled === 0) {
        this.park(task);
        return undefined;
      }
      return task;
    }
    this.finish(task, result);
    return undefined;
  }

  /** A reply, timeout or wake-up reaches its waiter: a user's promise settles or an actor's task resumes. */
  private deliverReply(env: Envelope): Task | undefined {
    const waiter = env.waiter;
    const request = env.replyTo;
    // An awaited call already hands its reply to the caller; without `record` only fire-and-forget
    // replies are kept, so long runs do not accumulate one record per call.
    if (request?.fromUser && (this.record || waiter === undefined)) {
      this.replyLog.set(
        request.seq,
        env.error === undefined
          ? { ok: true, payload: env.payload, block: this.blockHeight }
          : { ok: false, code: env.error.code, reason: env.error.reason, route: env.error.route, block: this.blockHeight },
      );
    }
    if (waiter === undefined) return undefined;
    if (waiter.delivered && env.kind === REPLY && env.error?.code !== 'TIMEOUT') {
      if (this.record)
        this.traceLog.push({
          type: 'dropped',
          block: this.blockHeight,
          seq: env.seq,
          from: this.label(env.source),
          to: this.label(env.dest),
        });
      return undefined;
    }
    if (waiter.delivered) return undefined;
    waiter.delivered = true;
    if (env.kind === REPLY) this.schedule.removeTimeout(waiter);
    const error =
      env.error === undefined
        ? undefined
        : new CallError(env.error.code, { actor: waiter.target, route: env.error.route, reason: env.error.reason });
    const task = waiter.owner as Task | undefined;
    if (task === undefined) {
      this.callDemand--;
      if (error !== undefined) waiter.rejectUser?.(error);
      else waiter.resolveUser?.(waiter.address ?? env.payload);
      return undefined;
    }
    if (task.done) return undefined;
    task.enter();
    if (error !== undefined) waiter.reject(error);
    else waiter.resolve(env.kind === WAKE ? undefined : (waiter.address ?? env.payload));
    return task;
  }

  /** The handler returned: commit the last segment and reply. */
  private finish(task: Task, result: unknown): void {
    const actor = task.actor;
    let payload = EMPTY;
    if (task.entry !== undefined) {
      try {
        payload = task.entry.fn.encodeReply(result);
      } catch (error) {
        this.failSegment(task, error, undefined, `the reply does not encode: ${reasonOf(error)}`);
        return;
      }
    }
    if (task.readOnly && actor.mutationAttempted) {
      this.failSegment(task, undefined, 'QUERY_MUTATED', `${task.handlerName} is a query but tried to change state or send`);
      return;
    }
    this.commit(task);
    if (task.msg.kind === INIT) actor.status = 'active';
    this.end(task);
    this.reply(task.msg, payload, undefined, task.entry);
  }

  /** The handler waits on a runtime op: commit the segment. */
  private park(task: Task): void {
    if (task.readOnly && task.actor.mutationAttempted) {
      this.failSegment(task, undefined, 'QUERY_MUTATED', `${task.handlerName} is a query but tried to change state or send`);
      return;
    }
    this.commit(task);
    task.leave();
  }

  /** Rolls the segment back (state, messages, events; the value too if it is the first) and sends an error reply. */
  private failSegment(task: Task, error: unknown, forced: CallErrorCode | undefined, forcedReason?: string): void {
    const actor = task.actor;
    StateTracker.rollback(actor);
    const env = task.msg;
    if (task.first && env.value !== 0n) {
      actor.balance -= env.value;
      this.credit(env.source, env.value);
    }
    let code: CallErrorCode = forced ?? 'HANDLER_FAILED';
    let reason = forcedReason ?? reasonOf(error);
    if (forced === undefined) {
      if (task.readOnly && actor.mutationAttempted) {
        code = 'QUERY_MUTATED';
        reason = `${task.handlerName} is a query but tried to change state or send: ${reason}`;
      } else if (error instanceof CallError && error.code === 'CALL_CYCLE') {
        code = 'CALL_CYCLE';
        reason = error.reason;
      } else if (env.kind === INIT) code = 'INIT_FAILED';
    }
    const route =
      task.entry?.route ?? (env.kind === INIT ? `${actor.code.name}.${task.handlerName.split('.')[1] ?? 'constructor'}` : undefined);
    if (env.kind === INIT) {
      actor.status = 'failed';
      actor.instance = undefined;
      actor.proxy = undefined;
    }
    if (this.record) {
      this.traceLog.push({
        type: 'rollback',
        block: this.blockHeight,
        seq: env.seq,
        from: this.label(env.source),
        to: actor.label,
        error: { code, reason, route },
      });
    }
    if (actor.instance !== undefined) task.leave();
    else {
      actor.seg = undefined;
      actor.readOnly = false;
    }
    this.end(task);
    this.reply(env, EMPTY, { code, reason, route }, undefined);
  }

  private end(task: Task): void {
    task.done = true;
    this.inflight--;
    const actor = task.actor;
    if (actor.seg === task) task.leave();
    if (actor.busy === task) {
      actor.busy = undefined;
      this.busyExclusive--;
      if (actor.deferred !== undefined) this.ready.push(actor);
    }
  }

  /** Applies the segment's effects: state stays, messages go out, value moves, events are published. */
  private commit(task: Task): void {
    const actor = task.actor;
    if (actor.journal.length !== 0) actor.journal.length = 0;
    task.first = false;
    const out = task.out;
    const n = task.outLen;
    if (out !== undefined && n > 0) {
      task.outLen = 0;
      for (let i = 0; i < n; i++) {
        const env = out[i] as Envelope;
        out[i] = undefined;
        if (env.kind === WAKE) {
          env.block = this.blockHeight;
          this.enqueue(env, env.due);
          continue;
        }
        if (env.value !== 0n) {
          actor.balance -= env.value;
          this.escrow += env.value;
        }
        if (env.kind === INIT) this.createActor(env.dest, (env.waiter as Waiter).code as Code);
        const waiter = env.waiter;
        if (waiter !== undefined) this.schedule.addTimeout(waiter);
        if (env.due > 0 && env.kind === HANDLE && waiter === undefined) this.enqueue(env, env.due);
        else this.queue.push(env);
      }
    }
    const transfers = task.transfers;
    if (transfers !== undefined) {
      for (const [to, value] of transfers) {
        actor.balance -= value;
        this.credit(to, value);
      }
    }
    const events = task.events;
    if (events !== undefined) this.publish(task, events);
  }

  private publish(task: Task, events: readonly { name: string; bytes: Uint8Array }[]): void {
    const actor = task.actor;
    const listeners = this.subscribers.get(actor.id);
    for (const { name, bytes } of events) {
      if (this.record) {
        let log = this.eventLog.get(actor.id);
        if (log === undefined) {
          log = [];
          this.eventLog.set(actor.id, log);
        }
        log.push({ actor: actor.id, name, payload: bytes, block: this.blockHeight, messageId: this.messageId(task.msg.seq) });
        this.traceLog.push({
          type: 'event',
          block: this.blockHeight,
          seq: task.msg.seq,
          from: actor.label,
          to: '',
          payload: bytes,
          code: actor.code,
          event: name,
        });
      }
      if (listeners !== undefined) {
        for (const listener of listeners) {
          try {
            listener(bytes);
          } catch {
            // A subscriber's failure is the subscriber's business; the runtime keeps going.
          }
        }
      }
    }
  }

  /** Sends the reply (or error reply) of a request to its sender. */
  private reply(request: Envelope, payload: Uint8Array, error: ReplyError | undefined, entry: DispatchEntry | undefined): void {
    if (this.record) {
      this.traceLog.push({
        type: error === undefined ? 'reply' : 'error-reply',
        block: this.blockHeight,
        seq: request.seq,
        from: this.label(request.dest),
        to: this.label(request.source),
        payload,
        entry,
        error,
      });
    }
    // Replies to an actor's fire-and-forget messages have nobody to go to.
    if (request.waiter === undefined && !request.fromUser) return;
    const env = this.envelope(REPLY, request.dest, request.source, payload, 0n);
    env.replyTo = request;
    env.waiter = request.waiter;
    env.error = error;
    this.queue.push(env);
  }

  // ---------------------------------------------------------------- snapshots

  /** Internal state for snapshots (see snapshot.ts). */
  get internals(): SystemInternals {
    const self = this;
    return {
      codes: this.codes,
      actors: this.actors,
      users: this.users,
      usersByName: this.usersByName,
      others: this.others,
      labels: this.labels,
      labelCounts: this.labelCounts,
      queue: this.queue,
      schedule: this.schedule,
      messageIds: this.messageIds,
      actorIds: this.actorIds,
      eventLog: this.eventLog,
      replyLog: this.replyLog,
      traceLog: this.traceLog,
      tracker: this.tracker,
      get blockCount() {
        return self.blockCount;
      },
      set blockCount(v: number) {
        self.blockCount = v;
      },
      get escrow() {
        return self.escrow;
      },
      set escrow(v: bigint) {
        self.escrow = v;
      },
      busy: this.inflight > 0 || this.callDemand > 0 || this.ready.length > 0 || this.driving,
    };
  }
}

/** The mutable internals of a system, for snapshot/restore. */
export interface SystemInternals {
  readonly codes: Map<CodeId, Code>;
  readonly actors: Map<ActorId, ActorRecord>;
  readonly users: Map<ActorId, UserAccount>;
  readonly usersByName: Map<string, UserAccount>;
  readonly others: Map<ActorId, bigint>;
  readonly labels: Map<string, string>;
  readonly labelCounts: Map<string, number>;
  readonly queue: Fifo<Envelope>;
  readonly schedule: BlockSchedule;
  readonly messageIds: IdSequence;
  readonly actorIds: IdSequence;
  readonly eventLog: Map<ActorId, EventRecord[]>;
  readonly replyLog: Map<number, ReplyRecord>;
  readonly traceLog: TraceRecord[];
  readonly tracker: StateTracker;
  blockCount: number;
  escrow: bigint;
  readonly busy: boolean;
}

/** Whether a segment running in microtasks has ended: the handler settled or parked on a runtime op. */
function segmentOver(task: Task): boolean {
  return task.settled !== 0 || task.parkSeq !== task.segParkSeq;
}

function sameInterface(iface: Uint8Array, p: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (iface[i] !== p[4 + i]) return false;
  return true;
}
