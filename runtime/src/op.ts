import type { ActorId } from '@sprocket/sdk';
import type { Code } from './code.js';
import { microtask } from './microtask.js';
import type { Bucket } from './schedule.js';

// A runtime operation (a call, a query, a spawn, a sleep) as the handler sees
// it: a thenable the runtime settles. Its `then` being called on a pending op
// is how the runtime knows the task is parked on a runtime operation, which
// is what separates a legal await from a foreign one (determinism guard).

/** What an op reports to: the task that created it. */
export interface OpOwner {
  /** Incremented each time the handler starts waiting on a pending op. */
  parkSeq: number;
  /** Pending ops with callbacks attached. */
  waiting: number;
  /** Told after `parkSeq` moved (the handler may have parked): the runtime checks the segment soon. */
  parked?(): void;
}

type Callback = [
  ((v: unknown) => unknown) | undefined | null,
  ((e: unknown) => unknown) | undefined | null,
  (v: unknown) => void,
  (e: unknown) => void,
];

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

// `then` builds its promise with one shared executor (no closure per call).
let capturedResolve: Callback[2] = () => {};
let capturedReject: Callback[3] = () => {};
function capture(resolve: Callback[2], reject: Callback[3]): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** A promise-like the runtime settles synchronously when the reply, timeout or wake-up is processed. */
export class RuntimeOp<T> implements Promise<T> {
  private state = PENDING;
  private result: unknown;
  // Nearly every op gets exactly one callback (its `await`): keep it in fields, extra ones in `more`.
  private onFulfilled: Callback[0] = undefined;
  private onRejected: Callback[1] = undefined;
  private resolveNext: Callback[2] | undefined = undefined;
  private rejectNext: Callback[3] | undefined = undefined;
  private more: Callback[] | undefined = undefined;

  // An op is also the record of the call, deploy or sleep it waits for (`Waiter` in message.ts): one object per
  // call. These fields live here, not in a subclass: V8 constructs a subclass with its own constructor much more
  // slowly once a tool has redefined the class's `name` (as tsx and vitest do).
  /** Whether the reply (or timeout) has been delivered. */
  delivered = false;
  /** For a user: resolves the call's promise (undefined for an actor's op). */
  resolveUser: ((value: unknown) => void) | undefined = undefined;
  /** For a user: rejects the call's promise. */
  rejectUser: ((error: unknown) => void) | undefined = undefined;
  /** A deploy resolves with the new address instead of the reply bytes. */
  address: ActorId | undefined = undefined;
  /** An actor's deploy: the code the new actor is created from when the segment commits. */
  code: Code | undefined = undefined;
  /** Block height at which the call times out. */
  deadline = 0;
  /** The schedule bucket holding the deadline while it is registered. */
  bucket: Bucket | undefined = undefined;
  /**
   * The promise the op's first `then` returned: a generated client's call (it decodes the reply), which the race
   * guard must tell from a foreign promise (sandbox-globals.ts).
   */
  derived: Promise<unknown> | undefined = undefined;

  constructor(
    /** The task whose handler awaits this op (undefined for a user's call). */
    readonly owner: OpOwner | undefined,
    /** The callee (undefined for an op refused when it was made). */
    readonly target: ActorId | undefined = undefined,
    /** The request whose reply the op waits for (an Envelope, see `Waiter`; undefined for an op refused when it was made). */
    readonly request: object | undefined = undefined,
  ) {}

  /** An op that is already rejected (a call refused when it is made). */
  static rejected<T>(owner: OpOwner | undefined, error: unknown): RuntimeOp<T> {
    const op = new RuntimeOp<T>(owner);
    op.state = REJECTED;
    op.result = error;
    return op;
  }

  /** Whether the op has settled. */
  get settled(): boolean {
    return this.state !== PENDING;
  }

  // biome-ignore lint/suspicious/noThenProperty: ops are thenables on purpose: `then` tells the runtime that a handler parked on it.
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const promise = new Promise<R1 | R2>(capture as (resolve: (v: R1 | R2) => void, reject: (e: unknown) => void) => void);
    const resolve = capturedResolve;
    const reject = capturedReject;
    const f = onFulfilled as Callback[0];
    const r = onRejected as Callback[1];
    if (this.state === PENDING) {
      const owner = this.owner;
      if (this.resolveNext === undefined) {
        this.onFulfilled = f;
        this.onRejected = r;
        this.resolveNext = resolve;
        this.rejectNext = reject;
        this.derived = promise;
        if (owner !== undefined) owner.waiting++;
      } else {
        if (this.more === undefined) this.more = [];
        this.more.push([f, r, resolve, reject]);
      }
      if (owner !== undefined) {
        owner.parkSeq++;
        owner.parked?.();
      }
    } else {
      microtask(() => this.run(f, r, resolve, reject));
    }
    return promise;
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then(
      (v) => {
        onFinally?.();
        return v;
      },
      (e) => {
        onFinally?.();
        throw e;
      },
    );
  }

  get [Symbol.toStringTag](): string {
    return 'RuntimeOp';
  }

  /** Fulfils the op and runs its callbacks now (the resumed handler continues in microtasks). */
  resolve(value: T): void {
    this.settle(FULFILLED, value);
  }

  /** Rejects the op and runs its callbacks now. */
  reject(error: unknown): void {
    this.settle(REJECTED, error);
  }

  private settle(state: number, result: unknown): void {
    if (this.state !== PENDING) return;
    this.state = state;
    this.result = result;
    const resolve = this.resolveNext;
    if (resolve === undefined) return;
    const { onFulfilled, onRejected, rejectNext, more } = this;
    this.onFulfilled = undefined;
    this.onRejected = undefined;
    this.resolveNext = undefined;
    this.rejectNext = undefined;
    this.more = undefined;
    if (this.owner !== undefined) this.owner.waiting--;
    this.run(onFulfilled, onRejected, resolve, rejectNext as Callback[3]);
    if (more !== undefined) for (const cb of more) this.run(cb[0], cb[1], cb[2], cb[3]);
  }

  private run(onFulfilled: Callback[0], onRejected: Callback[1], resolve: Callback[2], reject: Callback[3]): void {
    const handler = this.state === FULFILLED ? onFulfilled : onRejected;
    if (typeof handler !== 'function') {
      if (this.state === FULFILLED) resolve(this.result);
      else reject(this.result);
      return;
    }
    try {
      resolve(handler(this.result));
    } catch (error) {
      reject(error);
    }
  }
}
