// A fungible token with allowances; transfers fail with typed errors (`throws`) and roll back.
import { Actor, type ActorId, actor, handler, init, query, type Result, type u8, type u128 } from '@sprocket/sdk';

/** Events of the coin. */
export interface CoinEvents {
  Transfer: { from: ActorId; to: ActorId; amount: u128 };
  Approval: { owner: ActorId; spender: ActorId; amount: u128 };
}

/** Why a transfer is refused. */
export type CoinError = 'InsufficientBalance' | 'InsufficientAllowance' | 'ZeroAmount';

/** A fungible token: balances, allowances, mint by the owner. */
@actor()
export class Coin extends Actor<CoinEvents> {
  private owner: ActorId = '0x';
  private decimalPlaces: u8 = 0;
  private supply: u128 = 0n;
  private balances = new Map<ActorId, u128>();
  private allowances = new Map<string, u128>();

  @init()
  new(decimals: u8, initial: u128): void {
    this.owner = this.ctx.source;
    this.decimalPlaces = decimals;
    this.supply = initial;
    this.balances.set(this.owner, initial);
  }

  @handler({ throws: true })
  transfer(to: ActorId, amount: u128): Result<boolean, CoinError> {
    return this.move(this.ctx.source, to, amount);
  }

  approve(spender: ActorId, amount: u128): boolean {
    this.allowances.set(`${this.ctx.source}:${spender}`, amount);
    this.emit('Approval', { owner: this.ctx.source, spender, amount });
    return true;
  }

  @handler({ throws: true })
  transferFrom(from: ActorId, to: ActorId, amount: u128): Result<boolean, CoinError> {
    const key = `${from}:${this.ctx.source}`;
    const allowed = this.allowances.get(key) ?? 0n;
    if (allowed < amount) return { err: 'InsufficientAllowance' };
    this.allowances.set(key, allowed - amount); // rolled back if the move fails
    return this.move(from, to, amount);
  }

  /** Only the owner mints; the supply stays within u128 (checked when the segment commits). */
  mint(to: ActorId, amount: u128): u128 {
    if (this.ctx.source !== this.owner) throw new Error('only the owner mints');
    this.supply += amount;
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
    this.emit('Transfer', { from: '0x0000000000000000000000000000000000000000000000000000000000000000', to, amount });
    return this.supply;
  }

  @query()
  balanceOf(who: ActorId): u128 {
    return this.balances.get(who) ?? 0n;
  }

  @query()
  allowance(owner: ActorId, spender: ActorId): u128 {
    return this.allowances.get(`${owner}:${spender}`) ?? 0n;
  }

  @query()
  totalSupply(): u128 {
    return this.supply;
  }

  @query()
  decimals(): u8 {
    return this.decimalPlaces;
  }

  private move(from: ActorId, to: ActorId, amount: u128): Result<boolean, CoinError> {
    if (amount === 0n) return { err: 'ZeroAmount' };
    const have = this.balances.get(from) ?? 0n;
    if (have < amount) return { err: 'InsufficientBalance' };
    this.balances.set(from, have - amount);
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
    this.emit('Transfer', { from, to, amount });
    return { ok: true };
  }
}
