import {
  type ActorContext,
  type ActorId,
  CallError,
  type CallOptions,
  CONTEXT_SLOT,
  type CodeId,
  type DeployOptions,
  findGenerated,
  type GeneratedActor,
  getActorMetadata,
  HEADER_SIZE,
  type MessageId,
  type SendOptions,
  type Unsubscribe,
} from '@sprocket/sdk';
import { checkInitialState } from '../detach.js';
import { RuntimeError } from '../errors.js';
import { hashId, userIdOf } from '../ids.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, type ExecutionLimits, limitsOf } from '../limits.js';
import { checkTransferTarget, checkValue, checkWhole } from '../values.js';
import { UnitLimits } from './unit-limits.js';
import { halted, type OpBoundary, opOf, settling } from './unit-ops.js';
import { UnitPayload } from './unit-payload.js';
import { checkConstructedRanges } from './unit-ranges.js';
import { UnitReply } from './unit-reply.js';
import {
  checkTarget,
  decodeRequest,
  describeRequest,
  eventEncoder,
  type MockCall,
  type MockedActor,
  type MockHandler,
  type MockHandlers,
  type ResolvedRequest,
  runMock,
  type Undecodable,
} from './unit-requests.js';
import { segmentedInstance, UnitSegments } from './unit-segments.js';

/** The message a mocked context pretends to handle. */
export interface MockContextOptions {
  /** The actor's own address. Default: a fixed test address. */
  readonly self?: ActorId;
  /** The sender. Default: the user `alice`. */
  readonly source?: ActorId;
  /** Value attached to the message. Default 0. */
  readonly value?: bigint;
  readonly messageId?: MessageId;
  readonly blockHeight?: number;
  readonly blockTimestamp?: number;
  /** Virtual ms a block lasts: a `ctx.sleep(n)` moves `blockTimestamp` on by n of them, as the system's clock. Default 3000. */
  readonly blockTimeMs?: number;
  /** The actor's balance. Default 0 (plus `value`). */
  readonly balance?: bigint;
}

/** Something the handler sent, recorded by a mocked context. */
export interface SentRecord {
  readonly kind: 'call' | 'query' | 'send' | 'deploy' | 'transfer';
  readonly target: string;
  readonly payload: Uint8Array | undefined;
  readonly value: bigint;
  /** `Service.Route` when the target's definition is mocked. */
  readonly route: string | undefined;
  /** Decoded arguments when the target's definition is mocked. */
  readonly args: unknown[] | undefined;
  readonly options: CallOptions | SendOptions | DeployOptions | undefined;
}

/** An event the handler emitted. */
export interface EmittedEvent {
  readonly name: string;
  readonly payload: unknown;
}

/**
 * Encodes what a handler emits with its actor's generated event codecs, as the system does when the handler emits: a
 * payload the wire cannot carry (a u8 of 300, a number in a u64, a missing field) or an event the actor does not
 * declare fails the handler there, not only once the actor runs in the system. Set by unitActor, per context.
 */
const eventEncoders = new WeakMap<MockContext, (name: string, payload: unknown) => void>();

/** The system's payload limits on what a handler sends (unit-payload.ts). Set by unitActor, per context. */
const payloadLimits = new WeakMap<MockContext, UnitPayload>();

/** The system's other per-segment limits on what a handler sends (unit-limits.ts). Set by unitActor, per context. */
const executionLimits = new WeakMap<MockContext, UnitLimits>();

/**
 * Counts a message leaving toward the limits of its segment, in the order the system checks them (segments.ts
 * checkOut): messages, then payload bytes, then (`awaited`: a call, query or deploy) call depth and fan-out.
 */
function checkOut(ctx: MockContext, payload: Uint8Array | undefined, awaited: boolean): void {
  const limits = executionLimits.get(ctx);
  limits?.message();
  if (payload !== undefined) payloadLimits.get(ctx)?.message(payload);
  if (awaited) limits?.awaited();
}

