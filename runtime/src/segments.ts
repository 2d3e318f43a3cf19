import {
  type ActorId,
  CallError,
  type CallOptions,
  type CodeId,
  type DeployOptions,
  type MessageId,
  type SendOptions,
} from '@sprocket/sdk';
import type { Accounts } from './accounts.js';
import type { Clock } from './clock.js';
import { RuntimeError } from './errors.js';
import { GAS_COSTS, gasLimitOf } from './gas.js';
import { DEFAULT_LIMITS, type ExecutionLimits } from './limits.js';
import { EMPTY, type Envelope, HANDLE, INIT, newWaiter, QUERY, WAKE, type Waiter } from './message.js';
import { RuntimeOp } from './op.js';
import type { Task, TaskHost } from './task.js';
import { checkBlocks, checkSalt, checkTransferTarget, checkValue, ownPayload } from './values.js';

/**
 * The context operations of a running segment (`this.ctx.call`, `send`,
 * `deploy`, `sleep`, `transfer`, `emitEvent`): each is checked now and
 * collected on the task; nothing leaves the actor before the segment commits.
 */
export class SegmentOps implements TaskHost {
  /** Told when an op of a task got a callback (the driver checks whether the segment ended). */
  onParked: (task: Task) => void = () => {};
  /** The system's execution limits (set by the system). */
  limits: ExecutionLimits = DEFAULT_LIMITS;
  /** The largest payload a message carries (the system's `maxPayloadBytes`): an event is no larger. */
  maxPayloadBytes = 8 * 1024 * 1024;
  /** Whether contract code sees the deterministic globals in this realm (set by the system). */
  sandboxGlobals = true;
  /** The newest call's waiter, held so that its layout outlives a full GC of an idle system (see Dispatcher.newestTask). */
  newestWaiter: Waiter | undefined = undefined;

  constructor(
    private readonly clock: Clock,
    private readonly accounts: Accounts,
    /** Blocks a call waits for its reply when the call gives no `timeout`. */
    private readonly replyTimeout: number,
  ) {}

  get blockHeight(): number {
    return this.clock.blockHeight;
  }

  get blockTimestamp(): number {
    return this.clock.blockTimestamp;
  }

  messageId(seq: number): MessageId {
    return this.clock.messageIds.format(seq);
  }

  segmentMayHaveEnded(task: Task): void {
    this.onParked(task);
  }

  isPendingCallPromise(task: Task, value: object): boolean {
    // Every call's waiter holds a reply deadline until its reply is handed over (outcomes.ts commit).
    return this.clock.schedule.someTimeout((waiter) => waiter.owner === task && waiter.derived === value);
  }

  /** The reply timeout of a call in blocks (the default when the call gives none); throws on a bad option. */
  timeoutOf(timeout: number | undefined): number {
    return timeout === undefined ? this.replyTimeout : checkBlocks(timeout, 'timeout');
  }

