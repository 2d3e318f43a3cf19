// An actor file with no `*.gen.ts` beside it: the vitest plugin injects its generated code when it loads.
import { Actor, actor, init, query, type u64 } from '@sprocket/sdk';

/** Events of the adder. */
export interface AdderEvents {
  Added: u64;
}

/** Adds u64 values to a running total. */
@actor()
export class Adder extends Actor<AdderEvents> {
  private total: u64 = 0n;

  @init()
  start(total: u64): void {
    this.total = total;
  }

  add(value: u64): u64 {
    this.total += value;
    this.emit('Added', value);
    return this.total;
  }

  @query()
  value(): u64 {
    return this.total;
  }
}
