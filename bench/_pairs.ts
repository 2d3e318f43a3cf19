// dev only: paired rounds sprocket vs bare await in one process
import { createTestSystem } from '@sprocket/runtime/testing';
import type { ActorId } from '@sprocket/sdk';
import { BenchPing, BenchPong } from './actors/pingpong.js';

const OPTIONS = {
  record: false,
  replyTimeout: 1_000_000,
  messagesPerBlock: 1_000_000,
  gasLimit: 1_000_000_000_000,
  limits: { messagesSentPerBlock: 1_000_000_000, queuedMessages: 1_000_000_000 },
  ...(process.env.NOSANDBOX ? { sandboxGlobals: false } : {}),
} as const;
class Plain {
  async echo(v: number): Promise<number> {
    return v;
  }
}
const mode = process.env.MODE ?? process.argv[2] ?? 'rr';
(globalThis as any).__NOVIEW = process.env.NOVIEW === '1';
const sys = createTestSystem(OPTIONS);
const pong = ((await sys.deploy(BenchPong)) as unknown as { address: ActorId }).address;
const ping: any = await sys.deploy(BenchPing);
const N = 200_000;
const p = new Plain();
async function bare() {
  let s = 0;
  for (let i = 0; i < N * 5; i++) s = (s + (await p.echo(i))) >>> 0;
  return s;
}
async function rr() {
  await ping.roundTrips(pong, N);
}
async function ff() {
  for (let b = 0; b < N / 1000; b++) {
    await ping.blast(pong, 1000);
    await sys.runUntilIdle();
  }
}
const f = mode.startsWith('rr') ? rr : ff;
if (mode.endsWith('only')) {
  for (let i = 0; i < 3; i++) await f();
  (globalThis as any).gc();
  const t = performance.now();
  let k = 0;
  while (performance.now() - t < 6000) {
    await f();
    k++;
  }
  console.log(mode, Math.round((k * N) / ((performance.now() - t) / 1000)));
  process.exit(0);
}
if (mode.endsWith('ab')) {
  const g = globalThis as any;
  const A = async () => {
    g.__EXP = 0;
    await f();
  };
  const B = async () => {
    g.__EXP = Number(process.env.EXPV ?? 1);
    await f();
  };
  const t2 = async (fn: () => Promise<unknown>) => {
    g.gc();
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t);
  };
  for (let i = 0; i < 3; i++) {
    await A();
    await B();
  }
  const r: number[] = [];
  for (let k = 0; k < 15; k++) {
    if (k % 2) {
      const b = await t2(B);
      const a = await t2(A);
      r.push(a / b);
    } else {
      const a = await t2(A);
      const b = await t2(B);
      r.push(a / b);
    }
  }
  const sorted = [...r].sort((x, y) => x - y);
  console.log(mode, 'new/old speed', r.map((x) => x.toFixed(2)).join(' '), 'median', (sorted[r.length >> 1] as number).toFixed(3));
  process.exit(0);
}
const time = async (fn: () => Promise<unknown>, n: number) => {
  (globalThis as any).gc();
  const t = process.hrtime.bigint();
  await fn();
  return (n * 1e9) / Number(process.hrtime.bigint() - t);
};
for (let i = 0; i < 2; i++) {
  await f();
  await bare();
}
const ratios: number[] = [];
const rates: number[] = [];
for (let r = 0; r < 9; r++) {
  const b = await time(bare, N * 5);
  const s = await time(f, N);
  ratios.push(b / s);
  rates.push(s);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1] as number;
console.log(
  mode,
  'bare/sprocket',
  ratios.map((x) => x.toFixed(1)).join(' '),
  'median',
  med(ratios).toFixed(1),
  'rate',
  Math.round(med(rates) / 1000) + 'k',
);
