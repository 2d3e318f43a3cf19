import { Actor, type ActorId, actor, query, type u32 } from '@sprocket/sdk';
import { PongClient } from './ping-pong.gen.js';

/** What Ping records of each exchange. */
export interface PingEvents {
  Ponged: { round: u32; reply: u32 };
}

/** Answers every ping with the number it got, plus one. */
@actor()
export class Pong extends Actor {
  private served: u32 = 0;

  ping(round: u32): u32 {
    this.served += 1;
    return round + 1;
  }

  @query()
  servedCount(): u32 {
    return this.served;
  }
}

/** Plays a number of rounds against a Pong actor, awaiting each reply. */
@actor()
export class Ping extends Actor<PingEvents> {
  private rounds: u32 = 0;
  private last: u32 = 0;

  async play(pong: ActorId, rounds: u32): Promise<u32> {
    const peer = PongClient.at(this.ctx, pong);
    let value: u32 = 0;
    for (let round = 0; round < rounds; round++) {
      value = await peer.ping(value);
      this.rounds += 1;
      this.last = value;
      this.emit('Ponged', { round, reply: value });
    }
    return value;
  }

  /** Fire-and-forget: the pong's reply lands in Ping's mailbox and is not awaited. */
  serve(pong: ActorId, value: u32): void {
    PongClient.at(this.ctx, pong).send.ping(value);
  }

  @query()
  stats(): [u32, u32] {
    return [this.rounds, this.last];
  }
}