/** The definition behind a program name or a generated client class. */
export type DefinitionSource = GeneratedActor | { readonly definition: GeneratedActor };

/** A generated client class (`TokenClient`): its instances' methods type the handlers of a mock. */
export type MockableClient = (abstract new (...args: never[]) => object) & { readonly definition: GeneratedActor };

function definitionOf(source: DefinitionSource): GeneratedActor {
  return 'services' in source ? source : source.definition;
}

/** An ActorContext for handler-level unit tests: outgoing calls answered by mocks, everything recorded. */
export class MockContext implements ActorContext {
  self: ActorId;
  source: ActorId;
  value: bigint;
  messageId: MessageId;
  blockHeight: number;
  blockTimestamp: number;
  /** Virtual ms per block: what a sleep adds to `blockTimestamp` for each block it lasts. */
  blockTimeMs: number;
  /** The actor's balance (value sent or transferred is taken from it). */
  currentBalance: bigint;
  /** Calls, queries, sends, deploys and transfers, in order. */
  readonly sent: SentRecord[] = [];
  /** Emitted events, in order. */
  readonly events: EmittedEvent[] = [];
  private readonly mocks = new Map<string, MockedActor>();
  private rawHandler: ((target: ActorId, payload: Uint8Array, call: MockCall) => Uint8Array | Promise<Uint8Array>) | undefined;
  private deployed = 0;
  private nextId = 0;

  constructor(options: MockContextOptions = {}) {
    this.self = options.self ?? hashId('sprocket:mock-self');
    this.source = options.source ?? userIdOf('alice');
    this.value = options.value ?? 0n;
    this.messageId = options.messageId ?? hashId('sprocket:mock-message');
    this.blockHeight = options.blockHeight ?? 0;
    this.blockTimestamp = options.blockTimestamp ?? 0;
    this.blockTimeMs = checkWhole(options.blockTimeMs ?? 3000, 'blockTimeMs', 1);
    this.currentBalance = (options.balance ?? 0n) + this.value;
  }

  /** Answers calls to `target` with `handlers` typed by the client class: method names, parameters and replies are checked. */
  mock<C extends MockableClient>(target: ActorId, client: C, handlers: MockHandlers<InstanceType<C>>): this;
  /** Answers calls to `target` with `handlers` (by method or route name), decoding and encoding with the definition. */
  mock(target: ActorId, definition: GeneratedActor, handlers: Readonly<Record<string, MockHandler>>): this;
  mock(target: ActorId, definition: DefinitionSource, handlers: object): this {
    checkTarget('mock of', target);
    this.mocks.set(target, { definition: definitionOf(definition), handlers: handlers as Readonly<Record<string, MockHandler>> });
    return this;
  }

  /** Told when the handler makes a runtime operation (`what`: how the system names a call, query or deploy). */
  onSegmentBoundary: ((what: string | undefined) => OpBoundary) | undefined = undefined;

  /** Credits value coming back with a reply, kept by a later rollback (set by unitActor). */
  onCredit: ((value: bigint) => void) | undefined = undefined;

  /** Runs an action once the running segment committed, never if it is rolled back (set by unitActor). */
  onCommitted: ((action: () => void) => void) | undefined = undefined;

  /** Answers every unmocked call with raw reply bytes (`call` tells its sender and value). */
  onCall(handler: (target: ActorId, payload: Uint8Array, call: MockCall) => Uint8Array | Promise<Uint8Array>): this {
    this.rawHandler = handler;
    return this;
  }

  balance(): bigint {
    return this.currentBalance;
  }

  sleep(blocks: number): Promise<void> {
    checkOut(this, undefined, false);
    const boundary = this.onSegmentBoundary?.(undefined);
    this.blockHeight += blocks;
    this.blockTimestamp += blocks * this.blockTimeMs;
    // A reply comes in the block its call was handled in, before any sleep of this handler wakes (as in the system,
    // where a sleep lasts at least a block): the sleep settles after the calls still waiting for their answer.
    return opOf(
      boundary,
      settling(boundary, () => this.afterReplies()),
    );
  }

