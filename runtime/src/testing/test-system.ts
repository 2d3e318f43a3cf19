import {
  type ActorClient,
  type ActorId,
  type CallOptions,
  type CodeId,
  type DeployOptions,
  type GeneratedActor,
  getActorMetadata,
  isClientClass as isGeneratedClient,
  type MessageId,
  requireGenerated,
  ScaleReader,
  type SendOptions,
  type SendResult,
  type Transport,
  type TypedMessageId,
  typedFailure,
  type Unsubscribe,
} from '@sprocket/sdk';
import { type ActorClass, Code } from '../code.js';
import { RuntimeError } from '../errors.js';
import { installedGasReport } from '../gas-report.js';
import { checkUserName } from '../ledger.js';
import { restoreSnapshot, type SystemSnapshot, takeSnapshot } from '../snapshot.js';
import { ActorSystem, type MailboxMessage, type ReplyRecord, type SystemOptions } from '../system.js';
import type { TraceEntry } from '../trace.js';
import { User } from '../user.js';
import { ACTOR_ID } from '../values.js';
import { type ClientOf, clientFor } from './client-of.js';
import { decodeReplyRecord } from './decoded-reply.js';

/** Options of a test system: the system's options plus the default user's name. */
export interface TestSystemOptions extends SystemOptions {
  /** Name of the user `sys.deploy` and `sys` as a transport act as. Default `"deployer"`. */
  readonly defaultUser?: string;
  /** Balance minted to the default user. Default 10^24. */
  readonly defaultBalance?: bigint;
}

/** A generated client class (`CounterClient`): constructed from a transport and an address, carrying its definition. */
export interface GeneratedClientClass<C extends ActorClient<SendResult> = ActorClient> {
  new (transport: Transport, address: ActorId): C;
  readonly definition?: GeneratedActor;
  readonly programName?: string;
}

/** What `deploy` returns: the generated client for a client class, `ClientOf<Actor>` for an actor class. */
export type DeployedClient<X> = X extends GeneratedClientClass<infer C> ? C : X extends ActorClass<infer T> ? ClientOf<T> : never;

/** Options of `sys.deploy`. */
export interface TestDeployOptions extends DeployOptions {
  /** Who deploys (a user or a user's name). Default: the default user. */
  readonly from?: User | string;
}

/** The keys of deploy options: an object of only these where the constructor goes is options put too early. */
const DEPLOY_OPTION_KEYS: ReadonlySet<string> = new Set(['from', 'value', 'salt', 'timeout', 'gasLimit']);

/**
 * Refuses what plain JS can pass where `deploy` takes the constructor (a name or an argument list) and its arguments:
 * deploy options put there would be read as a constructor argument, or ignored, in silence.
 */
function checkDeployShape(className: string, code: Code, ctor: unknown, args: unknown): void {
  const misplaced = (value: unknown): value is Record<string, unknown> =>
    isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => DEPLOY_OPTION_KEYS.has(k));
  const options = misplaced(ctor) ? ctor : misplaced(args) ? args : undefined;
  if (options !== undefined) {
    let name = typeof ctor === 'string' ? ctor : undefined;
    if (name === undefined) {
      try {
        const found = code.ctor(undefined);
        name = found.method ?? found.name;
      } catch {
        name = 'ctor';
      }
    }
    const list = Array.isArray(ctor) ? (ctor.length === 0 ? '[]' : '[...]') : Array.isArray(args) ? '[...]' : '[]';
    throw new RuntimeError(
      'RUNTIME_BAD_OPTION',
      `deploy: the options ${showOptions(options)} go after the constructor name and its arguments: sys.deploy(${className || 'X'}, ${JSON.stringify(name)}, ${list}, ${showOptions(options)})`,
    );
  }
  if (ctor !== undefined && typeof ctor !== 'string' && !Array.isArray(ctor))
    throw new RuntimeError(
      'RUNTIME_BAD_OPTION',
      `deploy: the constructor is its name (a string) or its argument list (an array), got ${ctor === null ? 'null' : typeof ctor}`,
    );
  if (args !== undefined && !Array.isArray(args))
    throw new RuntimeError(
      'RUNTIME_BAD_OPTION',
      `deploy: the constructor's arguments are an array, got ${args === null ? 'null' : typeof args}`,
    );
}

