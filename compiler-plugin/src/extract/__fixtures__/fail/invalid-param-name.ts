import { Actor, actor, type u32 } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  add($value: u32): u32 {
    return $value;
  }
}
