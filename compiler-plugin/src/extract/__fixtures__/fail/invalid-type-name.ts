import { Actor, actor, type u32 } from '@sprocket/sdk';

export interface $Rec {
  a: u32;
}

export interface Box<$T> {
  v: $T;
}

@actor()
export class Calc extends Actor {
  f(r: $Rec, b: Box<u32>): u32 {
    return r.a + b.v;
  }
}
