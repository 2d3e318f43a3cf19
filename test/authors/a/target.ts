// The actor a multisig calls: records payments, refuses a flagged one.
import { Actor, actor, handler, query, type u128 } from '@sprocket/sdk';

/** A payee that accepts value and fails on demand. */
@actor()
export class Target extends Actor {
  private received: u128 = 0n;

  @handler({ payable: true })
  pay(memo: string): u128 {
    if (memo === 'fail') throw new Error('target refuses');
    this.received += this.ctx.value;
    return this.received;
  }

  @query()
  total(): u128 {
    return this.received;
  }
}
