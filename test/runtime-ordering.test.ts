// Per-pair message order under random schedules (fast-check, seeded, bounded): senders send bursts to receivers
// with delays of 0 to 3 blocks, sleep between sends, and receivers may be exclusive and sleep in their handlers,
// in systems whose blocks fill by `messagesPerBlock` or by gas. The property: of two messages from one sender to
// one receiver, the one sent first is handled first unless it is due later; one seed gives one trace.
import { createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import { Actor, type ActorId, actor, findGenerated, type u32 } from '@sprocket/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budget } from './bad-input/budget.js';

/** One item of a sender's burst: a send to a receiver (with a delay), or a sleep. */
type Item = { to: number; delay: number; nap: number } | { sleep: number };

/** A message as its receiver saw it: who sent it, its place in the sender's sends to that receiver, when it was due. */
interface Seen {
  from: string;
  to: string;
  seq: number;
  due: number;
}

let seen: Seen[] = [];
let receivers: ActorId[] = [];

function encode(actorName: string, method: string, args: unknown[]): Uint8Array {
  const fn = findGenerated(actorName)?.services[0]?.functions.find((f) => f.method === method);
  if (fn === undefined) throw new TypeError(`${actorName}.${method} is not generated`);
  return fn.encodeCall(args);
}

/** Sends bursts; numbers its sends per receiver in state, so a rolled-back send would show as a gap. */
@actor()
class Sender extends Actor {
  sent = new Map<string, u32>();

  async burst(itemsJson: string): Promise<void> {
    for (const item of JSON.parse(itemsJson) as Item[]) {
      if ('sleep' in item) {
        await this.ctx.sleep(item.sleep);
        continue;
      }
      const to = receivers[item.to % receivers.length] as ActorId;
      const seq = (this.sent.get(to) ?? 0) + 1;
      this.sent.set(to, seq);
      const due = this.ctx.blockHeight + item.delay;
      const note = JSON.stringify({ from: this.ctx.self, seq, due, nap: item.nap });
      this.ctx.send(to, encode(receiverName(to), 'take', [note]), { delay: item.delay });
    }
  }
}

function receiverName(address: ActorId): string {
  return receivers.indexOf(address) === 0 ? 'ExclusiveReceiver' : 'Receiver';
}

/** Logs each message where its handler starts (outside state: a log that no rollback touches). */
@actor()
class Receiver extends Actor {
  async take(noteJson: string): Promise<void> {
    const note = JSON.parse(noteJson) as Seen & { nap: number };
    seen.push({ from: note.from, to: this.ctx.self, seq: note.seq, due: note.due });
    if (note.nap > 0) await this.ctx.sleep(note.nap);
  }
}

/** The same receiver taking exclusive turns: messages that come while it sleeps wait in its queue. */
@actor({ exclusive: true })
class ExclusiveReceiver extends Actor {
  async take(noteJson: string): Promise<void> {
    const note = JSON.parse(noteJson) as Seen & { nap: number };
    seen.push({ from: note.from, to: this.ctx.self, seq: note.seq, due: note.due });
    if (note.nap > 0) await this.ctx.sleep(note.nap);
  }
}

const itemArb: fc.Arbitrary<Item> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      to: fc.nat(2),
      delay: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
      nap: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 2 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ sleep: fc.integer({ min: 0, max: 2 }) }) },
);

type Step = { kind: 'burst'; sender: number; items: Item[] } | { kind: 'blocks'; n: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('burst' as const), sender: fc.nat(1), items: fc.array(itemArb, { maxLength: 8 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('blocks' as const), n: fc.integer({ min: 0, max: 2 }) }) },
);

/** How blocks fill: by message count, by gas, or neither. */
const blocksArb = fc.constantFrom(
  {},
  { messagesPerBlock: 1 },
  { messagesPerBlock: 3 },
  // A Receiver.take costs about 1,000 gas: a block of this limit holds about a dozen, a burst uses up to half of it.
  { blockGasLimit: 15_000, gasLimit: 15_000 },
);

async function run(seed: number, blocks: object, steps: readonly Step[]): Promise<{ trace: string; seen: Seen[] }> {
  seen = [];
  const sys: TestSystem = createTestSystem({ seed: `ordering-${seed}`, ...blocks });
  receivers = [(await sys.deploy(ExclusiveReceiver)).address, (await sys.deploy(Receiver)).address, (await sys.deploy(Receiver)).address];
  const senders = [await sys.deploy(Sender), await sys.deploy(Sender)];
  let sends = 0;
  for (const step of steps) {
    if (step.kind === 'blocks') {
      await sys.runBlocks(step.n);
      continue;
    }
    sends += step.items.filter((i) => !('sleep' in i)).length;
    (senders[step.sender] as unknown as { send: { burst(json: string): void } }).send.burst(JSON.stringify(step.items));
  }
  await sys.runUntilIdle({ maxBlocks: 500 });
  expect(seen.length, 'every send handled once').toBe(sends);
  return { trace: sys.trace(), seen: [...seen] };
}

/** Of two messages on one pair, the one sent first comes first unless it is due later. */
function checkOrder(log: readonly Seen[]): void {
  const byPair = new Map<string, Seen[]>();
  for (const s of log) {
    const pair = `${s.from}->${s.to}`;
    byPair.set(pair, [...(byPair.get(pair) ?? []), s]);
  }
  for (const [pair, list] of byPair) {
    expect(new Set(list.map((s) => s.seq)).size, `${pair}: no message twice`).toBe(list.length);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] as Seen;
        const b = list[j] as Seen;
        // b was handled after a: if b was sent first, it must have been due later.
        if (b.seq < a.seq) expect(b.due, `${pair}: #${b.seq} (due ${b.due}) overtaken by #${a.seq} (due ${a.due})`).toBeGreaterThan(a.due);
      }
    }
  }
}

describe('message order between two actors', () => {
  it('holds across delays, sleeps, exclusive turns and full blocks; one seed gives one trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1000), blocksArb, fc.array(stepArb, { minLength: 1, maxLength: 6 }), async (seed, blocks, steps) => {
        const a = await run(seed, blocks, steps);
        checkOrder(a.seen);
        const b = await run(seed, blocks, steps);
        expect(b.trace).toBe(a.trace);
        expect(b.seen).toEqual(a.seen);
      }),
      budget(40),
    );
  });
});
