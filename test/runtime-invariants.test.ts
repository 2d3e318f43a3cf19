// Random-schedule invariants of the runtime (fast-check, seeded, bounded): actors exchange random calls,
// sends, spawns, value, failing segments (hostile throws included), timeouts and delayed messages.
// After every step: per-pair FIFO, value conserved within u128, every awaited call settled, each actor's
// state equal to a reference model that applies only committed segments; one seed gives one trace.
import { createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import { Actor, type ActorId, actor, type CodeId, findGenerated, handler, type u32, type u128 } from '@sprocket/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budget } from './bad-input/budget.js';

const U128_MAX = (1n << 128n) - 1n;

/** How a failing segment throws: a plain Error or a value whose text cannot be read. */
type Throw = 'error' | 'null-proto' | 'proxy' | 'to-string';

/** What one message makes its handler do, segment by segment. */
interface Plan {
  /** Unique id (the reference model's key). */
  id: number;
  /** Per-pair FIFO stamp: the sender and its sequence number (absent for delayed messages). */
  fifo?: { from: string; seq: number };
  inc1: number;
  sends1: Send[];
  transfer?: { to: number; amount: number };
  fail1?: Throw;
  /** What the handler awaits between its two segments. */
  wait?:
    | { kind: 'call'; to: number; plan: Plan }
    | { kind: 'user'; timeout: number }
    | { kind: 'sleep'; blocks: number }
    | { kind: 'spawn' };
  inc2: number;
  sends2: Send[];
  fail2?: Throw;
}

interface Send {
  to: number;
  delay: number;
  plan: Plan;
}

/** Facts the handlers report outside actor state (never rolled back): which handler ran, with which stamp. */
interface World {
  addresses: ActorId[];
  user: ActorId;
  code: CodeId;
  ctor: Uint8Array;
  /** Every handler run: its plan, and whether it parked between its two parts (a segment boundary). */
  ran: { actor: ActorId; plan: Plan; split: boolean }[];
  nextId: number;
}

let world: World;

function encodeRun(plan: Plan): Uint8Array {
  const fn = findGenerated('Node')?.services[0]?.functions.find((f) => f.method === 'run');
  if (fn === undefined) throw new TypeError('Node.run is not generated');
  return fn.encodeCall([JSON.stringify(plan)]);
}

function hostile(kind: Throw): unknown {
  if (kind === 'null-proto') return Object.create(null);
  if (kind === 'proxy') {
    return new Proxy(
      {},
      {
        get() {
          throw new Error('unreadable');
        },
      },
    );
  }
  if (kind === 'to-string') {
    return {
      toString() {
        throw new Error('unreadable');
      },
    };
  }
  return new Error('planned failure');
}

/** A node of the random network: a counter, value, and per-peer send sequence numbers. */
@actor()
class Node extends Actor {
  counter: u32 = 0;
  sent = new Map<string, number>();

  @handler({ payable: true })
  async run(planJson: string): Promise<u32> {
    const plan = JSON.parse(planJson) as Plan;
    const self = this.ctx.self;
    const record = { actor: self, plan, split: false };
    world.ran.push(record);
    this.counter += plan.inc1;
    this.sendAll(plan.sends1);
    if (plan.transfer !== undefined) {
      const to = world.addresses[plan.transfer.to % world.addresses.length] as ActorId;
      const amount = BigInt(plan.transfer.amount);
      if (this.ctx.balance() >= amount) this.ctx.transfer(to, amount);
    }
    if (plan.fail1 !== undefined) throw hostile(plan.fail1);
    const wait = plan.wait;
    if (wait !== undefined) {
      try {
        let op: Promise<unknown> | undefined;
        if (wait.kind === 'call') {
          const to = world.addresses[wait.to % world.addresses.length] as ActorId;
          op = this.ctx.call(to, encodeRun(wait.plan), { timeout: 50 });
        } else if (wait.kind === 'user') op = this.ctx.call(world.user, encodeRun(plan), { timeout: wait.timeout });
        else if (wait.kind === 'sleep') op = this.ctx.sleep(wait.blocks);
        else if (world.addresses.length < 8) op = this.ctx.deploy(world.code, world.ctor);
        if (op !== undefined) {
          // The segment ends only where the handler parks on an operation still pending: one refused when it was
          // made (a call cycle, a spawn that cannot happen) is settled already, and the handler runs on in the same
          // segment.
          record.split = (op as { settled?: unknown }).settled !== true;
          await op;
        }
      } catch {
        // A failed or timed-out call: the handler carries on with its second segment.
      }
    }
    this.counter += plan.inc2;
    this.sendAll(plan.sends2);
    if (plan.fail2 !== undefined) throw hostile(plan.fail2);
    return this.counter;
  }

  private sendAll(sends: readonly Send[]): void {
    for (const s of sends) {
      const to = world.addresses[s.to % world.addresses.length] as ActorId;
      const plan: Plan = { ...s.plan };
      if (s.delay === 0) {
        const seq = (this.sent.get(to) ?? 0) + 1;
        this.sent.set(to, seq);
        plan.fifo = { from: this.ctx.self, seq };
      }
      this.ctx.send(to, encodeRun(plan), { delay: s.delay });
    }
  }

  @handler({ payable: true })
  fund(): u128 {
    return this.ctx.balance();
  }
}

// ---------------------------------------------------------------- random plans

const throwArb: fc.Arbitrary<Throw> = fc.constantFrom('error', 'null-proto', 'proxy', 'to-string');

function planArb(depth: number): fc.Arbitrary<Omit<Plan, 'id'>> {
  const child = depth > 0 ? planArb(depth - 1) : fc.constant(leaf());
  const sendArb = fc.record({
    to: fc.nat(7),
    delay: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
    plan: child,
  });
  const sends = depth > 0 ? fc.array(sendArb, { maxLength: 2 }) : fc.constant([]);
  const wait = fc.option(
    fc.oneof(
      depth > 0 ? fc.record({ kind: fc.constant('call' as const), to: fc.nat(7), plan: child }) : fc.constant(undefined),
      fc.record({ kind: fc.constant('user' as const), timeout: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('sleep' as const), blocks: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('spawn' as const) }),
    ),
    { nil: undefined },
  );
  return fc.record({
    inc1: fc.integer({ min: 0, max: 9 }),
    sends1: sends,
    transfer: fc.option(fc.record({ to: fc.nat(7), amount: fc.integer({ min: 1, max: 20 }) }), { nil: undefined }),
    fail1: fc.option(throwArb, { nil: undefined, freq: 5 }),
    wait,
    inc2: fc.integer({ min: 0, max: 9 }),
    sends2: sends,
    fail2: fc.option(throwArb, { nil: undefined, freq: 4 }),
  }) as fc.Arbitrary<Omit<Plan, 'id'>>;
}

function leaf(): Omit<Plan, 'id'> {
  return { inc1: 1, sends1: [], inc2: 1, sends2: [] };
}

/** Gives every plan in a tree a unique id (the generated trees carry none). */
function number(plan: Omit<Plan, 'id'>): Plan {
  const out: Plan = { ...plan, id: world.nextId++ } as Plan;
  out.sends1 = plan.sends1.map((s) => ({ ...s, plan: number(s.plan) }));
  out.sends2 = plan.sends2.map((s) => ({ ...s, plan: number(s.plan) }));
  if (plan.wait?.kind === 'call') out.wait = { ...plan.wait, plan: number(plan.wait.plan) };
  return out;
}

type Step =
  | { kind: 'call'; to: number; value: number; plan: Omit<Plan, 'id'> }
  | { kind: 'send'; to: number; delay: number; value: number; plan: Omit<Plan, 'id'> }
  | { kind: 'fund'; to: number; value: number }
  | { kind: 'blocks'; n: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('call' as const), to: fc.nat(7), value: fc.integer({ min: 0, max: 30 }), plan: planArb(2) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      to: fc.nat(7),
      delay: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
      value: fc.integer({ min: 0, max: 30 }),
      plan: planArb(2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fund' as const), to: fc.nat(7), value: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('blocks' as const), n: fc.integer({ min: 0, max: 3 }) }) },
);

// ---------------------------------------------------------------- the run and its checks

interface Outcome {
  trace: string;
  counters: (number | undefined)[];
}

/** The reference model: a handler's effect on its counter is the increments of its committed segments. */
function expectedCounters(addresses: readonly ActorId[]): Map<ActorId, number> {
  const out = new Map<ActorId, number>(addresses.map((a) => [a, 0]));
  for (const { actor: a, plan, split } of world.ran) {
    // A failure after the handler parked rolls back only the second part; without a park there is one segment.
    const committed = plan.fail1 !== undefined ? 0 : plan.fail2 === undefined ? plan.inc1 + plan.inc2 : split ? plan.inc1 : 0;
    out.set(a, (out.get(a) ?? 0) + committed);
  }
  return out;
}

function checkFifo(): void {
  const last = new Map<string, number>();
  for (const { actor: a, plan } of world.ran) {
    if (plan.fifo === undefined) continue;
    const pair = `${plan.fifo.from}->${a}`;
    const prev = last.get(pair) ?? 0;
    expect(plan.fifo.seq, `FIFO ${pair}`).toBe(prev + 1);
    last.set(pair, plan.fifo.seq);
  }
}

async function runScenario(seed: number, steps: readonly Step[]): Promise<Outcome> {
  const sys: TestSystem = createTestSystem({ seed: `invariants-${seed}`, replyTimeout: 200 });
  const alice = sys.user('alice', { balance: 10_000n });
  const first = await sys.deploy(Node);
  const code = sys.registerCode(Node);
  const ctor = sys.system.findCode(code)?.ctor(undefined).encodeCall([]) as Uint8Array;
  world = { addresses: [first.address], user: alice.id, code, ctor, ran: [], nextId: 1 };
  for (let i = 0; i < 2; i++) world.addresses.push((await sys.deploy(Node)).address);
  const supply = sys.totalSupply();
  const pending: { settled: boolean }[] = [];
  const userSeq = new Map<ActorId, number>();
  const stamp = (to: ActorId): { from: string; seq: number } => {
    const seq = (userSeq.get(to) ?? 0) + 1;
    userSeq.set(to, seq);
    return { from: alice.id, seq };
  };
  for (const step of steps) {
    world.addresses = sys.system.actorIdsList();
    if (step.kind === 'call' || step.kind === 'send' || step.kind === 'fund') {
      const to = world.addresses[step.to % world.addresses.length] as ActorId;
      const client = sys.at(Node, to, alice);
      const value = BigInt(step.value);
      if (step.kind === 'fund') {
        const flag = { settled: false };
        pending.push(flag);
        void client.fund({ value }).finally(() => {
          flag.settled = true;
        });
      } else {
        const plan = number(step.plan);
        if (step.kind === 'call' || step.delay === 0) plan.fifo = stamp(to);
        if (step.kind === 'call') {
          const flag = { settled: false };
          pending.push(flag);
          void sys
            .call(to, encodeRun(plan), { value })
            .catch(() => undefined)
            .finally(() => {
              flag.settled = true;
            });
        } else alice.send(to, encodeRun(plan), { value, delay: step.delay });
      }
    } else await sys.runBlocks(step.n);
    await sys.runUntilIdle();
    // Callers' continuations run in microtasks after their reply: let them run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // every awaited call settled
    expect(pending.every((p) => p.settled)).toBe(true);
    // value: conserved, within u128, nothing left in flight
    expect(sys.totalSupply()).toBe(supply);
    expect(sys.totalSupply() <= U128_MAX).toBe(true);
    expect(sys.system.valueInFlight).toBe(0n);
    for (const a of sys.system.actorIdsList()) expect(sys.balance(a) >= 0n).toBe(true);
    // per-pair FIFO of undelayed messages
    checkFifo();
    // state equals the reference model of committed segments
    const expected = expectedCounters(sys.system.actorIdsList());
    for (const a of sys.system.actorIdsList()) {
      expect(counterOf(sys, a), `counter of ${sys.system.label(a)}`).toBe(expected.get(a));
    }
  }
  const actors = sys.system.actorIdsList();
  return { trace: sys.trace(), counters: actors.map((a) => counterOf(sys, a)) };
}

function counterOf(sys: TestSystem, address: ActorId): number | undefined {
  const instance = sys.system.actor(address)?.instance as Node | undefined;
  return instance?.counter;
}

describe('runtime invariants under random schedules', () => {
  it('FIFO, value, settled calls and committed-only state hold after every step; one seed gives one trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1000), fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (seed, steps) => {
        const a = await runScenario(seed, steps);
        const b = await runScenario(seed, steps);
        expect(b.trace).toBe(a.trace);
        expect(b.counters).toEqual(a.counters);
      }),
      budget(25),
    );
  });
});
