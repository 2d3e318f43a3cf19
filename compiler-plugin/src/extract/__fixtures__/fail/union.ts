import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  set(value: u32 | string): void {}
}
