import { Actor, type ActorId, actor, handler, init, query, type u32, type u128 } from '@sprocket/sdk';
import { AuctionClient } from './auction.gen.js';

/** The auction's public state. */
export interface AuctionInfo {
  item: string;
  seller: ActorId;
  topBidder: ActorId | null;
  topBid: u128;
  endsAt: u32;
  open: boolean;
}

/** Events of the auction. */
export interface AuctionEvents {
  Bid: { bidder: ActorId; amount: u128 };
  Closed: { winner: ActorId | null; amount: u128 };
}

/** An English auction that closes itself with a delayed message. */
@actor()
export class Auction extends Actor<AuctionEvents> {
  private info: AuctionInfo = { item: '', seller: '0x', topBidder: null, topBid: 0n, endsAt: 0, open: false };

  @init()
  new(item: string, durationBlocks: u32): void {
    this.info = { item, seller: this.ctx.source, topBidder: null, topBid: 0n, endsAt: this.ctx.blockHeight + durationBlocks, open: true };
    // The closing message is queued now and delivered `durationBlocks` blocks later.
    AuctionClient.at(this.ctx, this.ctx.self).send.close({ delay: durationBlocks });
  }

  /** Bids the value sent with the message; the previous top bidder is refunded. */
  @handler({ payable: true })
  bid(): u128 {
    if (!this.info.open) throw new Error('the auction is closed');
    const amount = this.ctx.value;
    if (amount <= this.info.topBid) throw new Error(`bid ${amount} does not beat ${this.info.topBid}`);
    if (this.info.topBidder !== null) this.ctx.transfer(this.info.topBidder, this.info.topBid);
    this.info.topBidder = this.ctx.source;
    this.info.topBid = amount;
    this.emit('Bid', { bidder: this.ctx.source, amount });
    return amount;
  }

  /** Closes the auction and pays the seller; only the auction's own delayed message may call it. */
  close(): boolean {
    if (this.ctx.source !== this.ctx.self) throw new Error('only the auction closes itself');
    if (!this.info.open) return false;
    this.info.open = false;
    if (this.info.topBidder !== null) this.ctx.transfer(this.info.seller, this.info.topBid);
    this.emit('Closed', { winner: this.info.topBidder, amount: this.info.topBid });
    return true;
  }

  @query()
  state(): AuctionInfo {
    return this.info;
  }
}
