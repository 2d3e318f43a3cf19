import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

type Mode = { kind: 'On' } | { kind: 'Off' };

@actor()
export class Calc extends Actor {
  set(mode: Mode): void {}
}
