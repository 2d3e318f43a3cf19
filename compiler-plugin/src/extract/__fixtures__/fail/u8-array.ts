import { Actor, actor, type FixedArray, type u8 } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  sum(data: u8[]): void {}
  digest(data: FixedArray<u8, 4>): void {}
  list(data: Array<u8>): void {}
  nested(data: { items: readonly u8[] }[]): void {}
}
