// The runtime operations of a mocked context (call, query, deploy, sleep) as the handler sees them, like the system's
// RuntimeOp (op.ts): a thenable that knows when the handler awaits it. The system ends a segment where the handler
// waits on a pending operation, so an operation ends its segment only once the handler awaits it: as it settles, or,
// had it settled first (a mock answers at once, a real reply never comes within the segment that sent it), where the
// handler awaits it. A call, query or deploy of a handler's last segment that it never awaits fails the handler
// call, as in the system (unawaited.ts): its reply would be lost.

/** What an operation's boundary asks of the segments of its handler call (UnitSegments). */
export interface SegmentEnds {
  /** Ends the running segment of handler call `generation`; false when it failed there (the handler is not resumed). */
  endAt(generation: number): boolean;
  /** Whether an operation of handler call `generation` may still settle (false once that call failed at an await). */
  alive(generation: number): boolean;
  /** Whether `segment` of handler call `generation` is the one running. */
  current(generation: number, segment: number): boolean;
}

/** What an operation whose segment failed at its end gives its handler: nothing, ever (it is not resumed). */
export function halted(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/**
 * Settles an operation with what `deliver` gives, ending its segment first if the handler awaits it; never when the
 * segment failed there. As in the system, a message leaves only once the segment that made it committed: `deliver`
 * (a mock's answer) runs after that, and never for a segment rolled back, so a mock sees no call the target never got.
 */
export async function settling<T>(boundary: OpBoundary | undefined, deliver: () => T | Promise<T>): Promise<T> {
  if (boundary === undefined) return deliver();
  // A reply never comes within the segment that sent it: ready once the handler's synchronous continuation ran.
  await undefined;
  if (!boundary.settle()) return halted();
  await boundary.delivered;
  return deliver();
}

/** Where one runtime operation meets the segments of the handler call that made it. */
export class OpBoundary {
  /** Whether the handler awaited it (its `then` was called). */
  awaited = false;
  /**
   * Whether the segment that made it was rolled back: in the system the message never left, so nothing answers it and
   * no value comes back with a failure (the rollback gave it back already); a mock that ran meanwhile is ignored.
   */
  dropped = false;
  private settledFirst = false;
  /** Resolved once the segment that made it committed (UnitSegments sets it); pending forever if rolled back. */
  delivered: Promise<void> = Promise.resolve();

  constructor(
    private readonly segments: SegmentEnds,
    /** How the system names it when a handler returns without awaiting it; undefined for a sleep. */
    public what: string | undefined,
    private readonly generation: number,
    private readonly segment: number,
  ) {}

  /** The operation settles: ends the segment if the handler awaits it; false when the operation must never settle. */
  settle(): boolean {
    if (this.dropped) return false;
    if (this.awaited) return this.segments.endAt(this.generation);
    this.settledFirst = true;
    return this.segments.alive(this.generation);
  }

  /** Whether its answer may still come: its segment was not rolled back and its handler call did not fail at an await. */
  live(): boolean {
    return !this.dropped && this.segments.alive(this.generation);
  }

  /** The handler awaits it: settled already within the segment that made it, the segment ends here (false: never). */
  await(): boolean {
    if (this.awaited) return this.segments.alive(this.generation);
    this.awaited = true;
    if (!this.settledFirst) return true;
    if (!this.segments.current(this.generation, this.segment)) return this.segments.alive(this.generation);
    return this.segments.endAt(this.generation);
  }
}

/** A runtime operation of a mocked context: `settled` once the handler awaits it, or never if its segment failed. */
export class UnitOp<T> implements Promise<T> {
  constructor(
    private readonly settled: Promise<T>,
    private readonly boundary: OpBoundary,
  ) {
    // As the system's operation, it delivers a failure only to a handler that awaits it: one never awaited (its segment
    // rolled back, or the handler dropped it) is no unhandled rejection of the test run.
    settled.catch(() => undefined);
  }

  // biome-ignore lint/suspicious/noThenProperty: a runtime operation is a thenable, as the system's RuntimeOp is.
  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const next: Promise<T> = this.boundary.await() ? this.settled : halted();
    return next.then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return 'RuntimeOp';
  }
}

/** The operation as the handler gets it: `settled` itself outside segments (no boundary), else a UnitOp. */
export function opOf<T>(boundary: OpBoundary | undefined, settled: Promise<T>): Promise<T> {
  return boundary === undefined ? settled : new UnitOp(settled, boundary);
}
