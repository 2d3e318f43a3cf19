// Contracts with the mistakes a contract author makes, for test/authors-mistakes.test.ts. No *.gen.ts: the
// vitest plugin injects the generated code.
import { Actor, type ActorId, actor, type u32 } from '@sprocket/sdk';
import { CounterClient } from '../../examples/counter/counter.gen.js';

/** A helper outside the class drops the call promise (the extractor checks actor methods only). */
function bump(counter: CounterClient, by: u32): void {
  counter.add(by);
}

@actor()
export class Mover extends Actor {
  moved: u32 = 0;

  /** Forgets the await through a helper: the runtime fails the handler, naming it and the call. */
  poke(counter: ActorId): u32 {
    this.moved += 1;
    bump(CounterClient.at(this.ctx, counter), 1);
    return this.moved;
  }

  /** Fails after an await: the first segment stays committed. */
  async addThenFail(counter: ActorId): Promise<u32> {
    this.moved += 10;
    await CounterClient.at(this.ctx, counter).add(1);
    this.moved += 100;
    throw new Error('late failure');
  }

  /** Sends properly (fire-and-forget) and returns. */
  nudge(counter: ActorId): u32 {
    CounterClient.at(this.ctx, counter).send.add(1);
    return this.moved;
  }
}
