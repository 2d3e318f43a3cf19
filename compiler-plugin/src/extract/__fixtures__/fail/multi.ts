import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

interface Item {
  price: number;
  when?: Date;
}

interface CalcEvents {
  Bought: bigint;
}

@actor()
export class Calc extends Actor<CalcEvents> {
  buy(item: Item, count: number): u32 {
    return 0;
  }

  @handler({ route: 'Buy' }) purchase(item: Item): u32 {
    return 0;
  }

  size() {
    return 1;
  }

  @query() data: u32 = 0;
}

@actor()
export class Broken {
  any(x: unknown): void {}
}
