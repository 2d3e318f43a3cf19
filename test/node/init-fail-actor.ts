// An actor for the failed-deploy test on a node: its constructor refuses a start of 0.
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
