import { Actor, actor, init, query, type u32, type ActorId } from '@sprocket/sdk';

interface CounterEvents { Added: u32; Subtracted: u32 }

@actor()
export class Counter extends Actor<CounterEvents> {
  private count: u32 = 0;

  @init() new(start: u32 | null) { this.count = start ?? 0; }

  add(value: u32): u32 {                 // a command: may change state
    this.count += value;
    this.emit('Added', value);           // published only if the segment commits
    return this.count;
  }

  sub(value: u32): u32 {
    if (value > this.count) throw new Error('underflow');   // rolls the segment back
    this.count -= value;
    this.emit('Subtracted', value);
    return this.count;
  }

  @query() value(): u32 { return this.count; }       // read-only, dry run
}

@actor()
export class Relay extends Actor {
  async addTo(peer: ActorId, value: u32): Promise<u32> {
    return value;
  }
}
