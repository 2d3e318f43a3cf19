import { type ActorId, CallError } from '@sprocket/sdk';
import type { Accounts } from './accounts.js';
import type { ActorRecord } from './actor-record.js';
import type { Code } from './code.js';
import { RuntimeError } from './errors.js';
import type { UserAccount } from './records.js';
import { checkValue, U128_MAX } from './values.js';

/**
 * Value: every u128 balance and the value in flight. The total supply
 * (balances plus escrow) changes only by `mint`.
 */
export class Ledger {
  /** Balances of addresses that are neither actors nor users. */
  readonly others = new Map<ActorId, bigint>();
  /** Value in flight (sent, not yet credited or refunded). */
  escrow = 0n;

  constructor(private readonly accounts: Accounts) {}

  /** The u128 balance of any address (0 if unknown). */
  balanceOf(address: ActorId): bigint {
    const a = this.accounts;
    return a.actors.get(address)?.balance ?? a.users.get(address)?.balance ?? this.others.get(address) ?? 0n;
  }

  /** Creates (or returns) a user by name; `balance` is minted on creation. */
  user(name: string, balance: bigint | undefined): UserAccount {
    checkUserName(name, 'user name');
    let user = this.accounts.usersByName.get(name);
    if (user === undefined) {
      // Checked before the user exists: a refused balance creates no user, so a call with a good one is not ignored.
      if (balance !== undefined) this.checkMint(balance, name);
      user = this.accounts.addUser(name);
      user.balance = this.adopt(user.id);
      if (balance !== undefined) this.credit(user.id, balance);
    }
    return user;
  }

  /** Creates an actor record; value sent to its address before it existed becomes its balance. */
  openActor(address: ActorId, code: Code): ActorRecord {
    const record = this.accounts.addActor(address, code);
    record.balance = this.adopt(address);
    return record;
  }

  /** Removes and returns the balance held for an address with no account. */
  private adopt(address: ActorId): bigint {
    const before = this.others.get(address);
    if (before === undefined) return 0n;
    this.others.delete(address);
    this.accounts.touched?.add(address);
    return before;
  }

  /**
   * Creates value out of nothing (tests only): the one way the total supply
   * changes. The total supply stays within u128, so no balance can exceed it:
   * a mint past it is refused with RUNTIME_VALUE_OVERFLOW and changes nothing.
   */
  mint(address: ActorId, amount: bigint): void {
    this.checkMint(amount, address);
    this.credit(address, amount);
  }

  /** Throws unless `amount` is a u128 that fits in the total supply; `to` names the receiver in the error. */
  private checkMint(amount: bigint, to: string): void {
    checkValue(amount, 'mint');
    const supply = this.totalSupply();
    if (amount > U128_MAX - supply) {
      throw new RuntimeError(
        'RUNTIME_VALUE_OVERFLOW',
        `mint of ${amount} to ${to} refused: the total supply ${supply} would exceed u128 (${U128_MAX})`,
      );
    }
  }

  /** Sum of every balance plus value in flight. */
  totalSupply(): bigint {
    let sum = this.escrow;
    for (const a of this.accounts.actors.values()) sum += a.balance;
    for (const u of this.accounts.users.values()) sum += u.balance;
    for (const b of this.others.values()) sum += b;
    return sum;
  }

  /** Moves value from a user into escrow; a too small balance is refused (nothing moves). */
  debit(user: UserAccount, value: bigint, target: ActorId): CallError | undefined {
    if (value === 0n) return undefined;
    if (user.balance < value) {
      const label = this.accounts.label(target);
      return new CallError('VALUE_REJECTED', {
        actor: target,
        label,
        sender: user.name,
        reason: `${user.name} has ${user.balance} and cannot send ${value} to ${label}`,
      });
    }
    user.balance -= value;
    this.escrow += value;
    this.accounts.touched?.add(user.id);
    return undefined;
  }

  /** Adds value to any address's balance. */
  credit(address: ActorId, value: bigint): void {
    if (value === 0n) return;
    this.accounts.touched?.add(address);
    const actor = this.accounts.actors.get(address);
    if (actor !== undefined) {
      actor.balance += value;
      return;
    }
    const user = this.accounts.users.get(address);
    if (user !== undefined) {
      user.balance += value;
      return;
    }
    this.others.set(address, (this.others.get(address) ?? 0n) + value);
  }

  /** Value leaves escrow into an actor (a message's value reaches its handler). */
  release(actor: ActorRecord, value: bigint): void {
    this.escrow -= value;
    actor.balance += value;
    this.accounts.touched?.add(actor.id);
  }

  /** Value leaves escrow back to its sender or on to its receiver. */
  settle(address: ActorId, value: bigint): void {
    this.escrow -= value;
    this.credit(address, value);
  }

  /** Value an actor sent goes into escrow (on commit). */
  hold(actor: ActorRecord, value: bigint): void {
    actor.balance -= value;
    this.escrow += value;
    this.accounts.touched?.add(actor.id);
  }
}

/** Refuses a user name that is not a string or is empty or blank: it would show as a blank sender in the trace. */
export function checkUserName(name: unknown, option: string): void {
  if (typeof name !== 'string' || name.trim() === '')
    throw new RuntimeError(
      'RUNTIME_BAD_OPTION',
      `${option} must be a non-blank string (it names the sender in the trace), got ${typeof name === 'string' ? JSON.stringify(name) : String(name)}`,
    );
}
