// The DESIGN.md Counter with the code `counter.gen.ts` will contain, written by hand.
import { ActorClient, type ActorId, type CallOptions, type CodeId, type DeployOptions, type MessageId, type SendOptions, type Transport, type u32, type Unsubscribe, Actor, actor, init, lookupFunction, query } from '@sprocket/sdk';
import { defineActor, option, u32Codec } from './define.js';

type CounterEvents = {
  Added: u32;
  Subtracted: u32;
};

@actor()
export class Counter extends Actor<CounterEvents> {
  private count: u32 = 0;

  @init() new(start: u32 | null): void {
    this.count = start ?? 0;
  }

  add(value: u32): u32 {
    this.count += value;
    this.emit('Added', value);
    return this.count;
  }

  sub(value: u32): u32 {
    if (value > this.count) throw new Error('underflow');
    this.count -= value;
    this.emit('Subtracted', value);
    return this.count;
  }

  @query() value(): u32 {
    return this.count;
  }
}

export const CounterGenerated = defineActor({
  name: 'Counter',
  interfaceId: '0x579d6daba41b7d82',
  ctors: [{ method: 'new', args: [option(u32Codec)] }],
  fns: [
    { method: 'add', args: [u32Codec], ret: u32Codec },
    { method: 'sub', args: [u32Codec], ret: u32Codec },
    { method: 'value', args: [], ret: u32Codec, kind: 'query' },
  ],
  events: [
    { name: 'Added', fields: u32Codec },
    { name: 'Subtracted', fields: u32Codec },
  ],
});

const fn = (name: string) => lookupFunction(CounterGenerated, 'Counter', name);
const ADD = fn('add');
const SUB = fn('sub');
const VALUE = fn('value');
const svc = ADD.service;

/** The typed client of Counter (as generated). */
export class CounterClient extends ActorClient {
  static readonly definition = CounterGenerated;

  static at(transport: Transport, address: ActorId): CounterClient {
    return new CounterClient(transport, address);
  }

  static async deploy(transport: Transport, code: CodeId, start: u32 | null, options?: DeployOptions): Promise<CounterClient> {
    const ctor = CounterGenerated.constructors[0];
    if (ctor === undefined) throw new Error('no constructor');
    const address = await transport.deploy(code, ctor.encodeCall([start]), options);
    return new CounterClient(transport, address);
  }

  add(value: u32, options?: CallOptions): Promise<u32> {
    return this.callFunction(ADD.fn, [value], options) as Promise<u32>;
  }

  sub(value: u32, options?: CallOptions): Promise<u32> {
    return this.callFunction(SUB.fn, [value], options) as Promise<u32>;
  }

  value(options?: CallOptions): Promise<u32> {
    return this.callFunction(VALUE.fn, [], options) as Promise<u32>;
  }

  readonly send = {
    add: (value: u32, options?: SendOptions): MessageId => this.sendFunction(ADD.fn, [value], options),
    sub: (value: u32, options?: SendOptions): MessageId => this.sendFunction(SUB.fn, [value], options),
  };

  on<K extends keyof CounterEvents>(event: K, listener: (payload: CounterEvents[K]) => void): Unsubscribe {
    const ev = svc.events.find((e) => e.name === event);
    if (ev === undefined) throw new Error(`no event ${event}`);
    return this.subscribeEvent(svc, ev, listener as (payload: unknown) => void);
  }
}