  transfer(to: ActorId, value: bigint): void {
    checkValue(value, 'transfer');
    // As in the system: value sent to a malformed id would sit at an address nobody can ever own.
    checkTransferTarget(to);
    this.take(value, to);
    this.sent.push({ kind: 'transfer', target: to, payload: undefined, value, route: undefined, args: undefined, options: undefined });
  }

  emitEvent(name: string, payload: unknown): void {
    eventEncoders.get(this)?.(name, payload);
    this.events.push({ name, payload });
  }

  call(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    checkValue(options?.value, 'call');
    // Counted first, as the system counts it before it looks at the target or reserves the value: past the segment's
    // limits the handler fails with their code whatever else is wrong with the call.
    checkOut(this, payload, true);
    const boundary = this.onSegmentBoundary?.(`its call to ${target}`);
    return opOf(boundary, this.inFlight(boundary, this.answer('call', target, payload, options, boundary)));
  }

  query(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    checkValue(options?.value, 'call');
    checkOut(this, payload, true);
    const boundary = this.onSegmentBoundary?.(`its query to ${target}`);
    return opOf(boundary, this.inFlight(boundary, this.answer('query', target, payload, options, boundary)));
  }

  send(target: ActorId, payload: Uint8Array, options?: SendOptions): MessageId {
    const value = checkValue(options?.value, 'send');
    // A send larger than a message is counted and recorded: in the system it leaves and its target refuses it
    // (PAYLOAD_TOO_LARGE), which its sender never hears of, but its value comes back once the segment committed.
    checkOut(this, payload, false);
    this.take(value, target);
    payloadLimits.get(this)?.sendRefused(payload, value, () => {
      this.currentBalance += value;
    });
    // A payload the target cannot decode is refused there (DECODE_FAILED), which its sender never hears of either.
    const found = decodeRequest(this.mocks.get(target), payload);
    this.sent.push({ kind: 'send', target, payload, value, route: found?.route, args: found?.args, options });
    const deliver = () => this.deliverSend(target, payload, options, found);
    if (this.onCommitted === undefined) deliver();
    else this.onCommitted(deliver);
    return hashId('sprocket:mock-sent', String(++this.nextId));
  }

  deploy(code: CodeId, payload: Uint8Array, options?: DeployOptions): Promise<ActorId> {
    const value = checkValue(options?.value, 'deploy');
    checkOut(this, payload, true);
    this.take(value, code);
    this.sent.push({ kind: 'deploy', target: code, payload, value, route: undefined, args: undefined, options });
    const boundary = this.onSegmentBoundary?.('a deploy of code');
    const address = hashId('sprocket:mock-deployed', code, String(++this.deployed));
    const refused = payloadLimits.get(this)?.refused(address, payload);
    const settled = Promise.resolve().then(() => {
      // As in the system: the new actor refuses its constructor's message, and the value comes back with the refusal
      // (before the next segment starts, which a failure would roll back to).
      if (refused !== undefined && boundary?.dropped !== true) this.currentBalance += value;
      if (boundary?.settle() === false) return halted();
      if (refused !== undefined) throw refused;
      return address;
    });
    return opOf(boundary, settled);
  }

  subscribe(_source: ActorId, _listener: (payload: Uint8Array) => void): Unsubscribe {
    throw new RuntimeError('RUNTIME_UNSUPPORTED', 'actors cannot subscribe to events');
  }

