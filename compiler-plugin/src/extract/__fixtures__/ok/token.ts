import { Actor, type ActorId, actor, init, query, type Result, type u8, type u128 } from '@sprocket/sdk';

export interface TransferArgs {
  to: ActorId;
  amount: u128;
}

export type TokenError = 'InsufficientBalance' | 'Unauthorized';

interface TokenEvents {
  Transferred: { from: ActorId; to: ActorId; amount: u128 };
  Minted: TransferArgs;
}

@actor()
export class Token extends Actor<TokenEvents> {
  private balances = new Map<ActorId, u128>();
  private decimals_: u8 = 18;

  @init() new(name: string, decimals: u8) {}

  transfer(args: TransferArgs): Result<boolean, TokenError> {
    return { ok: true };
  }

  mint(to: ActorId, amount: u128): void {}

  @query() balanceOf(owner: ActorId): u128 {
    return this.balances.get(owner) ?? 0n;
  }

  @query() balances(): Map<ActorId, u128> {
    return this.balances;
  }
}
