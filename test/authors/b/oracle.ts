import { Actor, type ActorId, actor, init, query, type u128 } from '@sprocket/sdk';

/** Events of the oracle. */
export interface OracleEvents {
  PriceSet: { asset: string; price: u128 };
}

/** A price feed that only its owner updates. */
@actor()
export class Oracle extends Actor<OracleEvents> {
  private owner: ActorId = '0x';
  private prices = new Map<string, u128>();

  @init()
  new(): void {
    this.owner = this.ctx.source;
  }

  setPrice(asset: string, price: u128): void {
    if (this.ctx.source !== this.owner) throw new Error('only the owner sets prices');
    this.prices.set(asset, price);
    this.emit('PriceSet', { asset, price });
  }

  /** The price of `asset`, or null when none was set (a command: other actors call it). */
  price(asset: string): u128 | null {
    return this.prices.get(asset) ?? null;
  }

  @query()
  peek(asset: string): u128 | null {
    return this.prices.get(asset) ?? null;
  }
}
