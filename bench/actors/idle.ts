// The actor of the idle-actor case: what one deployed actor with one field costs while it waits.
import { Actor, actor, type u32 } from '@sprocket/sdk';

/** An idle actor: one counter field. */
@actor()
export class BenchIdle extends Actor {
  count: u32 = 0;

  /** Reads the counter. */
  touch(): u32 {
    return this.count;
  }
}