  /**
   * Delivers a send whose segment committed to its mock, as the system delivers it to its target: one the target
   * refuses (it does not decode) or whose mock throws fails there, and its value comes back to the sender, as the
   * system refunds a message whose handler failed. Nothing else is heard of it. A send larger than a message is
   * refunded by sendRefused (its target refuses it unread).
   */
  private deliverSend(
    target: ActorId,
    payload: Uint8Array,
    options: SendOptions | undefined,
    found: ResolvedRequest | Undecodable | undefined,
  ): void {
    const value = options?.value ?? 0n;
    if (found === undefined || (payload instanceof Uint8Array && payloadLimits.get(this)?.refused('', payload) !== undefined)) return;
    const refund = (): void => {
      if (value === 0n) return;
      if (this.onCredit === undefined) this.currentBalance += value;
      else this.onCredit(value);
    };
    if ('undecodable' in found) {
      refund();
      return;
    }
    const handler = found.mocked.handlers[found.fn.method] ?? found.mocked.handlers[found.fn.name];
    if (handler === undefined) return;
    void (async () => {
      await runMock(handler, found.args, { kind: 'send', source: this.self, target, route: found.route, value, options });
    })().catch(refund);
  }

  /** Calls and queries whose answer has not come, with the boundary that says whether their segment was dropped. */
  private readonly waiting = new Map<Promise<unknown>, OpBoundary | undefined>();

  private inFlight<T>(boundary: OpBoundary | undefined, answer: Promise<T>): Promise<T> {
    this.waiting.set(answer, boundary);
    const done = () => {
      this.waiting.delete(answer);
    };
    answer.then(done, done);
    return answer;
  }

  /** Resolves once every call still waiting (of a segment not rolled back) got its answer, and its reactions ran. */
  private async afterReplies(): Promise<void> {
    for (;;) {
      const pending = [...this.waiting].filter(([, boundary]) => boundary?.live() !== false).map(([answer]) => answer);
      if (pending.length === 0) break;
      await Promise.allSettled(pending);
    }
    // The reactions of an answer (a race's, the handler's continuation) run before the sleep settles.
    for (let i = 0; i < 3; i++) await undefined;
  }

  private take(value: bigint, target: string): void {
    if (value > this.currentBalance) {
      const reason = `the actor under test has ${this.currentBalance} available and cannot send ${value} to ${target}`;
      throw new CallError('VALUE_REJECTED', { actor: target, sender: this.self, reason });
    }
    this.currentBalance -= value;
  }

  /** Sends a call or query and settles it: the segment that sent it ends as it settles (before the handler resumes). */
  private async answer(
    kind: 'call' | 'query',
    target: ActorId,
    payload: Uint8Array,
    options: CallOptions | undefined,
    boundary: OpBoundary | undefined,
  ): Promise<Uint8Array> {
    checkTarget(`${kind} to`, target);
    const value = options?.value ?? 0n;
    this.take(value, target);
    const found = decodeRequest(this.mocks.get(target), payload);
    this.sent.push({ kind, target, payload, value, route: found?.route, args: found?.args, options });
    // Named as the system names it when the handler returns without awaiting it (the target by its mock's program).
    if (boundary !== undefined) {
      boundary.what = `its ${kind}${found?.route === undefined ? '' : ` ${found.route}`} to ${found?.mocked?.definition.name ?? target}`;
    }
    const call: MockCall = { kind, source: this.self, target, route: found?.route, value, options };
    return settling(boundary, () => this.reply(call, payload, found, boundary));
  }

