import { CallError, type MessageId } from '@sprocket/sdk';
import type { Accounts } from './accounts.js';
import type { Clock } from './clock.js';
import type { DispatchEntry } from './code.js';
import { EMPTY, type Envelope, newWaiter, REPLY, type ReplyError, WAKE, type Waiter } from './message.js';
import type { Recorder } from './recorder.js';
import type { ReplyRecord } from './records.js';
import type { Task } from './task.js';
import { SYSTEM_SENDER } from './trace.js';
import { WindowMap } from './window.js';

/**
 * Replies and waiters: who waits for which reply, the reply records of
 * users' messages, timeouts, and handing a reply to its waiter.
 */
export class Replies {
  /** Outcomes of users' messages by message counter, the newest `replyWindow` of them. */
  readonly log: WindowMap<ReplyRecord>;
  /** Users' awaited calls not settled yet. */
  callDemand = 0;

  constructor(
    private readonly clock: Clock,
    private readonly accounts: Accounts,
    private readonly recorder: Recorder,
    replyWindow: number,
  ) {
    this.log = new WindowMap(replyWindow);
  }

  /** The outcome of a message a user sent, once its reply has been processed. */
  replyOf(messageId: MessageId): ReplyRecord | undefined {
    const seq = this.clock.seqOf(messageId);
    return seq === undefined ? undefined : this.log.get(seq);
  }

  /** Whether the reply record of `messageId` may have fallen out of the reply window. */
  replyDropped(messageId: MessageId): boolean {
    const seq = this.clock.seqOf(messageId);
    return seq !== undefined && this.log.get(seq) === undefined && this.log.mayHaveDropped(seq);
  }

  /** A user's waiter for `env`, its deadline registered; `timeout` was checked before any value moved. */
  userWaiter(env: Envelope, timeout: number): { waiter: Waiter; promise: Promise<unknown> } {
    const waiter = newWaiter(env.dest, env, undefined);
    const promise = new Promise<unknown>((resolve, reject) => {
      waiter.resolveUser = resolve;
      waiter.rejectUser = reject;
    });
    waiter.deadline = this.clock.blockHeight + timeout;
    env.waiter = waiter;
    this.clock.schedule.addTimeout(waiter);
    this.callDemand++;
    return { waiter, promise };
  }

  /** Sends the reply (or error reply) of a request to its sender. */
  reply(request: Envelope, payload: Uint8Array, error: ReplyError | undefined, entry: DispatchEntry | undefined): void {
    const rec = this.recorder;
    if (rec.on) {
      rec.log.push({
        type: error === undefined ? 'reply' : 'error-reply',
        block: this.clock.blockHeight,
        seq: request.seq,
        from: this.accounts.label(request.dest),
        to: this.accounts.label(request.source),
        payload,
        entry,
        // The trace keeps the code and reason, not what the handler threw (it would hold a stack per record).
        error: error?.cause === undefined ? error : { code: error.code, reason: error.reason, route: error.route, note: error.note },
        gas: request.gasUsed,
      });
    }
    // Replies to an actor's fire-and-forget messages have nobody to go to.
    if (request.waiter === undefined && !request.fromUser) return;
    const env = this.clock.envelope(REPLY, request.dest, request.source, payload, 0n);
    env.replyTo = request;
    env.waiter = request.waiter;
    env.error = error;
    this.clock.queue.push(env);
  }

  /** Queues a TIMEOUT reply for every expired deadline (block `height` was just reached). */
  expire(height: number, waiters: readonly Waiter[]): void {
    const rec = this.recorder;
    for (const waiter of waiters) {
      if (waiter.delivered) continue;
      const request = waiter.request;
      const route = this.accounts.routeOf(request);
      const env = this.clock.envelope(REPLY, request.dest, request.source, EMPTY, 0n);
      env.replyTo = request;
      env.waiter = waiter;
      const blocks = height - request.block;
      env.error = { code: 'TIMEOUT', reason: `no reply within ${blocks} ${blocks === 1 ? 'block' : 'blocks'}`, route };
      if (rec.on) {
        rec.log.push({
          type: 'timeout',
          block: height,
          seq: request.seq,
          // The runtime answers for the callee, which sent nothing (it may still be running, or never got the message).
          from: SYSTEM_SENDER,
          to: this.accounts.label(request.source),
          error: env.error,
        });
      }
      this.clock.queue.push(env);
    }
  }

  /** A reply, timeout or wake-up reaches its waiter: a user's promise settles or an actor's task resumes. */
  deliver(env: Envelope): Task | undefined {
    const waiter = env.waiter;
    const request = env.replyTo;
    const rec = this.recorder;
    // An awaited call already hands its reply to the caller; without `record` only fire-and-forget
    // replies are kept, so long runs do not accumulate one record per call.
    if (request?.fromUser && (rec.on || waiter === undefined)) {
      const block = this.clock.blockHeight;
      this.log.set(
        request.seq,
        env.error === undefined
          ? { ok: true, payload: env.payload, block, gasUsed: request.gasUsed }
          : {
              ok: false,
              actor: request.dest,
              code: env.error.code,
              reason: env.error.reason,
              route: env.error.route,
              block,
              gasUsed: request.gasUsed,
              payload: env.payload,
            },
      );
    }
    if (waiter === undefined) return undefined;
    if (waiter.delivered && env.kind === REPLY && env.error?.code !== 'TIMEOUT') {
      if (rec.on)
        rec.log.push({
          type: 'dropped',
          block: this.clock.blockHeight,
          // Keyed by the call it answers, as every reply record is: the trace groups it with its call and timeout.
          seq: request?.seq ?? env.seq,
          from: this.accounts.label(env.source),
          to: this.accounts.label(env.dest),
        });
      return undefined;
    }
    if (waiter.delivered) return undefined;
    waiter.delivered = true;
    if (env.kind === REPLY) this.clock.schedule.removeTimeout(waiter);
    const error =
      env.error === undefined
        ? undefined
        : new CallError(env.error.code, {
            actor: waiter.target,
            label: this.accounts.label(waiter.target),
            route: env.error.route,
            reason: env.error.reason,
            note: env.error.note,
            ...(env.payload.length === 0 ? {} : { replyPayload: env.payload }),
            // Only a user's call gets what the handler threw: a stack in an actor's hands would not be deterministic.
            ...(waiter.owner === undefined && env.error.cause !== undefined ? { cause: env.error.cause } : {}),
          });
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

  /** Rejects every user's awaited call still pending (the runtime cannot go on). */
  rejectAll(error: unknown): void {
    if (this.callDemand === 0) return;
    for (const [, bucket] of this.clock.schedule.entries()) {
      for (const w of bucket.timeouts) {
        if (w.resolveUser !== undefined && !w.delivered) {
          w.delivered = true;
          this.callDemand--;
          w.rejectUser?.(error);
        }
      }
    }
    this.callDemand = 0;
  }
}
