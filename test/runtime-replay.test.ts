// Differential replay of random workloads (fast-check, seeded, bounded). Actors with nested state (Maps of arrays,
// Sets, typed arrays, Dates) run plans that write, emit, transfer, send with delays, sleep, call each other with
// timeouts shorter than the callee's sleep (late replies), deploy, and fail before or after an await; one of them
// takes exclusive turns. Three runs of one seed must agree byte for byte on the state, balances, mailboxes, events
// and trace: the uninterrupted run, a run that snapshots at a quiet block and then goes on (and again after
// restoring that snapshot), and a fresh system that continues from a checkpoint image taken at that block. And a
// segment that fails after an await (having written, emitted, sent and transferred) leaves exactly what the same
// plan stopping at that await leaves: nothing of the failed segment stays.
import { type CheckpointImage, checkpointImage, restoreCheckpointImage, type TraceEntry } from '@sprocket/runtime';
import { createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import { Actor, type ActorContext, type ActorId, actor, type CodeId, findGenerated, handler, type u32 } from '@sprocket/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budget } from './bad-input/budget.js';

/** One thing a plan does; `call`, `sleep` and `deploy` end a segment. */
type Op =
  | { op: 'write'; key: number; n: number }
  | { op: 'drop'; key: number }
  | { op: 'emit'; n: number }
  | { op: 'transfer'; to: number; amount: number }
  | { op: 'send'; to: number; delay: number; value: number; plan: Op[] }
  | { op: 'call'; to: number; timeout: number; plan: Op[] }
  | { op: 'sleep'; blocks: number }
  | { op: 'deploy' }
  | { op: 'fail' };

type Noted = { Noted: u32 };

/** Addresses and code the plans reach by index, shared by both actor classes. */
const world: { addresses: ActorId[]; code: CodeId; ctor: Uint8Array } = { addresses: [], code: '' as CodeId, ctor: new Uint8Array() };

function encodeAct(address: ActorId, plan: readonly Op[]): Uint8Array {
  const name = address === world.addresses[0] ? 'Turns' : 'Ledger';
  const fn = findGenerated(name)?.services[0]?.functions.find((f) => f.method === 'act');
  if (fn === undefined) throw new TypeError(`${name}.act is not generated`);
  return fn.encodeCall([JSON.stringify(plan)]);
}

/** The state both classes keep, and the plan interpreter they share. */
interface Books {
  count: u32;
  tags: Map<string, u32[]>;
  names: Set<string>;
  blob: Uint8Array;
  when: Date;
  nested: Map<string, { n: u32; at: Date; bits: Uint8Array; seen: Set<u32> }>;
}

/** Runs a plan on an actor's state; `ctx` and `emit` are the actor's own (protected members, passed in). */
async function runPlan(self: Books, ctx: ActorContext, emit: (n: u32) => void, planJson: string): Promise<u32> {
  const pick = (i: number): ActorId => world.addresses[i % world.addresses.length] as ActorId;
  for (const step of JSON.parse(planJson) as Op[]) {
    if (step.op === 'write') {
      const key = `k${step.key}`;
      self.count += 1;
      const list = self.tags.get(key);
      if (list === undefined) self.tags.set(key, [step.n]);
      else list.push(step.n);
      self.names.add(key);
      self.blob[step.key % 4] = step.n;
      self.when.setTime(ctx.blockHeight * 1000 + step.n);
      const entry = self.nested.get(key);
      if (entry === undefined)
        self.nested.set(key, { n: step.n, at: new Date(step.n), bits: new Uint8Array([step.n]), seen: new Set([step.n]) });
      else {
        entry.n += step.n;
        entry.at.setTime(entry.at.getTime() + 1);
        entry.bits[0] = (entry.bits[0] ?? 0) ^ step.n;
        entry.seen.add(step.n);
      }
    } else if (step.op === 'drop') {
      const key = `k${step.key}`;
      self.tags.get(key)?.splice(0, 1);
      self.names.delete(key);
      self.nested.get(key)?.seen.clear();
      self.nested.delete(key);
    } else if (step.op === 'emit') emit(step.n);
    else if (step.op === 'transfer') {
      if (ctx.balance() >= BigInt(step.amount)) ctx.transfer(pick(step.to), BigInt(step.amount));
    } else if (step.op === 'send') {
      const value = ctx.balance() >= BigInt(step.value) ? BigInt(step.value) : 0n;
      ctx.send(pick(step.to), encodeAct(pick(step.to), step.plan), { delay: step.delay, value });
    } else if (step.op === 'call') {
      // A refused call (a cycle through the exclusive actor, a callee gone) and a late reply both land here.
      await ctx.call(pick(step.to), encodeAct(pick(step.to), step.plan), { timeout: step.timeout }).catch(() => undefined);
    } else if (step.op === 'sleep') await ctx.sleep(step.blocks);
    else if (step.op === 'deploy') {
      if (world.addresses.length < 7) await ctx.deploy(world.code, world.ctor).catch(() => undefined);
    } else throw new Error(`planned failure at ${self.count}`);
  }
  return self.count;
}

/** An actor of the random network. */
@actor()
class Ledger extends Actor<Noted> implements Books {
  count: u32 = 0;
  tags = new Map<string, u32[]>();
  names = new Set<string>();
  blob = new Uint8Array(4);
  when = new Date(0);
  nested = new Map<string, { n: u32; at: Date; bits: Uint8Array; seen: Set<u32> }>();

  @handler({ payable: true })
  async act(planJson: string): Promise<u32> {
    return runPlan(this, this.ctx, (n) => this.emit('Noted', n), planJson);
  }
}

/** The same actor taking exclusive turns: what comes while it waits queues behind its handler. */
@actor({ exclusive: true })
class Turns extends Ledger {}

// ---------------------------------------------------------------- random workloads

function opsArb(depth: number): fc.Arbitrary<Op[]> {
  const inner = depth > 0 ? opsArb(depth - 1) : fc.constant([] as Op[]);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('write' as const), key: fc.nat(3), n: fc.integer({ min: 1, max: 200 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), key: fc.nat(3) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('emit' as const), n: fc.nat(1000) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('transfer' as const), to: fc.nat(6), amount: fc.integer({ min: 1, max: 20 }) }) },
    {
      weight: depth > 0 ? 2 : 0,
      arbitrary: fc.record({
        op: fc.constant('send' as const),
        to: fc.nat(6),
        delay: fc.constantFrom(0, 0, 1, 3),
        value: fc.nat(10),
        plan: inner,
      }),
    },
    {
      weight: depth > 0 ? 2 : 0,
      arbitrary: fc.record({ op: fc.constant('call' as const), to: fc.nat(6), timeout: fc.integer({ min: 1, max: 4 }), plan: inner }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('sleep' as const), blocks: fc.integer({ min: 0, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('deploy' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('fail' as const) }) },
  );
  return fc.array(op, { maxLength: depth > 0 ? 6 : 3 });
}