  /** The reply a mock (or the raw handler) gives a call or query the target did not refuse. */
  private async reply(
    call: MockCall,
    payload: Uint8Array,
    found: ResolvedRequest | Undecodable | undefined,
    boundary: OpBoundary | undefined,
  ): Promise<Uint8Array> {
    const { kind, target, value } = call;
    // The value comes back with a failure, unless the call's segment was rolled back (which gave it back already).
    const giveBack = (): void => {
      if (boundary?.dropped === true) return;
      if (this.onCredit === undefined) this.currentBalance += value;
      else this.onCredit(value);
    };
    // The target refuses a message larger than a message may be before any handler sees it: no mock answers.
    const refused = payloadLimits.get(this)?.refused(target, payload);
    if (refused !== undefined) {
      giveBack();
      throw refused;
    }
    if (found !== undefined && 'undecodable' in found) {
      // As the system's target refuses a payload its generated code cannot decode.
      giveBack();
      const cause = found.undecodable;
      throw new CallError('DECODE_FAILED', { actor: target, reason: cause instanceof Error ? cause.message : String(cause), cause });
    }
    const handler = found === undefined ? undefined : (found.mocked.handlers[found.fn.method] ?? found.mocked.handlers[found.fn.name]);
    const raw = this.rawHandler;
    if (handler !== undefined || raw !== undefined) {
      try {
        if (handler === undefined || found === undefined) return await (raw as NonNullable<typeof raw>)(target, payload, call);
        const result = await runMock(handler, found.args, call);
        return found.fn.encodeReply(result);
      } catch (error) {
        // As in the system, the value sent with a call whose handler fails comes back with the error reply.
        giveBack();
        // A CallError is how a mock plays a failure other than its handler's (TIMEOUT, VALUE_REJECTED): kept as given.
        if (error instanceof CallError) throw error;
        throw new CallError('HANDLER_FAILED', {
          actor: target,
          route: handler === undefined ? undefined : found?.route,
          reason: error instanceof Error ? error.message : String(error),
          cause: error,
        });
      }
    }
    throw new RuntimeError(
      'RUNTIME_UNMOCKED_CALL',
      `nothing mocks ${found?.route ?? describeRequest(kind, this.mocks.get(target), payload)} on ${target}: use ctx.mock(target, Definition, { method: ... })`,
    );
  }
}

/** A context for handler-level unit tests. */
export function mockContext(options: MockContextOptions = {}): MockContext {
  return new MockContext(options);
}

/** An actor instance wired to a mocked context: call its methods directly and inspect what it sent and emitted. */
export interface UnitActor<T> {
  /** The instance, with its context installed. */
  readonly actor: T;
  /** The mocked context (change `source`, `value`, `blockHeight` between calls). */
  readonly ctx: MockContext;
  /** What the handlers sent. */
  readonly sent: SentRecord[];
  /** What the handlers emitted. */
  readonly events: EmittedEvent[];
}

/** The limits of the system that unitActor applies to what handlers send, emit, write and reply (defaults: the system's). */
export interface UnitPayloadLimits {
  /** The largest message, event or reply, as `SystemOptions.maxPayloadBytes` (default 8 MiB). */
  readonly maxPayloadBytes?: number;
  /**
   * The per-segment limits, as `SystemOptions.limits` (the same object may be given to both): payload bytes, messages,
   * fan-out, call depth, state writes, and a segment's messages against the block's and the queue's limits. The heap
   * and wall-clock backstops are checked (as the system checks its options) but not applied: nothing is metered here.
   */
  readonly limits?: Partial<ExecutionLimits>;
}

/** Options of {@link unitActor}. */
export interface UnitActorOptions extends MockContextOptions, UnitPayloadLimits {
  /**
   * Roll back a handler's last segment when it throws, as the system does: state written since its last
   * await of a call, query, deploy or sleep, the events it emitted and the messages it sent (default true).
   */
  readonly rollback?: boolean;
}

/**
 * Installs a mocked context on an actor instance: handler-level unit tests. Handlers run in segments as in
 * the system (a throw rolls back the state, events and sends of the failing segment, and so does an integer
 * state field out of its wire type's range, `RUNTIME_STATE_OUT_OF_RANGE`); `{ rollback: false }`
 * turns that off and `actor` is then the instance itself. Either way, emitted events are encoded with the generated
 * event codecs, so a payload the wire cannot carry throws the error the system fails the handler with. The system's
 * payload limits apply (unit-payload.ts): an event or reply larger than `maxPayloadBytes`, or a segment whose messages
 * (calls, queries, sends, deploys) and events pass `limits.payloadBytesPerSegment`, fails with PAYLOAD_LIMIT_EXCEEDED;
 * an awaited message larger than `maxPayloadBytes` rejects with PAYLOAD_TOO_LARGE. A reply is encoded with the
 * generated codec and one that does not encode fails as in the system (unit-reply.ts); the other per-segment limits
 * of `limits` apply too (unit-limits.ts). Without rollback there are no segments: only the size of one event and of
 * one awaited message is checked.
 */
