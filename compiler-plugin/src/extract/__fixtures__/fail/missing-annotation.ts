import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  // @ts-expect-error implicit any on purpose
  add(value): u32 {
    return 1;
  }
}
