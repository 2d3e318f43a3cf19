import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  add(value: u32): u32;
  add(value: string): u32;
  add(value: u32 | string): u32 {
    return 0;
  }
}