export function unitActor<T extends object>(
  instance: T,
  options: UnitActorOptions | MockContext = {},
  more: { readonly rollback?: boolean } & UnitPayloadLimits = {},
): UnitActor<T> {
  // The class itself would get the context installed on it and be refused later for its `prototype` field.
  const given: unknown = instance;
  if (typeof given === 'function') {
    const name = given.name === '' ? 'Actor' : given.name;
    throw new RuntimeError(
      'RUNTIME_BAD_OPTION',
      `unitActor takes an actor instance, got the class ${name}: write unitActor(new ${name}())`,
    );
  }
  const payloadOptions = options instanceof MockContext ? more : { ...options, ...more };
  const maxPayloadBytes = checkWhole(payloadOptions.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES, 'maxPayloadBytes', HEADER_SIZE);
  const limits = limitsOf(payloadOptions.limits);
  const perSegment = limits.payloadBytesPerSegment;
  const ctx = options instanceof MockContext ? options : new MockContext(options);
  (instance as { [CONTEXT_SLOT]?: ActorContext })[CONTEXT_SLOT] = ctx;
  const rollback = more.rollback ?? (options instanceof MockContext ? true : (options.rollback ?? true));
  // Integer state fields and events are checked as in the system, once the generated code is loaded.
  const meta = getActorMetadata(instance.constructor as abstract new (...args: never[]) => unknown);
  const definition = meta === undefined ? undefined : findGenerated(meta.name);
  let segments: UnitSegments | undefined;
  // Messages are counted with or without the generated code (their payloads are bytes already); events and replies
  // only with it, as only their codecs say how many bytes they are.
  const label = instance.constructor.name;
  const self = () => ctx.self;
  const payload = new UnitPayload(label, self, maxPayloadBytes, perSegment);
  payloadLimits.set(ctx, payload);
  const executing = new UnitLimits(label, self, () => ctx.blockHeight, limits);
  executionLimits.set(ctx, executing);
  if (definition !== undefined) {
    const encode = eventEncoder(definition, () => segments?.handlerMethod);
    eventEncoders.set(ctx, (name, value) => payload.event(name, encode(name, value)));
  } else eventEncoders.delete(ctx);
  if (!rollback) return { actor: instance, ctx, sent: ctx.sent, events: ctx.events };
  // Its fields hold what a deploy would accept (docs/state.md), or the unit test stops here as the deploy would.
  checkInitialState(instance, label, `${label} given to unitActor`);
  segments = new UnitSegments(label, ctx, checkConstructedRanges(instance, definition), instance);
  payload.segments = segments;
  executing.segments = segments;
  segments.journalCap = 5 * limits.stateWritesPerSegment;
  segments.endCheck = (method, writes, messages) => executing.atEnd(method, writes, messages);
  // A reply is encoded as the system encodes it only with the generated codecs; without them it is returned as is.
  if (definition !== undefined) {
    const replies = new UnitReply(self, label, definition, (method, size) => payload.replyTooLarge(method, size));
    segments.replyError = (method, result) => replies.error(method, result);
    segments.isErr = (method, result) => replies.isErr(method, result);
  }
  const running = segments;
  ctx.onSegmentBoundary = (what) => running.checkpoint(what);
  ctx.onCredit = (value) => running.credit(value);
  ctx.onCommitted = (action) => running.whenCommitted(action);
  return { actor: segmentedInstance(instance, segments), ctx, sent: ctx.sent, events: ctx.events };
}
