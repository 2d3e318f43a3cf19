import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

interface Deadline {
  at: Date;
}

@actor()
export class Calc extends Actor {
  schedule(deadline: Deadline): void {}
}
