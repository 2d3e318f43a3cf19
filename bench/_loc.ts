import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, actor } from '@sprocket/sdk';
import { defineActor, u32Codec, unit } from '../runtime/src/__fixtures__/define.js';
class Acc extends Actor {
  total = 0;
  items = new Map<number, number>();
  viaField(n: number): void { for (let i = 0; i < n; i++) this.total += i; }
  viaLocal(n: number): void { let t = this.total; for (let i = 0; i < n; i++) t += i; this.total = t; }
  one(n: number): void { this.total += n; }
}
actor()(Acc);
defineActor({ name: 'Acc', interfaceId: '0x4141414141414141', fns: [
  { method: 'viaField', args: [u32Codec], ret: unit }, { method: 'viaLocal', args: [u32Codec], ret: unit }, { method: 'one', args: [u32Codec], ret: unit } ] });
const sys = createTestSystem({ record: true, gasLimit: 1_000_000_000_000 });
const acc = (await sys.deploy(Acc)) as any;
for (const m of ['viaField', 'viaLocal']) { const id = acc.send[m](1000); await sys.runUntilIdle(); console.log(m, 'gas', sys.gasOf(id)); }
const id1 = acc.send.one(5); await sys.runUntilIdle(); console.log('one gas', sys.gasOf(id1));
const sys2 = createTestSystem({ record: false, gasLimit: 1_000_000_000_000, messagesPerBlock: 1_000_000 });
const a2 = (await sys2.deploy(Acc)) as any;
const time = async (m: string, msgs: number, n: number) => { (globalThis as any).gc(); const t = process.hrtime.bigint(); for (let i = 0; i < msgs; i++) a2.send[m](n); await sys2.runUntilIdle(); return Number(process.hrtime.bigint() - t) / msgs; };
for (let r = 0; r < 3; r++) { await time('viaField', 2000, 1000); await time('viaLocal', 2000, 1000); await time('one', 20000, 1); }
const f: number[] = [], l: number[] = [], o: number[] = [];
for (let r = 0; r < 9; r++) { f.push(await time('viaField', 2000, 1000)); l.push(await time('viaLocal', 2000, 1000)); o.push(await time('one', 20000, 1)); }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1] as number;
console.log('ns/message: viaField(1000)', med(f).toFixed(0), 'viaLocal(1000)', med(l).toFixed(0), 'one', med(o).toFixed(0));
