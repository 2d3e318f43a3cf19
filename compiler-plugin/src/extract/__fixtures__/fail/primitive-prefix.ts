import { Actor, actor, type u32 } from '@sprocket/sdk';

interface StringPair {
  left: string;
  right: string;
}

@actor()
export class Calc extends Actor {
  join(pair: StringPair): u32 {
    return pair.left.length + pair.right.length;
  }

  stringLen(value: string): { len: u32 } {
    return { len: value.length };
  }
}
