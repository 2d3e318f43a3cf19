// The actor of test/gas/script.test.ts: the same calls run in a script (under the register hook) and in a test
// (under the vitest plugin) must use the same gas, and `spin` must end with OUT_OF_GAS in both.
import { Actor, actor, init, query, type u32 } from '@sprocket/sdk';

/** Where this line is, from a stack trace (the test checks that stack traces name the source line and column). */
export function whereAmI(): string {
  return new Error('here').stack ?? '';
}

@actor()
export class Spinner extends Actor {
  private count: u32 = 0;

  @init()
  new(start: u32): void {
    this.count = start;
  }

  /** Adds 0 + 1 + … + (n - 1), one loop iteration at a time. */
  sum(n: u32): u32 {
    for (let i = 0; i < n; i++) this.count += i;
    return this.count;
  }

  /** Counts with a helper call per step. */
  steps(n: u32): u32 {
    let left = n;
    while (left > 0) left = this.down(left);
    return this.count;
  }

  spin(): u32 {
    this.count += 100;
    for (;;) {}
  }

  @query()
  value(): u32 {
    return this.count;
  }

  private down(n: u32): u32 {
    this.count += 1;
    return n - 1;
  }
}
