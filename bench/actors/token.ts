// The token of the token-transfer cases: balances in a Map, as a fungible token keeps them.
import { Actor, type ActorId, actor, init, type u32, type u128 } from '@sprocket/sdk';

/** A token whose holders and balances live in one state Map. */
@actor()
export class BenchToken extends Actor {
  holders = new Map<ActorId, u128>();

  /** Gives `count` holders (see {@link holderId}) `each` tokens. */
  @init()
  new(count: u32, each: u128): void {
    for (let i = 0; i < count; i++) this.holders.set(holderId(i), each);
  }

  /** Moves `amount` from one holder to another; fails (rolled back) when `from` has too little. */
  transfer(from: ActorId, to: ActorId, amount: u128): boolean {
    const a = this.holders.get(from) ?? 0n;
    if (a < amount) throw new RangeError('insufficient balance');
    this.holders.set(from, a - amount);
    this.holders.set(to, (this.holders.get(to) ?? 0n) + amount);
    return true;
  }
}

/** The address of holder `i`. */
export function holderId(i: number): ActorId {
  return `0x${i.toString(16).padStart(64, '0')}`;
}
