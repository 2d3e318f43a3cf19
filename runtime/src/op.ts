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
}

type Callback = [((v: unknown) => unknown) | undefined | null, ((e: unknown) => unknown) | undefined | null, (v: unknown) => void, (e: unknown) => void];

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

/** A promise-like the runtime settles synchronously when the reply, timeout or wake-up is processed. */
export class RuntimeOp<T> implements Promise<T> {
  private state = PENDING;
  private result: unknown;
  private callbacks: Callback[] | undefined;

  constructor(private readonly owner: OpOwner | undefined) {}

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

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return new Promise<R1 | R2>((resolve, reject) => {
      const cb: Callback = [onFulfilled as Callback[0], onRejected as Callback[1], resolve as Callback[2], reject];
      if (this.state === PENDING) {
        if (this.callbacks === undefined) {
          this.callbacks = [cb];
          if (this.owner !== undefined) this.owner.waiting++;
        } else this.callbacks.push(cb);
        if (this.owner !== undefined) this.owner.parkSeq++;
      } else {
        queueMicrotask(() => this.run(cb));
      }
    });
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
    const callbacks = this.callbacks;
    if (callbacks === undefined) return;
    this.callbacks = undefined;
    if (this.owner !== undefined) this.owner.waiting--;
    for (const cb of callbacks) this.run(cb);
  }

  private run(cb: Callback): void {
    const handler = this.state === FULFILLED ? cb[0] : cb[1];
    if (typeof handler !== 'function') {
      if (this.state === FULFILLED) cb[2](this.result);
      else cb[3](this.result);
      return;
    }
    try {
      cb[2](handler(this.result));
    } catch (error) {
      cb[3](error);
    }
  }
}
