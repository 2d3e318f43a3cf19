import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

const NAME = 'Plus';

@actor()
export class Calc extends Actor {
  @handler({ route: NAME }) add(value: u32): u32 {
    return value;
  }
}
