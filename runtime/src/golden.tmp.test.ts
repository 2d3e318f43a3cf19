// TEMPORARY golden-trace scenario (deleted before hand-off): writes the full trace to a file.
import { writeFileSync } from 'node:fs';
import { type ActorId } from '@sprocket/sdk';
import { it } from 'vitest';
import { ExclusiveRelay, Relay, Token, holderId } from './__fixtures__/actors.js';
import { Counter, CounterClient, CounterGenerated } from './__fixtures__/counter.js';
import { createTestSystem } from './testing/index.js';

async function settle(p: Promise<unknown>): Promise<string> {
  try { return `ok ${String(await p)}`; } catch (e) { const x = e as { code?: string; reason?: string; message?: string }; return `err ${x.code} ${x.reason ?? x.message}`; }
}

it('golden', async () => {
  const out: string[] = [];
  const sys = createTestSystem({ seed: 'golden', maxPayloadBytes: 200, messagesPerBlock: 7 });
  const alice = sys.user('alice', { balance: 5000n });
  const counter = await sys.deploy(Counter, 'new', [5]);
  const relay = await sys.deploy(Relay);
  const relay2 = await sys.deploy(Relay);
  const ex = await sys.deploy(ExclusiveRelay);
  const ex2 = await sys.deploy(ExclusiveRelay);
  const token = await sys.deploy(Token, 'new', [10, 100n]);
  const ps: Promise<string>[] = [];
  ps.push(settle(relay.slowAdd(counter.address, 1)));
  for (let i = 0; i < 20; i++) relay.send.mark(`m${i}`);
  ps.push(settle(relay.bounce(relay2.address, 6)));
  ps.push(settle(ex.bounce(ex2.address, 3)));
  ps.push(settle(ex.bounce(ex.address, 2)));
  ps.push(settle(relay.twoStep(counter.address, true)));
  ps.push(settle(relay2.twoStep(counter.address, false)));
  ps.push(settle(relay.spray(relay2.address, 30)));
  ps.push(settle(relay.nap(4)));
  ps.push(settle(relay2.with({ timeout: 2 }).nap(9)));
  ps.push(settle(relay.callWithTimeout(alice.id, 3)));
  ps.push(settle(relay.callWithTimeout(counter.address, 3)));
  ps.push(settle(relay.spawnCounter(sys.registerCode(Counter), 41)));
  ps.push(settle(relay.with({ value: 50n }).deposit()));
  ps.push(settle(relay.pay(alice.id, 10n)));
  ps.push(settle(relay.payThenFail(alice.id, 10n)));
  ps.push(settle(relay.sneaky()));
  ps.push(settle(counter.with({ value: 3n }).add(1)));
  ps.push(settle(token.transfer(holderId(1), holderId(2), 5n)));
  ps.push(settle(token.transfer(holderId(1), holderId(2), 500n)));
  ps.push(settle(sys.defaultUser.call(counter.address, new Uint8Array([1, 2, 3]))));
  ps.push(settle(sys.defaultUser.call(counter.address, new Uint8Array(300))));
  ps.push(settle(sys.defaultUser.call(`0x${'cd'.repeat(32)}` as ActorId, new Uint8Array(20))));
  const add = CounterGenerated.services[0]?.functions.find((f) => f.method === 'add');
  ps.push(settle(sys.defaultUser.query(counter.address, add?.encodeCall([1]) ?? new Uint8Array())));
  const id = counter.send.add(7);
  const c2 = CounterClient.at(alice, counter.address);
  ps.push(settle(c2.add(2)));
  for (const r of await Promise.all(ps)) out.push(r);
  await sys.runUntilIdle();
  ps.length = 0;
  ps.push(settle(relay.foreignAwait()));
  out.push(...(await Promise.all(ps)));
  await new Promise((r) => setTimeout(r, 20));
  out.push(`reply ${JSON.stringify(sys.replyOf(id), (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? [...v] : v))}`);
  out.push(`supply ${sys.totalSupply()} alice ${alice.balance()} relay ${sys.balance(relay)} height ${sys.blockHeight}`);
  out.push(`mailbox ${JSON.stringify(sys.mailbox(alice).map((m) => [m.id, m.source, m.value.toString(), m.block]))}`);
  out.push(`events ${JSON.stringify(sys.events(relay).map((e) => [e.name, e.payload, e.block, e.messageId]))}`);
  out.push(`entries ${JSON.stringify(await relay.entries())} ${JSON.stringify(await relay2.entries())}`);
  const snap = sys.snapshot();
  await relay.mark('after-snap');
  sys.restore(snap);
  out.push(`restored ${JSON.stringify(await relay.entries())}`);
  out.push(sys.trace());
  writeFileSync(process.env.GOLDEN ?? '/tmp/golden.txt', out.join('\n'));
});
