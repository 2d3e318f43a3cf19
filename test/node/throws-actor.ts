// An actor for the `throws` test on a node: Sails' `-> T throws E`, whose error reply carries header ‖ SCALE(E).
import { Actor, actor, handler, query, type Result, type u64 } from '@sprocket/sdk';

/** Why a withdrawal failed. */
export type NodeWithdrawError = { kind: 'Insufficient'; short: u64 } | { kind: 'Frozen' };

@actor()
export class NodePurse extends Actor {
  funds: u64 = 100n;
  withdrawals: u64 = 0n;

  /** Takes `amount` out; an `err` rolls the segment back and fails the message with the typed error. */
  @handler({ throws: true })
  withdraw(amount: u64): Result<u64, NodeWithdrawError> {
    this.withdrawals += 1n; // rolled back with the err
    if (amount > this.funds) return { err: { kind: 'Insufficient', short: amount - this.funds } };
    this.funds -= amount;
    return { ok: this.funds };
  }

  /** Withdrawals that went through. */
  @query()
  count(): u64 {
    return this.withdrawals;
  }

  /** A query that fails with a typed error as well. */
  @query()
  @handler({ throws: true })
  check(amount: u64): Result<u64, NodeWithdrawError> {
    return amount > this.funds ? { err: { kind: 'Insufficient', short: amount - this.funds } } : { ok: this.funds - amount };
  }
}
