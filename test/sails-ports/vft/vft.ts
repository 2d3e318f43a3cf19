// A TypeScript port of the extended VFT fungible token standard (gear-foundation/standards extended-vft): route `Vft`
// extends the VFT base service, as extended_vft.idl declares; the same functions, events, U256 amounts and role
// rules. Failures panic as the Rust program does (a thrown error: the message fails and its changes roll back).
import { Actor, type ActorId, actor, handler, init, query, type u8, type u256 } from '@sprocket/sdk';

/** The largest U256. */
const U256_MAX = (1n << 256n) - 1n;

/** Events of the base service and of `Vft`. */
export interface VftEvents {
  Approval: { owner: ActorId; spender: ActorId; value: u256 };
  Transfer: { from: ActorId; to: ActorId; value: u256 };
  Minted: { to: ActorId; value: u256 };
  Burned: { from: ActorId; value: u256 };
}

@actor({
  name: 'ExtendedVftProgram',
  services: ['Vft'],
  extends: { Vft: ['VftService'] },
  events: { VftService: ['Approval', 'Transfer'] },
})
export class ExtendedVft extends Actor<VftEvents> {
  private tokenName = '';
  private tokenSymbol = '';
  private tokenDecimals: u8 = 0;
  private supply: u256 = 0n;
  private balances = new Map<ActorId, u256>();
  /** `owner:spender` → allowance. */
  private allowances = new Map<string, u256>();
  private adminSet: ActorId[] = [];
  private minterSet: ActorId[] = [];
  private burnerSet: ActorId[] = [];

  @init()
  new(name: string, symbol: string, decimals: u8): void {
    this.tokenName = name;
    this.tokenSymbol = symbol;
    this.tokenDecimals = decimals;
    const admin = this.ctx.source;
    this.adminSet = [admin];
    this.minterSet = [admin];
    this.burnerSet = [admin];
  }

  // ---- VftService (the base)

  @handler({ service: 'VftService' })
  approve(spender: ActorId, value: u256): boolean {
    const owner = this.ctx.source;
    if (owner === spender) return false;
    const key = `${owner}:${spender}`;
    const previous = this.allowances.get(key);
    let mutated: boolean;
    if (value === 0n) {
      mutated = this.allowances.delete(key);
    } else {
      this.allowances.set(key, value);
      mutated = previous !== value;
    }
    if (mutated) this.emit('Approval', { owner, spender, value });
    return mutated;
  }

  @handler({ service: 'VftService' })
  transfer(to: ActorId, value: u256): boolean {
    const from = this.ctx.source;
    const mutated = this.move(from, to, value);
    if (mutated) this.emit('Transfer', { from, to, value });
    return mutated;
  }

  @handler({ service: 'VftService' })
  transferFrom(from: ActorId, to: ActorId, value: u256): boolean {
    const spender = this.ctx.source;
    let mutated: boolean;
    if (spender === from) {
      mutated = this.move(from, to, value);
    } else if (from === to || value === 0n) {
      mutated = false;
    } else {
      const key = `${from}:${spender}`;
      const left = (this.allowances.get(key) ?? 0n) - value;
      if (left < 0n) throw new Error('InsufficientAllowance');
      this.move(from, to, value);
      if (left === 0n) this.allowances.delete(key);
      else this.allowances.set(key, left);
      mutated = true;
    }
    if (mutated) this.emit('Transfer', { from, to, value });
    return mutated;
  }

  @query()
  @handler({ service: 'VftService' })
  allowance(owner: ActorId, spender: ActorId): u256 {
    return this.allowances.get(`${owner}:${spender}`) ?? 0n;
  }

  @query()
  @handler({ service: 'VftService' })
  balanceOf(account: ActorId): u256 {
    return this.balances.get(account) ?? 0n;
  }

  @query()
  @handler({ service: 'VftService' })
  decimals(): u8 {
    return this.tokenDecimals;
  }

  @query()
  @handler({ service: 'VftService' })
  name(): string {
    return this.tokenName;
  }

  @query()
  @handler({ service: 'VftService' })
  symbol(): string {
    return this.tokenSymbol;
  }

  @query()
  @handler({ service: 'VftService' })
  totalSupply(): u256 {
    return this.supply;
  }

  // ---- Vft (route 1)

  mint(to: ActorId, value: u256): boolean {
    if (!this.minterSet.includes(this.ctx.source)) throw new Error('Not allowed to mint');
    if (value === 0n) return false;
    const supply = this.supply + value;
    if (supply > U256_MAX) throw new Error('NumericOverflow');
    this.balances.set(to, (this.balances.get(to) ?? 0n) + value);
    this.supply = supply;
    this.emit('Minted', { to, value });
    return true;
  }

  burn(from: ActorId, value: u256): boolean {
    if (!this.burnerSet.includes(this.ctx.source)) throw new Error('Not allowed to burn');
    if (value === 0n) return false;
    if (value > this.supply) throw new Error('Underflow');
    const left = (this.balances.get(from) ?? 0n) - value;
    if (left < 0n) throw new Error('InsufficientBalance');
    if (left === 0n) this.balances.delete(from);
    else this.balances.set(from, left);
    this.supply -= value;
    this.emit('Burned', { from, value });
    return true;
  }

  grantAdminRole(to: ActorId): void {
    this.adminSet = this.granted(this.adminSet, to);
  }

  grantMinterRole(to: ActorId): void {
    this.minterSet = this.granted(this.minterSet, to);
  }

  grantBurnerRole(to: ActorId): void {
    this.burnerSet = this.granted(this.burnerSet, to);
  }

  revokeAdminRole(from: ActorId): void {
    this.adminSet = this.revoked(this.adminSet, from);
  }

  revokeMinterRole(from: ActorId): void {
    this.minterSet = this.revoked(this.minterSet, from);
  }

  revokeBurnerRole(from: ActorId): void {
    this.burnerSet = this.revoked(this.burnerSet, from);
  }

  @query()
  admins(): ActorId[] {
    return [...this.adminSet];
  }

  @query()
  minters(): ActorId[] {
    return [...this.minterSet];
  }

  @query()
  burners(): ActorId[] {
    return [...this.burnerSet];
  }

  /** Moves value between balances; false when nothing moves, a panic when `from` lacks it. */
  private move(from: ActorId, to: ActorId, value: u256): boolean {
    if (from === to || value === 0n) return false;
    const left = (this.balances.get(from) ?? 0n) - value;
    if (left < 0n) throw new Error('InsufficientBalance');
    const credited = (this.balances.get(to) ?? 0n) + value;
    if (credited > U256_MAX) throw new Error('NumericOverflow');
    if (left === 0n) this.balances.delete(from);
    else this.balances.set(from, left);
    this.balances.set(to, credited);
    return true;
  }

  private granted(set: readonly ActorId[], who: ActorId): ActorId[] {
    if (!this.adminSet.includes(this.ctx.source)) throw new Error('Not admin');
    return set.includes(who) ? [...set] : [...set, who];
  }

  private revoked(set: readonly ActorId[], who: ActorId): ActorId[] {
    if (!this.adminSet.includes(this.ctx.source)) throw new Error('Not admin');
    return set.filter((x) => x !== who);
  }
}