type Step = { kind: 'send'; to: number; delay: number; value: number; plan: Op[] } | { kind: 'blocks'; n: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      to: fc.nat(6),
      delay: fc.constantFrom(0, 0, 1, 2),
      value: fc.nat(40),
      plan: opsArb(2),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('blocks' as const), n: fc.integer({ min: 1, max: 3 }) }) },
);

// ---------------------------------------------------------------- runs and what they are compared by

const OPTIONS = { replyTimeout: 30 } as const;

async function setup(seed: number): Promise<TestSystem> {
  const sys = createTestSystem({ seed: `replay-${seed}`, ...OPTIONS });
  sys.user('alice', { balance: 100_000n });
  world.addresses = [(await sys.deploy(Turns)).address];
  for (let i = 0; i < 2; i++) world.addresses.push((await sys.deploy(Ledger)).address);
  world.code = sys.registerCode(Ledger);
  world.ctor = sys.system.findCode(world.code)?.ctor(undefined).encodeCall([]) as Uint8Array;
  return sys;
}

/** Applies one step of the workload: a user's send, or blocks run. */
async function apply(sys: TestSystem, step: Step): Promise<void> {
  world.addresses = sys.system.actorIdsList();
  if (step.kind === 'blocks') {
    await sys.runBlocks(step.n);
    return;
  }
  const to = world.addresses[step.to % world.addresses.length] as ActorId;
  sys.user('alice').send(to, encodeAct(to, step.plan), { value: BigInt(step.value), delay: step.delay });
}

/** Everything observable after a run, as text: actors' state, balances, users' mailboxes, events. */
function dump(sys: TestSystem): string {
  const out: string[] = [`height ${sys.blockHeight} supply ${sys.totalSupply()}`];
  for (const id of sys.system.actorIdsList()) {
    const record = sys.system.actor(id);
    out.push(`${sys.system.label(id)} ${record?.status} ${sys.balance(id)} ${show(record?.instance)}`);
    out.push(`  events ${JSON.stringify(sys.system.events(id).map((e) => [e.block, e.messageId, show(e.payload)]))}`);
  }
  for (const name of ['deployer', 'alice']) {
    out.push(`${name} ${sys.balance(name)} mailbox ${sys.mailbox(name).length}`);
  }
  return out.join('\n');
}

