// A token whose holders are structs, with no range checks of its own: the runtime's commit check is what keeps the
// nested balances and nonces within their declared integer types (test/state-ranges/accounts.test.ts).
import { Actor, type ActorId, actor, query, type u16, type u64, type u128 } from '@sprocket/sdk';

/** One holder's balance and the count of its transfers. */
export interface Holder {
  balance: u128;
  nonce: u64;
}

/** A token of struct holders, with a fee schedule. */
@actor()
export class Accounts extends Actor {
  private holders = new Map<ActorId, Holder>();
  private fees: { percent: u16; flat: u128 } = { percent: 1, flat: 0n };

  /** Gives `to` a fresh holder with `amount`. */
  open(to: ActorId, amount: u128): void {
    this.holders.set(to, { balance: amount, nonce: 0n });
  }

  /** Moves `amount` from `from` to `to` in place (an overdraft leaves a negative balance, which fails at commit). */
  transfer(from: ActorId, to: ActorId, amount: u128): void {
    const source = this.holders.get(from)!;
    source.balance -= amount;
    source.nonce += 1n;
    const target = this.holders.get(to);
    if (target === undefined) this.holders.set(to, { balance: amount, nonce: 0n });
    else target.balance += amount;
  }

  /** Sets the fee percentage in place (one past u16 fails at commit). */
  setPercent(percent: u64): void {
    this.fees.percent = Number(percent);
  }

  @query()
  holderOf(who: ActorId): [u128, u64] {
    const h = this.holders.get(who);
    return h === undefined ? [0n, 0n] : [h.balance, h.nonce];
  }

  @query()
  percent(): u16 {
    return this.fees.percent;
  }
}
