import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  @query() total: u32 = 0;
}
