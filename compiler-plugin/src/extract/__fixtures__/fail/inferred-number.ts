import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  private count: u32 = 0;

  @query() total() {
    return this.count;
  }
}
