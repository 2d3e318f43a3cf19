import { Actor, type ActorId, actor, init, query, type u32 } from '@sprocket/sdk';
import { CounterClient } from './counter.gen.js';

/** Events of the counter: the amount added or subtracted. */
export interface CounterEvents {
  Added: u32;
  Subtracted: u32;
}

/** A counter with the same interface as the Sails demo `Counter` service. */
@actor()
export class Counter extends Actor<CounterEvents> {
  private count: u32 = 0;

  @init()
  new(start: u32 | null): void {
    this.count = start ?? 0;
  }

  add(value: u32): u32 {
    this.count += value;
    this.emit('Added', value);
    return this.count;
  }

  sub(value: u32): u32 {
    // Throwing rolls the segment back: the count and the event are discarded.
    if (value > this.count) throw new Error(`underflow: ${this.count} - ${value}`);
    this.count -= value;
    this.emit('Subtracted', value);
    return this.count;
  }

  @query()
  value(): u32 {
    return this.count;
  }
}

/** Forwards additions to another counter: a request-reply call across actors. */
@actor()
export class Relay extends Actor {
  async addTo(peer: ActorId, value: u32): Promise<u32> {
    const counter = CounterClient.at(this.ctx, peer);
    // Relay may take other messages while it waits for the reply.
    return await counter.add(value);
  }
}
