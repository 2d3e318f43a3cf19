// Actors for the deploy tests on a node: a constructor that refuses a start of 0, and one that sleeps.
import { Actor, actor, init, type u32 } from '@sprocket/sdk';

@actor()
export class NodeStrictStart extends Actor {
  start: u32 = 0;

  @init()
  new(start: u32): void {
    if (start === 0) throw new Error('start must be positive');
    this.start = start;
  }
}

/** A constructor that sleeps `blocks` blocks before it ends: a deploy that waits fewer times out. */
@actor()
export class NodeSlowStart extends Actor {
  started = false;

  @init()
  async new(blocks: u32): Promise<void> {
    await this.ctx.sleep(blocks);
    this.started = true;
  }
}
