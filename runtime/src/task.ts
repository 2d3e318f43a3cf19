import { getHeapStatistics } from 'node:v8';
import {
  type ActorContext,
  type ActorId,
  CALL_OWNED,
  type CallOptions,
  CONTEXT_SLOT,
  type CodeId,
  type DeployOptions,
  type MessageId,
  type OwnedPayloadTransport,
  SEND_OWNED,
  type SendOptions,
  type Unsubscribe,
} from '@sprocket/sdk';
import type { ActorRecord } from './actor-record.js';
import type { DispatchEntry } from './code.js';
import { RuntimeError } from './errors.js';
import type { PendingEvent } from './events.js';
import { GAS_COSTS, type GasMeter } from './gas.js';
import type { KeptReferences } from './kept-references.js';
import { type ExecutionLimits, type Halt, LimitExceeded } from './limits.js';
import type { Envelope } from './message.js';
import type { OpOwner } from './op.js';
import { Sfc32 } from './random.js';
import { installSandbox, SANDBOX, type SandboxSegment } from './sandbox-globals.js';

/** What a task's context operations run on (the segment room, see segments.ts). */
export interface TaskHost {
  readonly blockHeight: number;
  readonly blockTimestamp: number;
  /** The system's execution limits. */
  readonly limits: ExecutionLimits;
  /** Whether contract code runs in this realm with the deterministic globals swapped in (sandbox-globals.ts). */
  readonly sandboxGlobals: boolean;
  messageId(seq: number): MessageId;
  /** An op of `task` got a callback: the handler may have parked. */
  segmentMayHaveEnded(task: Task): void;
  /** Whether `value` is the promise of a call `task` made in an earlier segment whose reply has not come yet. */
  isPendingCallPromise(task: Task, value: object): boolean;
  /** `owned`: the payload is fresh bytes nobody else holds (kept without a copy). */
  ctxCall(
    task: Task,
    target: ActorId,
    payload: Uint8Array,
    options: CallOptions | undefined,
    query: boolean,
    owned?: boolean,
  ): Promise<Uint8Array>;
  /** `owned`: the payload is fresh bytes nobody else holds (kept without a copy). */
  ctxSend(task: Task, target: ActorId, payload: Uint8Array, options: SendOptions | undefined, owned?: boolean): MessageId;
  ctxDeploy(task: Task, codeId: CodeId, payload: Uint8Array, options: DeployOptions | undefined): Promise<ActorId>;
  ctxSleep(task: Task, blocks: number): Promise<void>;
  ctxTransfer(task: Task, to: ActorId, value: bigint): void;
  ctxEmit(task: Task, name: string, payload: unknown): void;
}

/**
 * One handler execution for one message. It is also the handler's
 * `ActorContext`: `this.ctx` is the task of the message being handled.
 */
export class Task implements ActorContext, OpOwner, OwnedPayloadTransport, SandboxSegment {
  actor!: ActorRecord;
  /** The message handled. */
  msg!: Envelope;
  /** The function handled (undefined for constructors). */
  entry!: DispatchEntry | undefined;
  /** The method run (undefined for a default constructor). */
  method!: string | undefined;
  readOnly!: boolean;
  parkSeq!: number;
  waiting!: number;
  /** parkSeq when the running segment started. */
  segParkSeq!: number;
  /** 0 running, 1 fulfilled, 2 rejected. */
  settled!: number;
  result!: unknown;
  /** Ended (finished, failed or killed by the determinism guard). */
  done!: boolean;
  /** The first segment has not committed yet (value is refunded if it fails). */
  first!: boolean;
  /** Messages, calls, spawns and sleeps of the running segment (the first `outLen` slots), sent on commit. */
  out!: (Envelope | undefined)[] | undefined;
  outLen!: number;
  /** Events of the running segment. */
  events!: PendingEvent[] | undefined;
  /** Value transfers of the running segment. */
  transfers!: [ActorId, bigint][] | undefined;
  /** Value committed to leave in the running segment. */
  outflow!: bigint;
  /** The handler's gas meter (gas.ts), installed while a segment runs. */
  gas!: GasMeter | undefined;
  /** Set when the handler passed a limit or used a nondeterministic global: it fails with this, whatever it does. */
  halt!: Halt | undefined;
  /** Awaited calls of a user (depth 1) down to this handler. */
  depth!: number;
  /** Awaited calls made in the running segment. */
  segCalls!: number;
  /** Bytes of outgoing payloads of the running segment. */
  segBytes!: number;
  /** `Math.random` of the handler: seeded from the message id on first use. */
  private rng!: Sfc32 | undefined;
  /** Objects earlier segments of the handler stored new in state, checked at the end of each later one (kept-references.ts). */
  kept!: KeptReferences | undefined;
  /** Heap in use at the running segment's first gas checkpoint (-1 before it). */
  private heapBase!: number;