/** An object literal (or one without a prototype), not an array, a class instance or bytes. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deploy options as they would be written: `{ gasLimit: 5, value: 10n }`. */
function showOptions(options: Record<string, unknown>): string {
  const shown = Object.entries(options).map(([key, v]) => {
    const text =
      typeof v === 'bigint'
        ? `${v}n`
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : typeof v === 'string'
            ? JSON.stringify(v)
            : '…';
    return `${key}: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
  });
  return `{ ${shown.join(', ')} }`;
}

/** An address-like string as a message shows it: at most 80 characters. */
function showAddress(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** Anything that names an account: a User, an actor's client, an ActorId, or a user's name. */
export type AccountRef = User | ActorId | string | { readonly address: ActorId };

/** An event as the test kit shows it: decoded. */
export interface DecodedEvent {
  readonly name: string;
  /** The decoded payload. */
  readonly payload: unknown;
  /** The payload in the JSON form. */
  readonly json: unknown;
  readonly block: number;
  readonly messageId: MessageId;
}

const ACTOR_CLASSES = Symbol.for('sprocket.actor-classes');

function isClientClass(x: unknown): x is GeneratedClientClass {
  return isGeneratedClient(x);
}

/** A deterministic actor system for tests: users, deploys returning typed clients, virtual time, trace, snapshots. */
export class TestSystem implements Transport {
  /** The underlying system. */
  readonly system: ActorSystem;
  /** The user `deploy` and `sys`-as-transport act as. */
  readonly defaultUser: User;
  private readonly userHandles = new Map<string, User>();

  constructor(options: TestSystemOptions = {}) {
    // A gas report a test runner installed collects every test system's handlers (unless the options name another).
    if (options.defaultUser !== undefined) checkUserName(options.defaultUser, 'defaultUser');
    const gasReport = options.gasReport ?? installedGasReport();
    this.system = new ActorSystem(gasReport === undefined ? options : { ...options, gasReport });
    this.defaultUser = this.user(options.defaultUser ?? 'deployer', { balance: options.defaultBalance ?? 10n ** 24n });
  }

  /** A named user (created on first use; `balance` is minted when the user is created). */
  user(name: string, options: { readonly balance?: bigint } = {}): User {
    let handle = this.userHandles.get(name);
    const account = this.system.user(name, options.balance);
    if (handle === undefined || handle.account !== account) {
      handle = new User(this.system, account);
      this.userHandles.set(name, handle);
    }
    return handle;
  }

  /** Registers an actor class (or the class behind a generated client) as code; returns the CodeId. */
  registerCode(actorOrClient: ActorClass | GeneratedClientClass): CodeId {
    return this.system.registerCode(this.actorClassOf(actorOrClient));
  }

  /** The CodeId of an actor class (registering it). */
  codeId(actorOrClient: ActorClass | GeneratedClientClass): CodeId {
    return this.registerCode(actorOrClient);
  }

  /**
   * Deploys an actor and returns its typed client. `ctor` is the `@init` method
   * (omit it for the default constructor); `args` its arguments. With a CodeId
   * and a payload it is the Transport's raw deploy (as the default user).
   */
  deploy<X extends ActorClass | GeneratedClientClass>(
    actorOrClient: X,
    ctor?: string | readonly unknown[],
    args?: readonly unknown[],
    options?: TestDeployOptions,
  ): Promise<DeployedClient<X>>;
  deploy(code: CodeId, payload: Uint8Array, options?: DeployOptions): Promise<ActorId>;
  deploy(x: unknown, ctor?: unknown, args?: unknown, options?: unknown): Promise<unknown> {
    if (typeof x === 'string') return this.defaultUser.deploy(x as CodeId, ctor as Uint8Array, args as DeployOptions | undefined);
    return this.deployActor(
      x as ActorClass | GeneratedClientClass,
      ctor as string | readonly unknown[] | undefined,
      args as readonly unknown[] | undefined,
      (options ?? {}) as TestDeployOptions,
    );
  }

  private async deployActor(
    actorOrClient: ActorClass | GeneratedClientClass,
    ctor: string | readonly unknown[] | undefined,
    args: readonly unknown[] | undefined,
    options: TestDeployOptions,
  ): Promise<unknown> {
    const actorClass = this.actorClassOf(actorOrClient);
    const codeId = this.system.registerCode(actorClass);
    const code = this.system.findCode(codeId) as Code;
    checkDeployShape(actorOrClient.name, code, ctor, args);
    const ctorName = typeof ctor === 'string' ? ctor : undefined;
    const ctorArgs = Array.isArray(ctor) ? ctor : (args ?? []);
    const ctorDef = code.ctor(ctorName);
    const payload = ctorDef.encodeCall(ctorArgs);
    const from = this.userOf(options.from);
    // A constructor declared `throws E` fails with its typed error as the CallError's payload.
    const address = await from.deploy(codeId, payload, options).catch((error: unknown) => {
      throw typedFailure(ctorDef, error);
    });
    return this.at(actorOrClient, address, from);
  }

  /** A typed client of an existing actor, acting as `as` (default: the default user). */
  at<X extends ActorClass | GeneratedClientClass>(actorOrClient: X, address: ActorId, as?: Transport | string): DeployedClient<X> {
    const transport = typeof as === 'string' ? this.user(as) : (as ?? this.defaultUser);
    if (isClientClass(actorOrClient)) return new actorOrClient(transport, address) as DeployedClient<X>;
    const code = Code.of(actorOrClient as ActorClass);
    return clientFor(code.definition, transport, address, {}, code.actorClass) as DeployedClient<X>;
  }

  /** The u128 balance of a user, actor or address. */
  balance(who: AccountRef): bigint {
    return this.system.balanceOf(this.addressOf(who));
  }

  /** Creates value (tests only). */
  mint(who: AccountRef, amount: bigint): void {
    this.system.mint(this.addressOf(who), amount);
  }

  /** Sum of all balances plus value in flight: changes only by `mint`. */
  totalSupply(): bigint {
    return this.system.totalSupply();
  }

  /** Processes everything, delayed messages and timeouts included (fails after `maxBlocks` blocks). */
  runUntilIdle(options: { readonly maxBlocks?: number } = {}): Promise<void> {
    return this.system.runUntilIdle(options);
  }

  /** Handles the current block and `n` more. */
  runBlocks(n: number): Promise<void> {
    return this.system.runBlocks(n);
  }

  /** Runs as many blocks as `ms` of virtual time spans (rounded up). */
  advanceTime(ms: number): Promise<void> {
    // Rejected rather than thrown, like runBlocks and runUntilIdle: a bad step shows up where the test awaits it.
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      return Promise.reject(new RuntimeError('RUNTIME_BAD_OPTION', `advanceTime takes virtual milliseconds ≥ 0, got ${String(ms)}`));
    return this.system.runBlocks(Math.ceil(ms / this.system.blockTimeMs));
  }

  /** Current block height. */
  get blockHeight(): number {
    return this.system.blockHeight;
  }

  /** Current virtual time in milliseconds. */
  get blockTimestamp(): number {
    return this.system.blockTimestamp;
  }

  /** Messages actors sent to a user, oldest first. */
  mailbox(user: User | string): readonly MailboxMessage[] {
    return (typeof user === 'string' ? this.user(user) : user).mailbox();
  }

  /**
   * Events an actor published (committed segments only), decoded. Only the newest `eventWindow`
   * events per actor are kept: when older ones fell out, this throws RUNTIME_RECORD_DROPPED
   * unless `{ recent: true }` asks for the kept ones only.
   */
  events(actor: AccountRef, options?: { readonly recent?: boolean }): DecodedEvent[] {
    const address = this.addressOf(actor);
    const record = this.system.actor(address);
    const dropped = this.system.eventsDropped(address);
    if (dropped > 0 && options?.recent !== true)
      throw new RuntimeError(
        'RUNTIME_RECORD_DROPPED',
        `${dropped} older events of ${this.system.label(address)} fell out of the event window (the newest ${this.system.eventWindow} are kept): pass { recent: true } for the kept ones, or raise the eventWindow option`,
      );
    return this.system.events(address).map((e) => {
      const ev = record?.code.event(e.name).event;
      let payload: unknown;
      let json: unknown;
      if (ev !== undefined) {
        const reader = new ScaleReader(e.payload);
        reader.offset = 16;
        payload = ev.decodeFields(reader);
        json = ev.toJson(payload);
      }
      return { name: e.name, payload, json, block: e.block, messageId: e.messageId };
    });
  }

  /** The outcome of a message a user sent (after its reply was processed); undefined while it is queued. */
  replyOf(messageId: MessageId): ReplyRecord | undefined {
    const record = this.system.replyOf(messageId);
    if (record === undefined && this.system.replyDropped(messageId))
      throw new RuntimeError(
        'RUNTIME_RECORD_DROPPED',
        `the reply record of message ${messageId} fell out of the reply window (the newest ${this.system.replyWindow} are kept): raise the replyWindow option`,
      );
    return record;
  }

  /**
   * The decoded reply of a fire-and-forget message (`const id = counter.send.add(1)`): runs the system until the
   * message is handled, then resolves `{ ok: value }`, typed by the function; rejects with the CallError of an error reply.
   */
  reply<R>(messageId: TypedMessageId<R>): Promise<{ readonly ok: R }>;
  reply(messageId: MessageId): Promise<{ readonly ok: unknown }>;
  async reply(messageId: MessageId): Promise<{ readonly ok: unknown }> {
    this.requireGiven(messageId, 'reply');
    if (this.replyOf(messageId) === undefined) await this.runUntilIdle();
    const reply = this.replyOf(messageId);
    if (reply === undefined)
      throw new RuntimeError(
        'RUNTIME_NO_REPLY_YET',
        `message ${messageId} has no reply even after the system ran until idle: sys.reply() reads the reply to a message ` +
          "a user sent to an actor (what a client's send returned); an actor's own messages and messages to users get none",
      );
    return decodeReplyRecord(this.system, reply);
  }

  /** Refuses an id this system never gave: no reply will ever come for it. */
  private requireGiven(messageId: MessageId, method: string): void {
    if (this.system.gaveMessageId(messageId)) return;
    throw new RuntimeError(
      'RUNTIME_NO_REPLY_YET',
      `${method}(${String(messageId)}): no message of this system has that id (another system's, or not a MessageId): ` +
        "pass the MessageId a client's send returned",
    );
  }

  /** The outcome of a message a user sent; throws with what to do when it has no reply yet (it is still queued). */
  expectReply(messageId: MessageId): ReplyRecord {
    const reply = this.replyOf(messageId);
    if (reply !== undefined) return reply;
    this.requireGiven(messageId, 'expectReply');
    throw new RuntimeError(
      'RUNTIME_NO_REPLY_YET',
      `message ${messageId} has no reply yet: a sent message waits in the queue until the system runs. ` +
        'Call `await sys.runUntilIdle()` (or `await sys.runBlocks(n)` for a delayed one) before reading its reply',
    );
  }

  /** Gas the handler of a message used (all its segments together), once it ended; undefined if no handler ran. */
  gasOf(messageId: MessageId): number | undefined {
    return this.system.gasOf(messageId);
  }

  /** The readable trace: every message, reply, event and rollback, one per line (the newest `traceWindow` records). */
  trace(): string {
    const dropped = this.system.traceDropped;
    const text = this.system.trace();
    if (dropped === 0) return text;
    return `… ${dropped} earlier trace records fell out of the trace window (the newest ${this.system.traceWindow} are kept; raise the traceWindow option)\n${text}`;
  }

  /** The trace as structured entries. */
  traceEntries(): TraceEntry[] {
    return this.system.traceEntries();
  }

  /** Copies the whole system (actor state, queue, balances, clock, ids); needs no call in flight. */
  snapshot(): SystemSnapshot {
    return takeSnapshot(this.system);
  }

  /** Puts the system back to a snapshot. */
  restore(snapshot: SystemSnapshot): void {
    restoreSnapshot(this.system, snapshot);
  }

  call(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.defaultUser.call(target, payload, options);
  }

  send(target: ActorId, payload: Uint8Array, options?: SendOptions): MessageId {
    return this.defaultUser.send(target, payload, options);
  }

  query(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.defaultUser.query(target, payload, options);
  }

  subscribe(source: ActorId, listener: (payload: Uint8Array) => void): Unsubscribe {
    return this.system.subscribe(source, listener);
  }

  private userOf(from: User | string | undefined): User {
    if (from === undefined) return this.defaultUser;
    return typeof from === 'string' ? this.user(from) : from;
  }

  private addressOf(who: AccountRef): ActorId {
    if (who instanceof User) return who.id;
    if (typeof who !== 'string') return who.address;
    if (ACTOR_ID.test(who)) return who as ActorId;
    // A mistyped address (short, upper case) would otherwise name a new user: `mint` would credit nobody the test
    // looks at and `balance` would read 0. A user deliberately named `0x…` keeps working.
    if (who.startsWith('0x') && !this.userHandles.has(who)) {
      throw new RuntimeError(
        'RUNTIME_UNKNOWN_ADDRESS',
        `${showAddress(who)} is not an address (an ActorId is 0x and 64 lowercase hex digits) nor the name of a user: pass a client's .address, a User, or a user's name`,
      );
    }
    return this.user(who).id;
  }

  private actorClassOf(x: ActorClass | GeneratedClientClass): ActorClass {
    if (!isClientClass(x)) return x as ActorClass;
    const name = x.definition?.name ?? x.programName;
    if (name === undefined) throw new RuntimeError('RUNTIME_NOT_AN_ACTOR', `${x.name} has no static definition: is it a generated client?`);
    requireGenerated(name);
    const registered = this.system.findCode(name);
    if (registered !== undefined) return registered.actorClass;
    const global = (globalThis as { [ACTOR_CLASSES]?: Map<string, ActorClass> })[ACTOR_CLASSES]?.get(name);
    if (global !== undefined && getActorMetadata(global) !== undefined) return global;
    throw new RuntimeError(
      'RUNTIME_UNKNOWN_CODE',
      `no actor class named ${name} is known: import the actor's module, or call sys.registerCode(${name}) before deploying through ${x.name}`,
    );
  }
}

/** Creates a deterministic test system (`await` is optional). */
export function createTestSystem(options: TestSystemOptions = {}): TestSystem {
  return new TestSystem(options);
}
