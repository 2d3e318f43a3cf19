// A hostile actor for the node: it stores state the canonical encoding must walk (deep nesting, cycles, odd
// values) and replies with more bytes than a message may carry.
import { Actor, actor, query, type u32 } from '@sprocket/sdk';

@actor()
export class NodeHostile extends Actor {
  count: u32 = 0;
  cfg: Record<string, unknown> = {};

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  /** Stores an array nested `depth` levels deep. */
  deep(depth: u32): u32 {
    const root: unknown[] = [];
    let cur = root;
    for (let i = 0; i < depth; i++) {
      const next: unknown[] = [];
      cur.push(next);
      cur = next;
    }
    this.cfg = { deep: root };
    return depth;
  }

  /** Stores odd values: a cycle, a shared reference, an invalid Date and a Map with an object key. */
  odd(): u32 {
    const o: Record<string, unknown> = {};
    o.self = o;
    const shared = { v: 1 };
    this.cfg = { o, a: shared, b: shared, d: new Date(Number.NaN), m: new Map([[{}, 1]]) };
    return 1;
  }

  /** Bumps the counter, then stores a symbol (refused: the segment rolls back). */
  tag(): u32 {
    this.count += 1;
    this.cfg = { s: Symbol('v') };
    return 1;
  }

  /** Replies with `bytes` characters. */
  big(bytes: u32): string {
    return 'x'.repeat(bytes);
  }

  @query()
  value(): u32 {
    return this.count;
  }
}
