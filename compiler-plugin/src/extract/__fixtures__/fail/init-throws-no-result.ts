import { Actor, actor, init, type u32 } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  private limit: u32 = 0;
  @init({ throws: true })
  create(limit: u32): void {
    this.limit = limit;
  }
}
