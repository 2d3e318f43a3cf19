import { Actor, type ActorId, actor, handler, init, query, type Result, type u32, type u128 } from '@sprocket/sdk';
import { DeadlineEscrowClient } from './deadline-escrow.gen.js';

/** Where the escrow stands. */
export type EscrowPhase = 'Open' | 'Released' | 'Refunded';

/** Why a release was refused. */
export type ReleaseError = 'NotArbiter' | 'NotOpen' | 'Empty';

/** Events of the escrow. */
export interface DeadlineEscrowEvents {
  Deposited: { from: ActorId; amount: u128; refundAt: u32 };
  Released: { to: ActorId; amount: u128 };
  Refunded: { to: ActorId; amount: u128 };
}

/** Holds the buyer's value until the arbiter releases it to the seller, or refunds it after a deadline. */
@actor()
export class DeadlineEscrow extends Actor<DeadlineEscrowEvents> {
  private buyer: ActorId = '0x';
  private seller: ActorId = '0x';
  private arbiter: ActorId = '0x';
  private blocks: u32 = 0;
  private held: u128 = 0n;
  private phase: EscrowPhase = 'Open';
  private refundAt: u32 = 0;

  @init()
  new(seller: ActorId, arbiter: ActorId, blocks: u32): void {
    if (blocks === 0) throw new Error('the deadline must be at least one block away');
    this.buyer = this.ctx.source;
    this.seller = seller;
    this.arbiter = arbiter;
    this.blocks = blocks;
  }

  /** The buyer deposits; the first deposit starts the deadline (a delayed message to itself). */
  @handler({ payable: true })
  deposit(): u128 {
    if (this.ctx.source !== this.buyer) throw new Error('only the buyer deposits');
    if (this.phase !== 'Open') throw new Error('the escrow is closed');
    if (this.ctx.value === 0n) throw new Error('a deposit needs value');
    if (this.held === 0n) {
      this.refundAt = this.ctx.blockHeight + this.blocks;
      DeadlineEscrowClient.at(this.ctx, this.ctx.self).send.expire({ delay: this.blocks });
    }
    this.held += this.ctx.value;
    this.emit('Deposited', { from: this.ctx.source, amount: this.ctx.value, refundAt: this.refundAt });
    return this.held;
  }

  /** The arbiter pays the seller. */
  release(): Result<u128, ReleaseError> {
    if (this.ctx.source !== this.arbiter) return { err: 'NotArbiter' };
    if (this.phase !== 'Open') return { err: 'NotOpen' };
    if (this.held === 0n) return { err: 'Empty' };
    const amount = this.held;
    this.ctx.transfer(this.seller, amount);
    this.held = 0n;
    this.phase = 'Released';
    this.emit('Released', { to: this.seller, amount });
    return { ok: amount };
  }

  /** The deadline: refunds the buyer if the escrow is still open. Only the escrow itself sends it. */
  expire(): boolean {
    if (this.ctx.source !== this.ctx.self) throw new Error('expire is internal');
    if (this.phase !== 'Open' || this.held === 0n) return false;
    const amount = this.held;
    this.ctx.transfer(this.buyer, amount);
    this.held = 0n;
    this.phase = 'Refunded';
    this.emit('Refunded', { to: this.buyer, amount });
    return true;
  }

  @query()
  status(): [EscrowPhase, u128, u32] {
    return [this.phase, this.held, this.refundAt];
  }
}