  constructor(
    /** Where the context operations run. */
    readonly system: TaskHost,
    actor: ActorRecord,
    msg: Envelope,
    entry: DispatchEntry | undefined,
    method: string | undefined,
    readOnly: boolean,
  ) {
    this.reuse(actor, msg, entry, method, readOnly);
  }

  /**
   * Starts the task on a message with every field at its initial value: the constructor's work, and how an ended
   * task becomes the task of another message. Reuse only a task nothing else can hold: its handler never read its
   * context, so no contract code, op or waiter refers to it.
   */
  reuse(actor: ActorRecord, msg: Envelope, entry: DispatchEntry | undefined, method: string | undefined, readOnly: boolean): this {
    this.actor = actor;
    this.msg = msg;
    this.entry = entry;
    this.method = method;
    this.readOnly = readOnly;
    this.parkSeq = 0;
    this.waiting = 0;
    this.segParkSeq = 0;
    this.settled = 0;
    this.result = undefined;
    this.done = false;
    this.first = true;
    this.out = undefined;
    this.outLen = 0;
    this.events = undefined;
    this.transfers = undefined;
    this.outflow = 0n;
    this.gas = undefined;
    this.halt = undefined;
    this.depth = 1;
    this.segCalls = 0;
    this.segBytes = 0;
    this.rng = undefined;
    this.heapBase = -1;
    this.kept = undefined;
    return this;
  }

  /** `Class.method`, for errors (built on demand: most messages never need it). */
  get handlerName(): string {
    return `${this.actor.code.actorClass.name}.${this.method ?? 'constructor'}`;
  }

  /** `Math.random()` inside the handler: the message's own seeded sequence. */
  random(): number {
    this.rng ??= new Sfc32(this.messageId);
    return this.rng.next();
  }

  /** The handler used a nondeterministic global: its segment fails with NONDETERMINISTIC_AWAIT (unless out of gas first). */
  violate(reason: string): void {
    if (this.gas?.out !== true) this.halt ??= { code: 'NONDETERMINISTIC_AWAIT', reason };
  }

  /** Fails the running segment with a limit's code: records it (the first cause wins) and throws the signal. */
  stop(halt: Halt): never {
    if (this.gas?.out !== true) this.halt ??= halt;
    // Every later charge throws again (checkpoint below): a handler that catches the signal cannot run on.
    this.gas?.stall();
    throw new LimitExceeded(this.halt ?? halt);
  }

  /** Gas checkpoint (every few thousand units of gas): the segment's state growth is checked here. */
  checkpoint(): void {
    if (this.halt !== undefined) {
      this.gas?.stall();
      throw new LimitExceeded(this.halt);
    }
    // The journal holds five slots per write (journal.ts).
    const writes = this.actor.journal.length / 5;
    const max = this.system.limits.stateWritesPerSegment;
    if (writes > max) {
      this.stop({
        code: 'STATE_LIMIT_EXCEEDED',
        reason: `${this.handlerName} made more than ${max} state writes in one segment (limits.stateWritesPerSegment)`,
      });
    }
    // Writes are charged when the segment commits: once they alone pass what the meter has left, the commit would
    // fail, so the segment stops now instead of running on to the write limit or the wall-clock backstop.
    const gas = this.gas;
    if (gas !== undefined && writes * GAS_COSTS.stateWrite > gas.remaining) gas.exhaust();
    const heapLimit = this.system.limits.heapGrowthBytes;
    if (heapLimit === 0) return;
    const heap = getHeapStatistics().used_heap_size;
    if (this.heapBase < 0) this.heapBase = heap;
    else if (heap - this.heapBase > heapLimit) {
      this.gas?.forfeit();
      this.stop({
        code: 'HEAP_LIMIT_EXCEEDED',
        reason: `${this.handlerName} grew the heap by more than ${heapLimit} bytes (limits.heapGrowthBytes): an allocation without end?`,
      });
    }
  }

