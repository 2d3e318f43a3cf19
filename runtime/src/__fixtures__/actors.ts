// Hand-written stand-ins for generated code: a Relay (default interleaving),
// the same code with exclusive turns, and a Token. Replaced by `*.gen.ts` later.
import {
  Actor,
  type ActorId,
  actor,
  type CodeId,
  handler,
  init,
  query,
  type u32,
  type u128,
} from '@sprocket/sdk';
import { CounterClient } from './counter.js';
import { type ActorSpec, actorId, bool, codeId, defineActor, str, u128Codec, u32Codec, unit, vec } from './define.js';

/** Settlers of the foreign promises fixture handlers await; a test releases them when it chooses, never a timer. */
export const foreignGates: (() => void)[] = [];

/** Settles every foreign promise a fixture handler is awaiting. */
export function releaseForeignGates(): void {
  for (const release of foreignGates.splice(0)) release();
}

type RelayEvents = {
  Marked: string;
  Stepped: u32;
};

/** The handlers shared by Relay and ExclusiveRelay. */
class RelayBase extends Actor<RelayEvents> {
  log: string[] = [];
  scratch: { n: u32; tags: Set<string> } = { n: 0, tags: new Set() };

  /** Awaits a counter in the middle: other messages may run meanwhile (unless exclusive). */
  async slowAdd(peer: ActorId, value: u32): Promise<u32> {
    this.log.push(`start ${value}`);
    const result = await CounterClient.at(this.ctx, peer).add(value);
    this.log.push(`end ${value}`);
    return result;
  }

  mark(tag: string): void {
    this.log.push(tag);
    this.emit('Marked', tag);
  }

  @query() entries(): string[] {
    return this.log;
  }

  /** Calls `peer.bounce(self, depth - 1)`: a call chain between two relays. */
  async bounce(peer: ActorId, depth: u32): Promise<u32> {
    if (depth === 0) return 0;
    const self = this.ctx.self;
    const payload = RelayGenerated.services[0]?.functions.find((f) => f.method === 'bounce');
    if (payload === undefined) throw new TypeError('bounce is not generated');
    const reply = await this.ctx.call(peer, payload.encodeCall([self, depth - 1]));
    return (payload.decodeReply(reply) as number) + 1;
  }

  /** Two segments: the first commits at the await; the second throws when `fail`. */
  async twoStep(peer: ActorId, fail: boolean): Promise<u32> {
    this.log.push('one');
    this.scratch.n += 1;
    this.scratch.tags.add('one');
    this.emit('Stepped', 1);
    const counter = CounterClient.at(this.ctx, peer);
    counter.send.add(100);
    await counter.add(1);
    this.log.push('two');
    this.scratch.n += 10;
    this.scratch.tags.add('two');
    this.emit('Stepped', 2);
    counter.send.add(1000);
    if (fail) throw new Error('second segment failed');
    return this.scratch.n;
  }

  /** Sends `count` marks to a peer relay, fire-and-forget. */
  spray(peer: ActorId, count: u32): void {
    const mark = RelayGenerated.services[0]?.functions.find((f) => f.method === 'mark');
    if (mark === undefined) throw new TypeError('mark is not generated');
    for (let i = 0; i < count; i++) this.ctx.send(peer, mark.encodeCall([String(i)]));
  }

  async nap(blocks: u32): Promise<u32> {
    const before = this.ctx.blockHeight;
    await this.ctx.sleep(blocks);
    this.log.push(`woke ${this.ctx.blockHeight - before}`);
    return this.ctx.blockHeight;
  }

  async spawnCounter(code: CodeId, start: u32): Promise<ActorId> {
    const counter = await CounterClient.deploy(this.ctx, code, start);
    return counter.address;
  }

  async foreignAwait(): Promise<u32> {
    this.log.push('before');
    await new Promise<void>((resolve) => foreignGates.push(resolve));
    this.log.push('after');
    return 1;
  }

  async callWithTimeout(peer: ActorId, blocks: u32): Promise<string> {
    try {
      await CounterClient.at(this.ctx, peer).value({ timeout: blocks });
      return 'replied';
    } catch (error) {
      return (error as { code?: string }).code ?? 'unknown';
    }
  }

  @handler({ payable: true }) deposit(): u128 {
    return this.ctx.balance();
  }

  pay(to: ActorId, amount: u128): void {
    this.ctx.transfer(to, amount);
  }

  payThenFail(to: ActorId, amount: u128): void {
    this.ctx.transfer(to, amount);
    throw new Error('no');
  }

  @query() sneaky(): u32 {
    this.log.push('sneaky');
    return 0;
  }
}

@actor()
export class Relay extends RelayBase {}

@actor({ exclusive: true })
export class ExclusiveRelay extends RelayBase {}

const relayFns: ActorSpec['fns'] = [
  { method: 'slowAdd', args: [actorId, u32Codec], ret: u32Codec },
  { method: 'mark', args: [str], ret: unit },
  { method: 'entries', args: [], ret: vec(str), kind: 'query' },
  { method: 'bounce', args: [actorId, u32Codec], ret: u32Codec },
  { method: 'twoStep', args: [actorId, bool], ret: u32Codec },
  { method: 'spray', args: [actorId, u32Codec], ret: unit },
  { method: 'nap', args: [u32Codec], ret: u32Codec },
  { method: 'spawnCounter', args: [codeId, u32Codec], ret: actorId },
  { method: 'foreignAwait', args: [], ret: u32Codec },
  { method: 'callWithTimeout', args: [actorId, u32Codec], ret: str },
  { method: 'deposit', args: [], ret: u128Codec, payable: true },
  { method: 'pay', args: [actorId, u128Codec], ret: unit },
  { method: 'payThenFail', args: [actorId, u128Codec], ret: unit },
  { method: 'sneaky', args: [], ret: u32Codec, kind: 'query' },
];
const relayEvents = [
  { name: 'Marked', fields: str },
  { name: 'Stepped', fields: u32Codec },
];

export const RelayGenerated = defineActor({ name: 'Relay', interfaceId: '0x1111111111111111', fns: relayFns, events: relayEvents });
export const ExclusiveRelayGenerated = defineActor({ name: 'ExclusiveRelay', interfaceId: '0x1111111111111111', fns: relayFns, events: relayEvents });

/** A fungible token: balances in a Map, as the benchmark's token. */
@actor()
export class Token extends Actor {
  holders = new Map<ActorId, u128>();

  @init() new(count: u32, each: u128): void {
    if (each === 0n) throw new RangeError('each holder needs a positive balance');
    for (let i = 0; i < count; i++) this.holders.set(holderId(i), each);
  }

  transfer(from: ActorId, to: ActorId, amount: u128): boolean {
    const a = this.holders.get(from) ?? 0n;
    if (a < amount) throw new RangeError('insufficient balance');
    this.holders.set(from, a - amount);
    this.holders.set(to, (this.holders.get(to) ?? 0n) + amount);
    return true;
  }

  @query() balanceOf(who: ActorId): u128 {
    return this.holders.get(who) ?? 0n;
  }
}

/** The synthetic address of holder `i`. */
export function holderId(i: number): ActorId {
  return `0x${i.toString(16).padStart(64, '0')}`;
}

export const TokenGenerated = defineActor({
  name: 'Token',
  interfaceId: '0x3333333333333333',
  ctors: [{ method: 'new', args: [u32Codec, u128Codec] }],
  fns: [
    { method: 'transfer', args: [actorId, actorId, u128Codec], ret: bool },
    { method: 'balanceOf', args: [actorId], ret: u128Codec, kind: 'query' },
  ],
});
