// An actor for the runaway tests on a node: the same attacks as test/gas/runaway.test.ts, uploaded as code.
// It reaches itself through raw ctx.call / ctx.send with payloads encoded from its own generated definition.
import { Actor, actor, init, requireGenerated, type u32 } from '@sprocket/sdk';

function encode(name: string, args: unknown[]): Uint8Array {
  const fn = requireGenerated('NodeRunaway').services[0]?.functions.find((f) => f.name === name);
  if (fn === undefined) throw new TypeError(`NodeRunaway has no function ${name}`);
  return fn.encodeCall(args);
}

function deeper(n: number): number {
  return deeper(n + 1) + 1;
}

@actor()
export class NodeRunaway extends Actor {
  count: u32 = 0;
  items: string[] = [];

  @init()
  new(): void {
    this.count = 0;
  }

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  recurse(): u32 {
    this.count += 100;
    return deeper(0);
  }

  /** Sends itself the same message again, forever. */
  loop(): u32 {
    this.ctx.send(this.ctx.self, encode('Loop', []));
    return 0;
  }

  /** Awaits a call to itself, forever. */
  async selfAwait(level: u32): Promise<u32> {
    await this.ctx.call(this.ctx.self, encode('SelfAwait', [level + 1]));
    return level;
  }

  /** Grows its state forever. */
  hoardState(): u32 {
    for (let i = 0; ; i++) this.items.push(`item ${i}`);
  }

  /**
   * Writes, then runs a regular expression that backtracks for ages: one builtin call, so gas barely sees it (a
   * lookahead keeps it on the backtracking engine, which the node's linear-time fallback cannot take over).
   */
  backtrack(): u32 {
    this.count += 1000;
    return /^(?=(a+)+$)/.test(`${'a'.repeat(40)}b`) ? 1 : 0;
  }

  /**
   * After an await, where the wall-clock backstop does not reach, runs a regular expression whose backtracking
   * explodes: the node's regexp engine moves it to linear time, so it answers instead of holding the node.
   */
  async backtrackAfterAwait(): Promise<u32> {
    // Any await ends the synchronous run the backstop watches; the rest runs in a microtask.
    await Promise.resolve();
    return /(a+)+$/.test(`${'a'.repeat(40)}b`) ? 1 : 0;
  }

  /**
   * After an await, a write and then a regular expression the linear-time engine cannot run (the `i` flag), whose
   * backtracking explodes: it runs under a watchdog of its own, so the segment fails and its write rolls back, even
   * though the handler catches what the search threw.
   */
  async backtrackCaselessAfterAwait(): Promise<u32> {
    await Promise.resolve();
    this.count += 1000;
    try {
      return /(a+)+$/i.test(`${'a'.repeat(40)}b`) ? 1 : 0;
    } catch {
      return 7;
    }
  }

  /**
   * After an await, builds arrays, strings and buffers of hundreds of megabytes, one built-in call each, catching what
   * they throw: each pays for its bytes before it allocates, so the first one runs out of gas, every later charge
   * throws again, and the segment fails with OUT_OF_GAS instead of taking the node's heap.
   */
  async hoardHeapAfterAwait(): Promise<u32> {
    await Promise.resolve();
    this.count += 1000;
    const kept: unknown[] = [];
    for (let i = 0; i < 40; i++) {
      try {
        kept.push(new Array(2 ** 24).fill(i));
      } catch {}
      try {
        kept.push('x'.repeat(2 ** 28));
      } catch {}
      try {
        kept.push(new Float64Array(2 ** 24));
      } catch {}
    }
    return kept.length;
  }

  /**
   * After an await, the same through built-ins called another way: `fill` on an array-like with a huge length, the
   * join of a huge sparse array, a concat of many references to one array. Each pays before it allocates.
   */
  async hoardArrayLikesAfterAwait(): Promise<u32> {
    await Promise.resolve();
    this.count += 1000;
    const kept: unknown[] = [];
    for (let i = 0; i < 40; i++) {
      try {
        kept.push(Array.prototype.fill.call({ length: 2 ** 24 }, i));
      } catch {}
      try {
        const sparse: string[] = [];
        sparse.length = 2 ** 29;
        kept.push(sparse.join('x'));
      } catch {}
      try {
        const one = new Array<number>(2 ** 12).fill(i);
        kept.push(([] as number[]).concat(...new Array<number[]>(2 ** 15).fill(one)));
      } catch {}
    }
    return kept.length;
  }

  /** Reads the clock and the random generator. */
  sample(): string {
    return JSON.stringify([Date.now(), Math.random(), Math.random()]);
  }
}