  /**
   * Whether `value` is the promise a call of this handler returned through its generated client (the first `then`
   * of a call's op, which the client uses to decode the reply) and whose reply has not come yet: one of this
   * segment's calls, or of an earlier segment's still waiting. Race guards ask it, rarely: no index is kept per call.
   */
  isCallPromise(value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const out = this.out;
    if (out !== undefined) {
      for (let i = 0; i < this.outLen; i++) {
        const waiter = out[i]?.waiter;
        if (waiter !== undefined && waiter.derived === value) return true;
      }
    }
    return this.system.isPendingCallPromise(this, value);
  }

  /** An op of this task got a callback: if the runtime waits for this segment, it checks it in a microtask. */
  parked(): void {
    this.system.segmentMayHaveEnded(this);
  }

  get self(): ActorId {
    return this.actor.id;
  }

  get source(): ActorId {
    return this.msg.source;
  }

  get value(): bigint {
    return this.msg.value;
  }

  get messageId(): MessageId {
    return this.system.messageId(this.msg.seq);
  }

  get blockHeight(): number {
    return this.system.blockHeight;
  }

  get blockTimestamp(): number {
    return this.system.blockTimestamp;
  }

  balance(): bigint {
    // A kept context must not read the live balance of its actor from another message (or another actor's handler).
    if (this.actor.seg !== this || this.done) {
      throw new RuntimeError('RUNTIME_NOT_IN_HANDLER', `${this.handlerName}: ctx.balance used outside the handler's execution segment`);
    }
    return this.actor.balance - this.outflow;
  }

  sleep(blocks: number): Promise<void> {
    return this.system.ctxSleep(this, blocks);
  }

  transfer(to: ActorId, value: bigint): void {
    this.system.ctxTransfer(this, to, value);
  }

  emitEvent(name: string, payload: unknown): void {
    this.system.ctxEmit(this, name, payload);
  }

  call(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.system.ctxCall(this, target, payload, options, false);
  }

  send(target: ActorId, payload: Uint8Array, options?: SendOptions): MessageId {
    return this.system.ctxSend(this, target, payload, options);
  }

  query(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.system.ctxCall(this, target, payload, options, true);
  }

  /** `send` from a generated client: the payload was just encoded and is kept without a copy. */
  [SEND_OWNED](target: ActorId, payload: Uint8Array, options: SendOptions | undefined): MessageId {
    return this.system.ctxSend(this, target, payload, options, true);
  }

  /** `call`/`query` from a generated client: the payload was just encoded and is kept without a copy. */
  [CALL_OWNED](target: ActorId, payload: Uint8Array, options: CallOptions | undefined, query: boolean): Promise<Uint8Array> {
    return this.system.ctxCall(this, target, payload, options, query, true);
  }

  deploy(code: CodeId, payload: Uint8Array, options?: DeployOptions): Promise<ActorId> {
    return this.system.ctxDeploy(this, code, payload, options);
  }

  subscribe(_source: ActorId, _listener: (payload: Uint8Array) => void): Unsubscribe {
    throw new RuntimeError(
      'RUNTIME_UNSUPPORTED',
      `${this.handlerName}: actors cannot subscribe to events; have the publisher send a message instead`,
    );
  }

  /** Makes this task's segment the running one: `this.ctx` of the instance is this task. */
  enter(): void {
    const actor = this.actor;
    actor.seg = this;
    actor.readOnly = this.readOnly;
    actor.mutationAttempted = false;
    (actor.instance as { [CONTEXT_SLOT]?: ActorContext })[CONTEXT_SLOT] = this;
    this.segParkSeq = this.parkSeq;
    this.segCalls = 0;
    this.segBytes = 0;
    this.heapBase = -1;
    this.kept?.start();
    this.gas?.install();
    SANDBOX.segment = this;
    if (SANDBOX.restore === undefined && this.system.sandboxGlobals) installSandbox();
  }

  /** Ends the running segment. */
  leave(): void {
    const actor = this.actor;
    actor.seg = undefined;
    actor.readOnly = false;
    if (SANDBOX.segment === this) SANDBOX.segment = undefined;
    this.gas?.uninstall();
    if (actor.instance !== undefined) (actor.instance as { [CONTEXT_SLOT]?: ActorContext })[CONTEXT_SLOT] = undefined;
    // Rolled back (or committed, then nothing is left): drop the unsent messages, keep the array.
    const out = this.out;
    if (out !== undefined) for (let i = 0; i < this.outLen; i++) out[i] = undefined;
    this.outLen = 0;
    this.events = undefined;
    this.transfers = undefined;
    this.outflow = 0n;
  }
}
