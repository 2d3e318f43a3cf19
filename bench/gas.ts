// Gas benchmark (suite `gas`): token transfers through the runtime with the contract's code instrumented
// (charges at function entries and loop iterations, as the vitest plugin does) beside the same code
// uninstrumented. Both variants are built from one source text by the same path, so only the charges differ.

import { instrumentGas } from '@sprocket/compiler-plugin';
import { createTestSystem } from '@sprocket/runtime/testing';
import { __sprocketGas, Actor, type ActorId, actor, init } from '@sprocket/sdk';
import { actorId, bool, defineActor, u32Codec, u128Codec } from '../runtime/src/__fixtures__/define.js';
import type { BenchRow } from './harness.js';

/** The token contract as source text (plain JS, which is valid TS for the instrumentation). */
const TOKEN_SOURCE = `class NAME extends Actor {
  holders = new Map();
  new(count, each) {
    for (let i = 0; i < count; i++) this.holders.set(holderId(i), each);
  }
  transfer(from, to, amount) {
    const a = this.holders.get(from) ?? 0n;
    if (a < amount) throw new RangeError('insufficient balance');
    this.holders.set(from, a - amount);
    this.holders.set(to, (this.holders.get(to) ?? 0n) + amount);
    return true;
  }
}`;

function holderId(i: number): ActorId {
  return `0x${i.toString(16).padStart(64, '0')}`;
}

type TokenClass = new () => Actor;

/** Builds, registers and describes one variant of the token. */
function tokenClass(name: string, metered: boolean): TokenClass {
  let source = TOKEN_SOURCE.replace('NAME', name);
  if (metered) source = instrumentGas(`${name}.ts`, source, { importHook: false })?.code ?? source;
  const build = new Function('Actor', 'holderId', '__sprocket_gas__', `${source}\nreturn ${name};`);
  const cls = build(Actor, holderId, __sprocketGas) as TokenClass;
  init()(cls.prototype, 'new', Object.getOwnPropertyDescriptor(cls.prototype, 'new') as PropertyDescriptor);
  actor()(cls);
  defineActor({
    name,
    interfaceId: metered ? '0x4d4d4d4d4d4d4d4d' : '0x5555555555555555',
    ctors: [{ method: 'new', args: [u32Codec, u128Codec] }],
    fns: [{ method: 'transfer', args: [actorId, actorId, u128Codec], ret: bool }],
  });
  return cls;
}

const OPTIONS = { record: false, replyTimeout: 1_000_000, messagesPerBlock: 1_000_000 } as const;
const RUNS = 5;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function transfers(cls: TokenClass, holders: number, n: number, sandboxGlobals = true): Promise<number> {
  const sys = createTestSystem({ ...OPTIONS, sandboxGlobals });
  const token = (await sys.deploy(cls, 'new', [holders, 1_000_000_000n])) as unknown as {
    send: { transfer(from: ActorId, to: ActorId, amount: bigint): unknown };
  };
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % holders;
  };
  const pairs = Array.from({ length: n }, () => [holderId(next()), holderId(next())] as const);
  const run = async (): Promise<void> => {
    for (const [from, to] of pairs) token.send.transfer(from, to, 1n);
    await sys.runUntilIdle();
  };
  await run();
  let top = 0;
  for (let r = 0; r < RUNS; r++) top = Math.max(top, n / (await timed(run)));
  return top;
}

/** Rows of the `gas` suite. */
export async function runGasBench(): Promise<BenchRow[]> {
  const plain = tokenClass('GasBenchPlain', false);
  const metered = tokenClass('GasBenchMetered', true);
  const suite = 'gas';
  const N = 100_000;
  // Alternate the variants so machine load affects both alike.
  let unmeteredRate = 0;
  let meteredRate = 0;
  // The deterministic globals' cost: the same metered run with the host's globals left in place.
  let hostGlobalsRate = 0;
  for (let round = 0; round < 2; round++) {
    unmeteredRate = Math.max(unmeteredRate, await transfers(plain, 100, N));
    meteredRate = Math.max(meteredRate, await transfers(metered, 100, N));
    hostGlobalsRate = Math.max(hostGlobalsRate, await transfers(metered, 100, N, false));
  }
  return [
    { suite, case: 'token transfer', impl: 'unmetered', opsPerSec: Math.round(unmeteredRate) },
    { suite, case: 'token transfer', impl: 'metered', opsPerSec: Math.round(meteredRate) },
    { suite, case: 'token transfer', impl: 'metered, host globals', opsPerSec: Math.round(hostGlobalsRate) },
  ];
}
