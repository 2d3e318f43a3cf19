import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  // biome-ignore lint/suspicious/noExplicitAny: fixture
  add(value: any): u32 {
    return 1;
  }
}
