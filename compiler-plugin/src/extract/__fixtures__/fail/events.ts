import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

interface CalcEvents {
  Added(): void;
}

@actor()
export class Calc extends Actor<CalcEvents> {
  add(value: u32): u32 {
    return value;
  }
}
