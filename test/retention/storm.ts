// A message storm per pattern, run by retention.test.ts in a process of its own (with --expose-gc): prints one JSON
// object, pattern → heap retained per message in bytes, measured after a full GC before and after the storm, once
// a warm-up has filled every bounded window (replies, trace, events, mailboxes) with the default options.
import { createTestSystem } from '@sprocket/runtime/testing';
import { Actor, ActorClient, type ActorId, actor, type GeneratedFunction, type MessageId } from '@sprocket/sdk';
import { heapAfterGc } from '../../bench/harness.js';
import { actorId, defineActor, u32Codec, unit } from '../../runtime/src/__fixtures__/define.js';

const StormSinkGenerated = defineActor({
  name: 'StormSink',
  interfaceId: '0x5353494e4b000001',
  fns: [
    { method: 'echo', args: [u32Codec], ret: u32Codec },
    { method: 'count', args: [u32Codec], ret: unit },
    { method: 'boom', args: [u32Codec], ret: unit },
    { method: 'toSender', args: [u32Codec], ret: unit },
    { method: 'tick', args: [u32Codec], ret: unit },
    { method: 'nap', args: [u32Codec], ret: unit },
    { method: 'later', args: [u32Codec], ret: unit },
    { method: 'askUser', args: [u32Codec], ret: unit },
    { method: 'pay', args: [u32Codec], ret: unit, payable: true },
  ],
  events: [{ name: 'Tick', fields: u32Codec }],
});
const fn = (method: string) => StormSinkGenerated.services[0]?.functions.find((f) => f.method === method) as GeneratedFunction;

/** StormSink's client, as `sprocket gen` writes one. */
class StormSinkClient extends ActorClient {
  readonly send = {
    count: (v: number, options?: { delay: number }): MessageId => this.sendFunction(fn('count'), [v], options),
  };
  echo(v: number): Promise<number> {
    return this.callFunction(fn('echo'), [v]) as Promise<number>;
  }
}

class StormSink extends Actor<{ Tick: number }> {
  received = 0;
  echo(v: number): number {
    return v;
  }
  count(_v: number): void {
    this.received++;
  }
  boom(v: number): void {
    this.received++;
    throw new RangeError(`boom ${v}`);
  }
  /** Sends to whoever sent this: a user's mailbox. */
  toSender(v: number): void {
    new StormSinkClient(this.ctx, this.ctx.source).send.count(v);
  }
  tick(v: number): void {
    this.emit('Tick', v);
  }
  async nap(_v: number): Promise<void> {
    await this.ctx.sleep(1);
    this.received++;
  }
  later(v: number): void {
    new StormSinkClient(this.ctx, this.ctx.self).send.count(v, { delay: 2 });
  }
  /** An awaited call to a user (a mailbox, never answered): it ends by its timeout. */
  async askUser(v: number): Promise<void> {
    await this.ctx.call(this.ctx.source, fn('echo').encodeCall([v]), { timeout: 1 }).catch(() => undefined);
    this.received++;
  }
  /** Takes the value the message brought and passes one unit on. */
  pay(_v: number): void {
    this.ctx.transfer(this.ctx.source, 1n);
  }
}
actor()(StormSink);

class StormCaller extends Actor {
  async roundTrips(peer: ActorId, n: number): Promise<number> {
    const sink = new StormSinkClient(this.ctx, peer);
    let sum = 0;
    for (let i = 0; i < n; i++) sum = (sum + (await sink.echo(i))) >>> 0;
    return sum;
  }
  /** Awaited calls whose handler throws: each comes back as an error reply. */
  async failures(peer: ActorId, n: number): Promise<number> {
    let failed = 0;
    for (let i = 0; i < n; i++) await this.ctx.call(peer, fn('boom').encodeCall([i])).catch(() => failed++);
    return failed;
  }
  async queries(peer: ActorId, n: number): Promise<number> {
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += (await this.ctx.query(peer, fn('echo').encodeCall([i]))).length;
    return bytes;
  }
}
actor()(StormCaller);
defineActor({
  name: 'StormCaller',
  interfaceId: '0x5353494e4b000002',
  fns: ['roundTrips', 'failures', 'queries'].map((method) => ({ method, args: [actorId, u32Codec], ret: u32Codec })),
});

/** An exclusive actor: messages that arrive while a handler sleeps wait for its turn to end. */
class StormTurns extends Actor {
  handled = 0;
  async nap(_v: number): Promise<void> {
    await this.ctx.sleep(1);
    this.handled++;
  }
}
actor({ exclusive: true })(StormTurns);
const StormTurnsGenerated = defineActor({
  name: 'StormTurns',
  interfaceId: '0x5353494e4b000003',
  fns: [{ method: 'nap', args: [u32Codec], ret: unit }],
});
const NAP = StormTurnsGenerated.services[0]?.functions[0] as GeneratedFunction;

