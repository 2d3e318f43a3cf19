import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  sum(...values: u32[]): u32 {
    return 0;
  }
}
