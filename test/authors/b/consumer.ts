import { Actor, type ActorId, actor, init, query, type Result, type u32, type u128 } from '@sprocket/sdk';
import { OracleClient } from './oracle.gen.js';

/** Why a quote failed. */
export type QuoteError = 'NoPrice' | 'ZeroQuantity';

/** Events of the consumer. */
export interface ConsumerEvents {
  Quoted: { asset: string; quantity: u32; total: u128 };
  Missing: { asset: string };
}

/** Asks the oracle for a price and quotes an order. */
@actor()
export class Consumer extends Actor<ConsumerEvents> {
  private oracle: ActorId = '0x';
  private quotes: u32 = 0;

  @init()
  new(oracle: ActorId): void {
    this.oracle = oracle;
  }

  async quote(asset: string, quantity: u32): Promise<Result<u128, QuoteError>> {
    if (quantity === 0) return { err: 'ZeroQuantity' };
    const price = await OracleClient.at(this.ctx, this.oracle).price(asset);
    if (price === null) {
      this.emit('Missing', { asset });
      return { err: 'NoPrice' };
    }
    const total = price * BigInt(quantity);
    this.quotes += 1;
    this.emit('Quoted', { asset, quantity, total });
    return { ok: total };
  }

  @query()
  count(): u32 {
    return this.quotes;
  }
}
