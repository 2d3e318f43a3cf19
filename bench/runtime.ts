// Runtime benchmarks (suite `runtime`): request-reply and fire-and-forget between
// actors beside a bare awaited call and the nact library (request-reply also beside
// the floor of any runtime with Gear's ordering, message-floor.ts), both again at 1, 100 and
// 10,000 actors, token transfers with 100 and 100,000 holders, the heap cost of an
// idle actor and the heap retained per handled fire-and-forget message.
// Every case is set up first and then timed in rounds of a fixed size after a fixed warm-up, with a GC before each
// round: alone in this process (`runRuntimeBench`, median of five rounds) or, for the parts compared with each other
// (RUNTIME_LOCKSTEP_GROUPS), round by round at the parent's command in lockstep forks (`setupRuntimeCase`).

import { ActorSystem } from '@sprocket/runtime';
import { type ClientOf, createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import type { ActorId } from '@sprocket/sdk';
import { dispatch, query, spawn, start, stop } from 'nact';
import { BenchIdle } from './actors/idle.js';
import './actors/idle.gen.js';
import { BenchPing, BenchPong } from './actors/pingpong.js';
import { BenchToken, holderId } from './actors/token.js';
import './actors/token.gen.js';
import { type BenchRow, heapAfterGc, measureRuns, type TimedCase } from './harness.js';
import type { LockstepCase } from './lockstep.js';
import { floorRequestReply } from './message-floor.js';

// The actors (bench/actors/) are contracts as users write them: decorated classes with generated codecs and
// clients (`npx sprocket gen bench/actors`), so every case measures the code path an application gets.

// The gas limit and the per-block message limits are raised so one handler can make every round trip of a timed run.
const OPTIONS = {
  record: false,
  replyTimeout: 1_000_000,
  messagesPerBlock: 1_000_000,
  gasLimit: 1_000_000_000_000,
  limits: { messagesSentPerBlock: 1_000_000_000, queuedMessages: 1_000_000_000 },
} as const;

/** Timed rounds per case when a part runs alone (every impl alike): fixed warm-up, GC before each round, median rate. */
const RUNS = 5;

async function pingPong(actors = 1): Promise<{ sys: TestSystem; ping: ClientOf<BenchPing>; pongs: ActorId[] }> {
  const sys = createTestSystem(OPTIONS);
  const pongs: ActorId[] = [];
  for (let i = 0; i < actors; i++) pongs.push((await sys.deploy(BenchPong)).address);
  const ping = await sys.deploy(BenchPing);
  return { sys, ping, pongs };
}

/** Fire-and-forget messages sent per burst before the system runs until idle (every impl alike). */
const BURST = 1000;

// ---------------------------------------------------------------- cases (each set up, ready for timed rounds)

/** Awaited calls from one actor to `actors` peers in turn (`n / actors` consecutive calls each). */
async function sprocketRequestReply(n: number, actors = 1): Promise<TimedCase> {
  const { ping, pongs } = await pingPong(actors);
  const each = Math.max(1, Math.floor(n / actors));
  return {
    n: each * actors,
    run: async () => {
      for (const peer of pongs) await ping.roundTrips(peer, each);
    },
  };
}

/** Fire-and-forget messages in bursts of {@link BURST} from one actor to `actors` peers in turn. */
async function sprocketFireAndForget(n: number, actors = 1): Promise<TimedCase> {
  const { sys, ping, pongs } = await pingPong(actors);
  const each = Math.max(1, Math.min(BURST, Math.floor(n / actors)));
  const bursts = Math.max(1, Math.floor(n / each));
  return {
    n: each * bursts,
    run: async () => {
      for (let b = 0; b < bursts; b++) {
        await ping.blast(pongs[b % actors] as ActorId, each);
        await sys.runUntilIdle();
      }
    },
  };
}

class Plain {
  async echo(value: number): Promise<number> {
    return value;
  }
}

async function baselineRequestReply(n: number): Promise<TimedCase> {
  const p = new Plain();
  return {
    n,
    run: async () => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum = (sum + (await p.echo(i))) >>> 0;
      return sum;
    },
  };
}

// The baseline for both cases is a bare awaited method call (a plain synchronous call is optimized away).
async function baselineFireAndForget(n: number): Promise<TimedCase> {
  const p = new Plain();
  return {
    n,
    run: async () => {
      for (let i = 0; i < n; i++) await p.echo(i);
    },
  };
}

type NactRef = Parameters<typeof dispatch>[0];

