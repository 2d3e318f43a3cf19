import { Actor, actor, handler, type u32 } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  @handler({ throws: true })
  half(value: u32): u32 {
    return value / 2;
  }
}