type Sink = {
  readonly address: ActorId;
  readonly send: Record<'count' | 'boom' | 'toSender' | 'tick' | 'nap' | 'later' | 'askUser', (v: number) => MessageId>;
  echo(v: number): Promise<number>;
  boom(v: number): Promise<void>;
};

const sys = createTestSystem();
const GARBAGE = new Uint8Array([1, 2, 3]);
// A valid header of StormSink's interface with an entry id it does not have.
const UNKNOWN_ROUTE = fn('count').encodeCall([0]).slice(0, 16);
UNKNOWN_ROUTE[12] = 0xee;
const sink = (await sys.deploy(StormSink)) as unknown as Sink;
type CallerFn = (peer: ActorId, n: number) => Promise<number>;
const caller = (await sys.deploy(StormCaller)) as unknown as Record<'roundTrips' | 'failures' | 'queries', CallerFn>;
const turns = (await sys.deploy(StormTurns)) as unknown as { readonly address: ActorId };
const bob = sys.user('bob');
const NOBODY = `0x${'ab'.repeat(32)}` as ActorId;

async function sendAll(k: number, name: keyof Sink['send']): Promise<void> {
  for (let i = 0; i < k; i++) sink.send[name](i);
  await sys.runUntilIdle();
}

/** Each pattern handles `k` messages. */
const PATTERNS: Record<string, (k: number) => Promise<void>> = {
  'user send': (k) => sendAll(k, 'count'),
  'user call': async (k) => {
    for (let i = 0; i < k; i++) await sink.echo(i);
  },
  'failing send': (k) => sendAll(k, 'boom'),
  'failing call': async (k) => {
    for (let i = 0; i < k; i++) await sink.boom(i).catch(() => undefined);
  },
  'to a mailbox': (k) => sendAll(k, 'toSender'),
  event: (k) => sendAll(k, 'tick'),
  sleep: (k) => sendAll(k, 'nap'),
  'delayed send': (k) => sendAll(k, 'later'),
  'actor call': async (k) => {
    await caller.roundTrips(sink.address, k);
  },
  query: async (k) => {
    for (let i = 0; i < k; i++) await sys.query(sink.address, fn('echo').encodeCall([i]));
  },
  refused: async (k) => {
    // Garbage and an unknown route: refused before any handler ran (an error reply each).
    for (let i = 0; i < k; i++) sys.send(sink.address, i % 2 === 0 ? GARBAGE : UNKNOWN_ROUTE);
    await sys.runUntilIdle();
  },
  'call timeout': (k) => sendAll(k, 'askUser'),
  'with value': async (k) => {
    const before = sys.balance(sink.address);
    for (let i = 0; i < k; i++) sys.send(sink.address, fn('pay').encodeCall([i]), { value: 2n });
    await sys.runUntilIdle();
    if (sys.balance(sink.address) - before !== BigInt(k)) throw new RangeError('a payment was refused');
  },
  'actor failing call': async (k) => {
    for (let done = 0; done < k; done += 1_000) await caller.failures(sink.address, Math.min(1_000, k - done));
  },
  'actor query': async (k) => {
    for (let done = 0; done < k; done += 1_000) await caller.queries(sink.address, Math.min(1_000, k - done));
  },
  'exclusive turns': async (k) => {
    for (let i = 0; i < k; i++) sys.send(turns.address, NAP.encodeCall([i]));
    await sys.runUntilIdle();
  },
  'user delayed send': async (k) => {
    for (let i = 0; i < k; i++) sys.send(sink.address, fn('count').encodeCall([i]), { delay: 1 + (i % 5) });
    await sys.runUntilIdle();
  },
  'user to user': async (k) => {
    for (let i = 0; i < k; i++) sys.send(bob.id, fn('count').encodeCall([i]), { value: 1n });
    await sys.runUntilIdle();
  },
  'to nobody': async (k) => {
    for (let i = 0; i < k; i++) sys.send(NOBODY, fn('count').encodeCall([i]));
    await sys.runUntilIdle();
  },
  subscribed: async (k) => {
    let seen = 0;
    const stop = sys.subscribe(sink.address, () => {
      seen++;
    });
    await sendAll(k, 'tick');
    stop();
    if (seen !== k) throw new RangeError(`a subscriber saw ${seen} of ${k} events`);
  },
};

const WARMUP = 30_000;
const MEASURED = Number(process.argv[2] ?? 60_000);
const BATCH = 10_000;
const out: Record<string, number> = {};
if ((globalThis as { gc?: unknown }).gc === undefined) throw new TypeError('run with --expose-gc');
for (const [name, run] of Object.entries(PATTERNS)) {
  await run(WARMUP);
  const before = heapAfterGc();
  for (let done = 0; done < MEASURED; done += BATCH) await run(BATCH);
  out[name] = Math.round((heapAfterGc() - before) / MEASURED);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
