import type { ActorId } from '@sprocket/sdk';
import type { Code } from './code.js';
import type { StateOwner } from './journal.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { Envelope } from './message.js';

/** Lifecycle of an actor. */
export type ActorStatus = 'uninitialized' | 'active' | 'failed';

/** The runtime's record of one deployed actor: its instance, balance and scheduling state. */
export class ActorRecord implements StateOwner {
  /** u128 balance. */
  balance = 0n;
  status: ActorStatus = 'uninitialized';
  /** The contract instance (undefined until its constructor message runs, and after a failed init). */
  instance: object | undefined = undefined;
  /** What handlers run with as `this`: the state view or the journaling proxy (journal.ts). */
  proxy: object | undefined = undefined;
  /** The task whose segment runs now. */
  seg: unknown = undefined;
  readOnly = false;
  mutationAttempted = false;
  /** The running handler read its context (`this.ctx`) through the state proxy: its task may be kept by contract code. */
  ctxRead = false;
  readonly journal: unknown[] = [];
  /** Journal slots past which writes are refused (5 × `limits.stateWritesPerSegment`; set by the system). */
  journalCap = 5 * DEFAULT_LIMITS.stateWritesPerSegment;
  /** Exclusive actors: the task in flight. */
  busy: unknown = undefined;
  /** Exclusive actors: messages waiting for the current task to finish, in arrival order. */
  deferred: Envelope[] | undefined = undefined;
  /** Proxy traps of the actor's plain objects (created on first use). */
  traps: ProxyHandler<object> | undefined = undefined;

  constructor(
    readonly id: ActorId,
    readonly code: Code,
    /** `Program` or `Program#n`, for traces and errors. */
    readonly label: string,
  ) {}

  /** `Class.method` of the running handler (the label outside a handler), for state errors. */
  get handler(): string {
    return (this.seg as { handlerName?: string } | undefined)?.handlerName ?? this.label;
  }

  /** Whether one of this actor's segments is running. */
  get inSegment(): boolean {
    return this.seg !== undefined;
  }
}