async function nactRequestReply(n: number): Promise<TimedCase> {
  const system = start();
  const pong = spawn(system, (state: unknown, msg: { value: number; sender: NactRef }) => {
    dispatch(msg.sender, msg.value);
    return state;
  });
  const run = async (count: number) => {
    let sum = 0;
    for (let i = 0; i < count; i++)
      sum = (sum + ((await query(pong, (sender: NactRef) => ({ value: i, sender }), 10_000)) as number)) >>> 0;
    return sum;
  };
  await run(500);
  return { n, run: () => run(n), close: () => stop(system) };
}

async function nactFireAndForget(n: number): Promise<TimedCase> {
  const system = start();
  let received = 0;
  let wake: (() => void) | undefined;
  const sink = spawn(system, (state: number, _msg: number) => {
    received++;
    if (wake !== undefined && received % BURST === 0) wake();
    return state;
  });
  const burst = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      for (let i = 0; i < BURST; i++) dispatch(sink, i);
    });
  const run = async () => {
    for (let done = 0; done < n; done += BURST) await burst();
  };
  return { n, run, close: () => stop(system) };
}

async function tokenTransfers(holders: number, n: number): Promise<TimedCase> {
  const sys = createTestSystem(OPTIONS);
  const token = await sys.deploy(BenchToken, 'new', [holders, 1_000_000_000n]);
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % holders;
  };
  const pairs = Array.from({ length: n }, () => [holderId(next()), holderId(next())] as const);
  const run = async () => {
    for (const [from, to] of pairs) token.send.transfer(from, to, 1n);
    await sys.runUntilIdle();
  };
  return { n, run };
}

/** The rate of a case measured alone in this process: fixed warm-up, then {@link RUNS} rounds, median. */
async function rateAlone(setup: Promise<TimedCase>): Promise<number> {
  const timed = await setup;
  try {
    return await measureRuns(timed.n, timed.run, { warmup: WARMUP, rounds: RUNS });
  } finally {
    timed.close?.();
  }
}

async function idleActorBytes(count: number): Promise<number> {
  const system = new ActorSystem(OPTIONS);
  const user = system.user('deployer', 0n);
  const code = system.registerCode(BenchIdle);
  const payload = system.findCode(code)?.ctor(undefined).encodeCall([]) as Uint8Array;
  const deployAll = async (k: number) => {
    const all: Promise<ActorId>[] = [];
    for (let i = 0; i < k; i++) all.push(system.userDeploy(user.id, code, payload, undefined));
    await Promise.all(all);
  };
  await deployAll(100);
  const before = heapAfterGc();
  await deployAll(count);
  const after = heapAfterGc();
  if (system.actorIdsList().length !== count + 100) throw new RangeError('deploys missing');
  return Math.round((after - before) / count);
}

/**
 * Heap retained per handled fire-and-forget message with default options, heap measured after GC before and
 * after `count` messages: a third users' sends (each leaves a reply record, trace lines), a third an actor's sends
 * to an actor, a third an actor's sends to a user (each lands in the user's mailbox).
 */
async function retainedPerMessage(count: number): Promise<number> {
  const sys = createTestSystem();
  const pong = await sys.deploy(BenchPong);
  const ping = await sys.deploy(BenchPing);
  const target = pong.address;
  const user = sys.user('carol').id;
  const batch = 9_999;
  const round = async () => {
    for (let i = 0; i < batch / 3; i++) pong.send.count(i);
    await ping.blast(target, batch / 3);
    await ping.blast(user, batch / 3);
    await sys.runUntilIdle();
  };
  await round();
  const before = heapAfterGc();
  for (let done = 0; done < count; done += batch) await round();
  const after = heapAfterGc();
  return Math.round((after - before) / count);
}

/** The runtime suite's parts; `npm run bench` runs each in fresh processes (see bench/main.ts). */
export const RUNTIME_PARTS = [
  'request-reply sprocket',
  'request-reply baseline',
  'request-reply nact',
  'request-reply floor',
  'fire-and-forget sprocket',
  'fire-and-forget baseline',
  'fire-and-forget nact',
  'scaling 1',
  'scaling 100',
  'scaling 10000',
  'token 100',
  'token 100000',
  'idle actor',
  'retained per message',
] as const;

type RuntimePart = (typeof RUNTIME_PARTS)[number];

/** Untimed runs of a case before its timed rounds (every case alike, alone or in lockstep). */
const WARMUP = 2;