/** A canonical text of a state value: Map, Set, Date and typed arrays by content, keys in order. */
function show(value: unknown): string {
  if (value instanceof Map) return `Map{${[...value].map(([k, v]) => `${show(k)}=>${show(v)}`).join(',')}}`;
  if (value instanceof Set) return `Set{${[...value].map(show).join(',')}}`;
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}[${[...(value as Uint8Array)].join(',')}]`;
  if (Array.isArray(value)) return `[${value.map(show).join(',')}]`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).filter((k) => k !== 'ctx');
    return `{${keys.map((k) => `${k}:${show((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const traceLines = (entries: readonly TraceEntry[]): string[] =>
  entries.map((e) => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));

/** A fresh system of the same seed put into the state of a checkpoint image of `from`. */
function fromImage(seed: number, image: CheckpointImage, from: TestSystem): TestSystem {
  const c = createTestSystem({ seed: `replay-${seed}`, ...OPTIONS });
  restoreCheckpointImage(c.system, image, (id) => {
    const code = from.system.findCode(id);
    if (code === undefined) throw new TypeError(`no code ${id}`);
    return code;
  });
  return c;
}

async function finish(sys: TestSystem): Promise<void> {
  await sys.runUntilIdle({ maxBlocks: 400 });
}

let compared = 0;

describe('replaying a random workload', () => {
  it('gives one result uninterrupted, across a snapshot and its restore, and from a checkpoint image in a fresh system', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1000), fc.array(stepArb, { minLength: 2, maxLength: 8 }), fc.nat(7), async (seed, steps, cut) => {
        // The uninterrupted run.
        const a = await setup(seed);
        let traceAtCut = -1;
        for (const [i, step] of steps.entries()) {
          if (i === cut % steps.length && !a.system.internals.busy) traceAtCut = a.system.traceEntries().length;
          await apply(a, step);
        }
        await finish(a);
        const expected = dump(a);
        const expectedTrace = a.trace();
        const expectedEntries = traceLines(a.system.traceEntries());

        // Snapshot at the cut (when the system is quiet there), go on, then restore it and go on again.
        const b = await setup(seed);
        const rest: Step[] = [];
        let snap: ReturnType<TestSystem['snapshot']> | undefined;
        let c: TestSystem | undefined;
        for (const [i, step] of steps.entries()) {
          if (i === cut % steps.length && !b.system.internals.busy) {
            snap = b.snapshot();
            // The image holds the live instances (a host encodes them at once): restore it before b goes on.
            c = fromImage(seed, checkpointImage(b.system), b);
          }
          if (snap !== undefined) rest.push(step);
          await apply(b, step);
        }
        await finish(b);
        expect(dump(b)).toBe(expected);
        expect(b.trace()).toBe(expectedTrace);
        if (snap === undefined || c === undefined) return;
        compared++;
        expect(traceAtCut).toBeGreaterThanOrEqual(0);

        b.restore(snap);
        for (const step of rest) await apply(b, step);
        await finish(b);
        expect(dump(b)).toBe(expected);
        expect(b.trace()).toBe(expectedTrace);

        // A fresh system of the same seed continues from the image: the same state, and the rest of the trace.
        for (const step of rest) await apply(c, step);
        await finish(c);
        const actorsOnly = (text: string): string =>
          text
            .split('\n')
            .filter((l) => !l.startsWith('  events'))
            .join('\n');
        expect(actorsOnly(dump(c))).toBe(actorsOnly(expected));
        expect(traceLines(c.system.traceEntries())).toEqual(expectedEntries.slice(traceAtCut));
      }),
      budget(40),
    );
    // Most workloads reach a quiet block at their cut: the restore paths were exercised, not skipped.
    expect(compared).toBeGreaterThan(10);
  });

  it('a segment failing after an await leaves what the same plan without its failing part leaves', async () => {
    const local = fc.oneof(
      { weight: 4, arbitrary: fc.record({ op: fc.constant('write' as const), key: fc.nat(3), n: fc.integer({ min: 1, max: 200 }) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), key: fc.nat(3) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('emit' as const), n: fc.nat(1000) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('transfer' as const), to: fc.nat(6), amount: fc.integer({ min: 1, max: 20 }) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant('send' as const),
          to: fc.nat(6),
          delay: fc.constantFrom(0, 2),
          value: fc.nat(10),
          plan: fc.constant([] as Op[]),
        }),
      },
    ) as fc.Arbitrary<Op>;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1000),
        fc.nat(2),
        fc.array(local, { maxLength: 6 }),
        fc.array(local, { maxLength: 8 }),
        async (seed, target, before, after) => {
          const outcome = async (plan: Op[]): Promise<string> => {
            const sys = await setup(seed);
            // Some state to change first, committed by a message of its own.
            await apply(sys, { kind: 'send', to: target, delay: 0, value: 30, plan: before });
            await finish(sys);
            await apply(sys, { kind: 'send', to: target, delay: 0, value: 30, plan });
            await finish(sys);
            return dump(sys);
          };
          const committed: Op[] = [...before, { op: 'sleep', blocks: 1 }];
          expect(await outcome([...committed, ...after, { op: 'fail' }])).toBe(await outcome(committed));
        },
      ),
      budget(40),
    );
  });
});
