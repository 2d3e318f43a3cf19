// The actors of the request-reply and fire-and-forget cases, written as users write contracts: decorated classes
// whose generated client (`pingpong.gen.ts`, `npx sprocket gen bench/actors`) carries every message.
import { Actor, type ActorId, actor, type u32 } from '@sprocket/sdk';
import { BenchPongClient } from './pingpong.gen.js';

/** Answers request-reply calls and counts fire-and-forget messages. */
@actor()
export class BenchPong extends Actor {
  received: u32 = 0;

  /** The request-reply case: replies with its argument. */
  echo(value: u32): u32 {
    return value;
  }

  /** The fire-and-forget case: counts the message in state. */
  count(_value: u32): void {
    this.received++;
  }
}

/** Drives the cases from inside the runtime: awaited calls and sends through BenchPong's generated client. */
@actor()
export class BenchPing extends Actor {
  /** `n` awaited calls to `peer`, one after the other. */
  async roundTrips(peer: ActorId, n: u32): Promise<u32> {
    const pong = BenchPongClient.at(this.ctx, peer);
    let sum = 0;
    for (let i = 0; i < n; i++) sum = (sum + (await pong.echo(i))) >>> 0;
    return sum;
  }

  /** `n` fire-and-forget messages to `peer`. */
  blast(peer: ActorId, n: u32): void {
    const pong = BenchPongClient.at(this.ctx, peer);
    for (let i = 0; i < n; i++) pong.send.count(i);
  }
}
