import { Actor, type ActorId, actor, init, query, type Result, type u128 } from '@sprocket/sdk';
import { TokenClient } from '../token/token.gen.js';

/** Why the token refused to move the escrowed tokens (the token's own error). */
export type EscrowError = 'InsufficientBalance' | 'InsufficientAllowance' | 'ZeroAmount';

/** Where a deal stands. */
export type EscrowState = 'AwaitingDeposit' | 'Funded' | 'Released' | 'Refunded';

/** The terms of a deal between a buyer and a seller, paid in a token. */
export interface Deal {
  token: ActorId;
  buyer: ActorId;
  seller: ActorId;
  price: u128;
}

/** Events of the escrow. */
export interface EscrowEvents {
  Deposited: u128;
  Released: ActorId;
  Refunded: ActorId;
}

/** Holds a buyer's tokens until the buyer confirms delivery (or the seller refunds): calls across actors. */
@actor()
export class Escrow extends Actor<EscrowEvents> {
  private deal: Deal = { token: '0x', buyer: '0x', seller: '0x', price: 0n };
  private state: EscrowState = 'AwaitingDeposit';

  @init()
  new(deal: Deal): void {
    this.deal = deal;
  }

  /** The buyer deposits the price; the buyer must have approved this escrow on the token. */
  async deposit(): Promise<Result<EscrowState, EscrowError>> {
    this.require(this.ctx.source === this.deal.buyer, 'only the buyer deposits');
    this.require(this.state === 'AwaitingDeposit', `cannot deposit in state ${this.state}`);
    // Claim the state before awaiting: other messages may run while the token answers.
    this.state = 'Funded';
    const token = TokenClient.at(this.ctx, this.deal.token);
    const result = await token.transferFrom(this.deal.buyer, this.ctx.self, this.deal.price);
    if ('err' in result) {
      // Returned, not thrown: the claim above was committed when the handler awaited the token (Gear keeps
      // earlier segments), so only a segment that commits can put the state back. A throw here would roll
      // back this reset and leave the escrow stuck in `Funded`.
      this.state = 'AwaitingDeposit';
      return { err: result.err };
    }
    this.emit('Deposited', this.deal.price);
    return { ok: this.state };
  }

  /** The buyer confirms delivery: the seller is paid. */
  async confirm(): Promise<Result<EscrowState, EscrowError>> {
    this.require(this.ctx.source === this.deal.buyer, 'only the buyer confirms');
    return this.payOut(this.deal.seller, 'Released');
  }

  /** The seller gives up the deal: the buyer gets the tokens back. */
  async refund(): Promise<Result<EscrowState, EscrowError>> {
    this.require(this.ctx.source === this.deal.seller, 'only the seller refunds');
    return this.payOut(this.deal.buyer, 'Refunded');
  }

  @query()
  status(): EscrowState {
    return this.state;
  }

  private async payOut(to: ActorId, next: 'Released' | 'Refunded'): Promise<Result<EscrowState, EscrowError>> {
    this.require(this.state === 'Funded', `cannot pay out in state ${this.state}`);
    // Claimed before the await, as in `deposit`: a second confirm or refund meanwhile is refused.
    this.state = next;
    const result = await TokenClient.at(this.ctx, this.deal.token).transfer(to, this.deal.price);
    if ('err' in result) {
      this.state = 'Funded';
      return { err: result.err };
    }
    this.emit(next, to);
    return { ok: this.state };
  }

  private require(condition: boolean, message: string): void {
    if (!condition) throw new Error(message);
  }
}
