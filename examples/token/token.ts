import { Actor, type ActorId, actor, init, query, type Result, type u8, type u128 } from '@sprocket/sdk';

/** Token metadata fixed at deploy time. */
export interface TokenMeta {
  name: string;
  symbol: string;
  decimals: u8;
}

/** Why a transfer was refused. */
export type TransferError = 'InsufficientBalance' | 'InsufficientAllowance' | 'ZeroAmount';

/** Events of the fungible token. */
export interface TokenEvents {
  Transferred: { from: ActorId; to: ActorId; amount: u128 };
  Approved: { owner: ActorId; spender: ActorId; amount: u128 };
}

/** A fungible token in the style of ERC-20 / Gear's VFT. */
@actor()
export class Token extends Actor<TokenEvents> {
  private meta: TokenMeta = { name: '', symbol: '', decimals: 0 };
  private supply: u128 = 0n;
  private balances = new Map<ActorId, u128>();
  private allowances = new Map<ActorId, Map<ActorId, u128>>();

  @init()
  new(meta: TokenMeta, initialSupply: u128): void {
    this.meta = meta;
    this.supply = initialSupply;
    this.balances.set(this.ctx.source, initialSupply);
  }

  transfer(to: ActorId, amount: u128): Result<boolean, TransferError> {
    return this.move(this.ctx.source, to, amount);
  }

  approve(spender: ActorId, amount: u128): boolean {
    const owner = this.ctx.source;
    let granted = this.allowances.get(owner);
    if (granted === undefined) {
      granted = new Map();
      this.allowances.set(owner, granted);
    }
    granted.set(spender, amount);
    this.emit('Approved', { owner, spender, amount });
    return true;
  }

  transferFrom(from: ActorId, to: ActorId, amount: u128): Result<boolean, TransferError> {
    const spender = this.ctx.source;
    const allowed = this.allowances.get(from)?.get(spender) ?? 0n;
    if (allowed < amount) return { err: 'InsufficientAllowance' };
    const moved = this.move(from, to, amount);
    if ('ok' in moved) this.allowances.get(from)?.set(spender, allowed - amount);
    return moved;
  }

  @query()
  balanceOf(owner: ActorId): u128 {
    return this.balances.get(owner) ?? 0n;
  }

  @query()
  totalSupply(): u128 {
    return this.supply;
  }

  @query()
  metadata(): TokenMeta {
    return this.meta;
  }

  private move(from: ActorId, to: ActorId, amount: u128): Result<boolean, TransferError> {
    if (amount === 0n) return { err: 'ZeroAmount' };
    const held = this.balances.get(from) ?? 0n;
    if (held < amount) return { err: 'InsufficientBalance' };
    this.balances.set(from, held - amount);
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
    this.emit('Transferred', { from, to, amount });
    return { ok: true };
  }
}