  /** Gas for waiting `timeout` blocks for an answer: the blocks beyond the system's reply timeout, paid up front. */
  private waitCost(timeout: number): number {
    return timeout > this.replyTimeout ? (timeout - this.replyTimeout) * GAS_COSTS.holdBlock : 0;
  }

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
      const label = this.accounts.label(target);
      throw new CallError('VALUE_REJECTED', {
        actor: target,
        label,
        sender: task.actor.label,
        reason: `${task.actor.label} has ${task.actor.balance - task.outflow} available and cannot send ${value} to ${label}`,
      });
    }
    task.outflow += value;
  }

  /** Checks the per-segment limits before a message of `bytes` payload bytes leaves (`awaited`: a call, query or deploy). */
  private checkOut(task: Task, bytes: number, awaited: boolean): void {
    const limits = this.limits;
    if (task.outLen >= limits.messagesPerSegment) {
      task.stop({
        code: 'SEND_LIMIT_EXCEEDED',
        reason: `${task.handlerName} sent more than ${limits.messagesPerSegment} messages in one segment (limits.messagesPerSegment)`,
      });
    }
    task.segBytes += bytes;
    if (task.segBytes > limits.payloadBytesPerSegment) {
      task.stop({
        code: 'PAYLOAD_LIMIT_EXCEEDED',
        reason: `${task.handlerName} sent more than ${limits.payloadBytesPerSegment} payload bytes (messages and events) in one segment (limits.payloadBytesPerSegment)`,
      });
    }
    if (!awaited) return;
    if (task.depth >= limits.callDepth) {
      task.stop({
        code: 'CALL_DEPTH_EXCEEDED',
        reason: `${task.handlerName} is at call depth ${task.depth}: a further awaited call passes limits.callDepth (${limits.callDepth}); is it awaiting itself without end?`,
      });
    }
    if (++task.segCalls > limits.fanOut) {
      task.stop({
        code: 'FAN_OUT_EXCEEDED',
        reason: `${task.handlerName} made more than ${limits.fanOut} awaited calls in one segment (limits.fanOut)`,
      });
    }
  }

  private pushOut(task: Task, env: Envelope): void {
    // The array outlives the segment (a task that awaits in a loop reuses it): slots are cleared on commit.
    if (task.out === undefined) task.out = [env];
    else task.out[task.outLen] = env;
    task.outLen++;
  }

  /** `ctx.call` / `ctx.query`: the request is sent when the segment commits. */
  ctxCall(
    task: Task,
    target: ActorId,
    payload: Uint8Array,
    options: CallOptions | undefined,
    query: boolean,
    owned = false,
  ): RuntimeOp<Uint8Array> {
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
    const bytes = owned ? payload : ownPayload(payload, query ? 'query' : 'call');
    this.checkOut(task, bytes.length, true);
    task.gas?.charge(GAS_COSTS.send + bytes.length * GAS_COSTS.sendByte + this.waitCost(timeout));
    const gasLimit = childGasLimit(task, options?.gasLimit);
    this.reserve(task, value, target);
    const env = this.clock.envelope(query ? QUERY : HANDLE, task.actor.id, target, bytes, value);
    env.cause = task.msg.seq;
    env.gasLimit = gasLimit;
    const waiter = newWaiter(target, env, task);
    this.newestWaiter = waiter;
    waiter.deadline = this.clock.blockHeight + timeout;
    env.waiter = waiter;
    this.pushOut(task, env);
    return waiter as RuntimeOp<unknown> as RuntimeOp<Uint8Array>;
  }

  /** `ctx.send`: fire-and-forget, sent when the segment commits. */
  ctxSend(task: Task, target: ActorId, payload: Uint8Array, options: SendOptions | undefined, owned = false): MessageId {
    this.active(task, 'send');
    const value = checkValue(options?.value, 'send');
    const delay = checkBlocks(options?.delay, 'delay');
    const bytes = owned ? payload : ownPayload(payload, 'send');
    this.checkOut(task, bytes.length, false);
    task.gas?.charge(GAS_COSTS.send + bytes.length * GAS_COSTS.sendByte + delay * GAS_COSTS.holdBlock);
    const gasLimit = childGasLimit(task, options?.gasLimit);
    this.reserve(task, value, target);
    const env = this.clock.envelope(HANDLE, task.actor.id, target, bytes, value);
    env.cause = task.msg.seq;
    env.gasLimit = gasLimit;
    env.due = delay;
    this.pushOut(task, env);
    return this.clock.messageIds.format(env.seq);
  }

  /** `ctx.deploy`: spawns an actor from registered code; resolves with its address after its constructor. */
  ctxDeploy(task: Task, codeId: CodeId, payload: Uint8Array, options: DeployOptions | undefined): RuntimeOp<ActorId> {
    this.active(task, 'deploy');
    const code = this.accounts.codes.get(codeId);
    if (code === undefined) {
      return RuntimeOp.rejected(task, new CallError('SPAWN_FAILED', { actor: codeId, reason: `no code ${codeId} is registered` }));
    }
    const value = checkValue(options?.value, 'deploy');
    checkSalt(options?.salt, 'deploy');
    const timeout = this.timeoutOf(options?.timeout);
    const address = this.accounts.newAddress(code, options?.salt);
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
    let gasLimit = gasLimitOf(options?.gasLimit);
    const bytes = ownPayload(payload, 'deploy');
    this.checkOut(task, bytes.length, true);
    const gas = task.gas;
    if (gas !== undefined) {
      gas.charge(GAS_COSTS.send + bytes.length * GAS_COSTS.sendByte + this.waitCost(timeout));
      // The child's constructor runs on the parent's gas: an explicit limit is taken from the parent's message,
      // and without one the child may use at most what the parent has left.
      if (gasLimit !== 0) gas.charge(gasLimit);
      else gasLimit = Math.max(1, gas.remaining);
    }
    this.reserve(task, value, address);
    const env = this.clock.envelope(INIT, task.actor.id, address, bytes, value);
    env.cause = task.msg.seq;
    env.gasLimit = gasLimit;
    const waiter = newWaiter(address, env, task);
    waiter.address = address;
    waiter.code = code;
    waiter.deadline = this.clock.blockHeight + timeout;
    env.waiter = waiter;
    this.pushOut(task, env);
    return waiter as RuntimeOp<unknown> as RuntimeOp<ActorId>;
  }

  /** `ctx.sleep`: the task resumes `blocks` blocks after the segment commits. */
  ctxSleep(task: Task, blocks: number): RuntimeOp<void> {
    this.active(task, 'sleep');
    const n = checkBlocks(blocks, 'sleep');
    this.checkOut(task, 0, false);
    task.gas?.charge(GAS_COSTS.sleep + n * GAS_COSTS.holdBlock);
    const env = this.clock.envelope(WAKE, task.actor.id, task.actor.id, EMPTY, 0n);
    const waiter = newWaiter(task.actor.id, env, task);
    env.waiter = waiter;
    env.due = n;
    this.pushOut(task, env);
    return waiter as RuntimeOp<unknown> as RuntimeOp<void>;
  }

  /** `ctx.transfer`: moves value on commit. */
  ctxTransfer(task: Task, to: ActorId, value: bigint): void {
    this.active(task, 'transfer');
    checkValue(value, 'transfer');
    checkTransferTarget(to);
    task.gas?.charge(GAS_COSTS.transfer);
    this.reserve(task, value, to);
    task.transfers ??= [];
    task.transfers.push([to, value]);
  }

  /** `ctx.emitEvent`: encodes now, publishes on commit. */
  ctxEmit(task: Task, name: string, payload: unknown): void {
    this.active(task, 'emit');
    const bytes = task.actor.code.event(name, task.entry?.service).event.encode(payload);
    task.gas?.charge(GAS_COSTS.event + bytes.length * GAS_COSTS.eventByte);
    // An event is a message to its subscribers: it counts toward the segment's outgoing bytes, and is no larger than
    // a message may be (its bytes are held outside the JS heap, where the heap backstop does not see them).
    task.segBytes += bytes.length;
    if (bytes.length > this.maxPayloadBytes || task.segBytes > this.limits.payloadBytesPerSegment)
      this.eventTooLarge(task, name, bytes.length);
    task.events ??= [];
    task.events.push({ name, bytes });
  }

  /** Fails the segment of an event larger than a message, or past the segment's outgoing bytes. */
  private eventTooLarge(task: Task, name: string, size: number): never {
    if (size > this.maxPayloadBytes) {
      task.stop({
        code: 'PAYLOAD_LIMIT_EXCEEDED',
        reason: `${task.handlerName}: its event ${name} of ${size} bytes is larger than a message may be (maxPayloadBytes ${this.maxPayloadBytes})`,
      });
    }
    return task.stop({
      code: 'PAYLOAD_LIMIT_EXCEEDED',
      reason: `${task.handlerName} sent more than ${this.limits.payloadBytesPerSegment} payload bytes (messages and events) in one segment (limits.payloadBytesPerSegment)`,
    });
  }

  /** The call cycle `A -> B -> A` that a call from `task` to `target` would close, if `target` is exclusive and busy. */
  private cycle(task: Task, target: ActorId): string | undefined {
    // No exclusive actor is in a turn: no cycle is possible, and the lookup is skipped.
    if (this.accounts.busyExclusive === 0) return undefined;
    const dest = this.accounts.actors.get(target);
    if (dest === undefined || !dest.code.exclusive || dest.busy === undefined) return undefined;
    const path: string[] = [];
    let queued = false;
    let current: Task | undefined = task;
    while (current !== undefined) {
      if (current === dest.busy) return [dest.label, ...path.reverse(), dest.label].join(' -> ');
      path.push(current.actor.label);
      // A turn on the chain with messages waiting behind it: a cycle may close through one of them.
      if (current.actor.busy === current && current.actor.deferred !== undefined) queued = true;
      current = waitingFor(current.msg);
    }
    return queued ? this.queuedCycle(task, dest.busy as Task, dest.label) : undefined;
  }

  /**
   * A cycle closed through a queue: `task` is about to wait for `busy`, and `busy` already waits for `task`
   * through a message held behind an exclusive actor's turn (two exclusive actors calling each other, each from a
   * handler already in its turn). Walks back from `task` over everything that waits for it: its caller, and, when
   * `task` holds an exclusive actor's turn, the callers of the messages deferred behind it.
   */
  private queuedCycle(task: Task, busy: Task, label: string): string | undefined {
    const next = new Map<Task, Task | undefined>([[task, undefined]]);
    const todo: Task[] = [task];
    for (let i = 0; i < todo.length; i++) {
      const current = todo[i] as Task;
      const waiting: (Task | undefined)[] = [waitingFor(current.msg)];
      if (current.actor.busy === current && current.actor.deferred !== undefined) {
        for (const env of current.actor.deferred) waiting.push(waitingFor(env));
      }
      for (const waiter of waiting) {
        if (waiter === undefined || next.has(waiter)) continue;
        next.set(waiter, current);
        if (waiter === busy) {
          // busy -> ... -> task: the chain of waits, then the call being made back to busy's actor.
          const path: string[] = [label];
          for (let t = next.get(busy); t !== undefined; t = next.get(t)) path.push(t.actor.label);
          path.push(label);
          return path.join(' -> ');
        }
        todo.push(waiter);
      }
    }
    return undefined;
  }
}

/** The handler still waiting for the reply to `env` (none once its reply or timeout was delivered: it moved on). */
function waitingFor(env: Envelope): Task | undefined {
  const waiter = env.waiter;
  return waiter === undefined || waiter.delivered ? undefined : (waiter.owner as Task | undefined);
}

/**
 * The gas limit of a message a handler sends or calls: the one it gives, else at most what its own message has
 * left (as in Gear, where such a message draws on its sender's gas), so a self-send loop or a chain of calls
 * ends by gas instead of running forever on fresh default limits.
 */
function childGasLimit(task: Task, limit: number | undefined): number {
  const given = gasLimitOf(limit);
  if (given !== 0 || task.gas === undefined) return given;
  return Math.max(1, task.gas.remaining);
}