/** Operations per round of the request-reply and fire-and-forget cases. */
const N = 200_000;

/** A part that times one case: the row it reports and the case's setup. */
interface RatePart {
  readonly case: string;
  readonly impl: string;
  readonly setup: () => Promise<TimedCase>;
}

const RATE_PARTS: Partial<Record<RuntimePart, RatePart>> = {
  'request-reply sprocket': { case: 'request-reply', impl: 'sprocket', setup: () => sprocketRequestReply(N) },
  'request-reply baseline': { case: 'request-reply', impl: 'baseline', setup: () => baselineRequestReply(N * 5) },
  'request-reply nact': { case: 'request-reply', impl: 'nact', setup: () => nactRequestReply(50_000) },
  'request-reply floor': { case: 'request-reply', impl: 'floor', setup: () => floorRequestReply(N) },
  'fire-and-forget sprocket': { case: 'fire-and-forget', impl: 'sprocket', setup: () => sprocketFireAndForget(N) },
  'fire-and-forget baseline': { case: 'fire-and-forget', impl: 'baseline', setup: () => baselineFireAndForget(N * 5) },
  'fire-and-forget nact': { case: 'fire-and-forget', impl: 'nact', setup: () => nactFireAndForget(N) },
  'token 100': { case: 'token transfer 100 holders', impl: 'sprocket', setup: () => tokenTransfers(100, 100_000) },
  'token 100000': { case: 'token transfer 100000 holders', impl: 'sprocket', setup: () => tokenTransfers(100_000, 100_000) },
};

/**
 * Parts whose rates are compared with each other: `npm run bench` runs each group in lockstep forks, every
 * part in a process of its own and their timed rounds taking turns (see bench/lockstep.ts).
 */
export const RUNTIME_LOCKSTEP_GROUPS: readonly (readonly RuntimePart[])[] = [
  ['request-reply sprocket', 'request-reply baseline', 'request-reply nact', 'request-reply floor'],
  ['fire-and-forget sprocket', 'fire-and-forget baseline', 'fire-and-forget nact'],
  ['token 100', 'token 100000'],
];

function ratePart(part: string): RatePart {
  const spec = RATE_PARTS[part as RuntimePart];
  if (spec === undefined) {
    const known = Object.keys(RATE_PARTS).join(', ');
    throw new RangeError(`bench: runtime part ${JSON.stringify(part)} times no single case (those that do: ${known})`);
  }
  return spec;
}

/** Sets one timed part of the runtime suite up for lockstep rounds: its row (without the rate), its case, its warm-up. */
export async function setupRuntimeCase(part: string): Promise<LockstepCase> {
  const spec = ratePart(part);
  const timed = await spec.setup();
  return { row: { suite: 'runtime', case: spec.case, impl: spec.impl }, warmup: WARMUP, ...timed };
}

/** Runs one part of the runtime suite in this process (every part when `part` is undefined). */
export async function runRuntimeBench(part?: string): Promise<BenchRow[]> {
  if (part !== undefined && !(RUNTIME_PARTS as readonly string[]).includes(part))
    throw new RangeError(`bench: unknown runtime part ${JSON.stringify(part)} (parts: ${RUNTIME_PARTS.join(', ')})`);
  const rows: BenchRow[] = [];
  const suite = 'runtime';
  const rate = (value: number) => Math.round(value);
  for (const name of RUNTIME_PARTS) {
    if (part !== undefined && part !== name) continue;
    const spec = RATE_PARTS[name];
    if (spec !== undefined) {
      rows.push({ suite, case: spec.case, impl: spec.impl, opsPerSec: rate(await rateAlone(spec.setup())) });
    } else if (name.startsWith('scaling ')) {
      const actors = Number(name.slice('scaling '.length));
      rows.push({
        suite,
        case: `request-reply ${actors} actors`,
        impl: 'sprocket',
        opsPerSec: rate(await rateAlone(sprocketRequestReply(N, actors))),
      });
      rows.push({
        suite,
        case: `fire-and-forget ${actors} actors`,
        impl: 'sprocket',
        opsPerSec: rate(await rateAlone(sprocketFireAndForget(N, actors))),
      });
    } else if (name === 'idle actor') {
      rows.push({ suite, case: 'idle actor', impl: 'sprocket', bytes: await idleActorBytes(100_000) });
    } else {
      rows.push({ suite, case: 'retained per message', impl: 'sprocket', bytes: await retainedPerMessage(1_000_000) });
    }
  }
  return rows;
}
