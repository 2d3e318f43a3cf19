// A handler that catches the signal of a limit it passed, in every frame, and runs on: once a segment has passed a
// limit (state writes, messages), no later write or send of it may succeed. Until the next gas checkpoint it could
// run on, and a handler catching each checkpoint's signal could write without end: a `splice` at the front of a
// growing array made the journal outgrow what V8 can allocate, which ends the process, not the message. Metered by
// the vitest plugin.
import { type ClientOf, clientFor, createTestSystem } from '@sprocket/runtime/testing';
import { Actor, type ActorId, actor, findGenerated, type GeneratedActor, query, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';

/** Counts kept outside the actor (its state rolls back): signals caught, and ops that succeeded after one. */
const seen = { caught: 0, after: 0 };

// A caught stack overflow is not a signal: how deep the stack goes depends on how the engine compiled the frames,
// and the ops that then run on the way back are allowed (no limit was passed yet). The test is inline in each catch:
// a function call there is metered, and after a limit every charge of gas throws the signal again.

function definition(name: string): GeneratedActor {
  const def = findGenerated(name);
  if (def === undefined) throw new TypeError(`${name} has no generated code`);
  return def;
}
const selfOf = (ctx: Parameters<typeof clientFor>[1], at: ActorId): ClientOf<Stubborn> =>
  clientFor<Stubborn>(definition('Stubborn'), ctx, at);

@actor()
class Stubborn extends Actor {
  items: u32[] = [];
  n: u32 = 0;

  /** Recurses `depth` frames, then on the way back does one op per frame, catching whatever it throws. */
  keepGoing(kind: u32, depth: u32): u32 {
    const op = (d: number): void => {
      try {
        if (kind === 0) for (let i = 0; i < 100; i++) this.items.push(d);
        if (kind === 1) selfOf(this.ctx, this.ctx.self).send.bump();
        if (kind === 2) this.items.splice(0, 0, d);
        if (seen.caught > 0) seen.after++;
      } catch (error) {
        if (!(error instanceof RangeError && error.message.includes('call stack'))) seen.caught++;
      }
    };
    const down = (d: number): void => {
      try {
        if (d < depth) down(d + 1);
      } catch (error) {
        if (!(error instanceof RangeError && error.message.includes('call stack'))) seen.caught++;
      }
      op(d);
    };
    down(0);
    return this.items.length;
  }

  bump(): u32 {
    this.n += 1;
    return this.n;
  }

  @query()
  size(): u32 {
    return this.items.length;
  }
}

async function scenario(): Promise<{ results: unknown[]; trace: string }> {
  const sys = createTestSystem({
    seed: 'caught-limits',
    gasLimit: 1_000_000_000,
    limits: { stateWritesPerSegment: 10_000, messagesPerSegment: 100 },
  });
  const s = await sys.deploy(Stubborn);
  const bystander = await sys.deploy(Stubborn);
  expect(await bystander.keepGoing(0, 10)).toBe(1100);
  const results: unknown[] = [];
  for (const [kind, depth] of [
    [0, 3000],
    [1, 3000],
    // 3,000 frames keep well inside the stack; the front splices pass 10,000 writes after about 140 of them.
    [2, 3000],
  ] as const) {
    seen.caught = 0;
    seen.after = 0;
    const outcome = await s.keepGoing(kind, depth).then(
      (v) => `ok ${v}`,
      (e: { code: string; reason: string }) => `${e.code}: ${e.reason}`,
    );
    results.push(outcome, seen.caught > 0, seen.after, await s.size());
  }
  results.push(await s.keepGoing(0, 5), await bystander.size());
  return { results, trace: sys.trace() };
}

describe('a handler that catches the signal of a limit', () => {
  it('cannot run on after it: no later write or send succeeds, the segment fails with the limit, runs repeat', async () => {
    const first = await scenario();
    expect(first.results).toEqual([
      'STATE_LIMIT_EXCEEDED: Stubborn.keepGoing made more than 10000 state writes in one segment (limits.stateWritesPerSegment)',
      true,
      0,
      0,
      'SEND_LIMIT_EXCEEDED: Stubborn.keepGoing sent more than 100 messages in one segment (limits.messagesPerSegment)',
      true,
      0,
      0,
      'STATE_LIMIT_EXCEEDED: Stubborn.keepGoing made more than 10000 state writes in one segment (limits.stateWritesPerSegment)',
      true,
      0,
      0,
      600,
      1100,
    ]);
    const second = await scenario();
    expect(second.results).toEqual(first.results);
    expect(second.trace).toBe(first.trace);
  });
});
