import { Actor, type ActorId, actor, type Result, type u32 } from '@sprocket/sdk';
import { PeerClient } from './unawaited-peer.js';

@actor()
export class Calc extends Actor {
  private peer: ActorId = '0x';

  // Dropped: each of these handlers loses the promise of a call made inside a callback.
  async each(items: u32[]): Promise<void> {
    items.forEach((x) => {
      PeerClient.at(this.ctx, this.peer).checked(x);
    });
    items.forEach((x) => PeerClient.at(this.ctx, this.peer).checked(x));
    items.forEach(function (this: Calc, x: u32) {
      return this.ctx.sleep(x);
    }, this);
    new Set(items).forEach((x) => this.ctx.sleep(x));
  }

  async mapped(items: u32[]): Promise<void> {
    [1, 2].map(async (i) => PeerClient.at(this.ctx, this.peer).checked(i));
    items.map((x) => PeerClient.at(this.ctx, this.peer).checked(x));
    await items.map((x) => PeerClient.at(this.ctx, this.peer).checked(x));
    items.forEach(async (x) => {
      await PeerClient.at(this.ctx, this.peer).checked(x);
    });
  }

  async kept(items: u32[]): Promise<u32> {
    return items.filter((x) => PeerClient.at(this.ctx, this.peer).checked(x)).length;
  }

  async counted(items: u32[]): Promise<u32> {
    const ps = items.map(async (x) => PeerClient.at(this.ctx, this.peer).checked(x));
    return ps.length;
  }

  // Not dropped: awaited together, awaited one by one, fire-and-forget, dropped on purpose, or no promise at all.
  async together(items: u32[]): Promise<u32> {
    const replies = await Promise.all(items.map((x) => PeerClient.at(this.ctx, this.peer).checked(x)));
    const ps = items.map((x) => PeerClient.at(this.ctx, this.peer).checked(x));
    await Promise.all(ps);
    await Promise.all(
      items.map(async (x) => {
        await PeerClient.at(this.ctx, this.peer).checked(x);
      }),
    );
    return replies.length;
  }

  relayAll(items: u32[]): Promise<Result<u32, string>[]> {
    return Promise.all(items.map(async (x) => PeerClient.at(this.ctx, this.peer).checked(x)));
  }

  async oneByOne(items: u32[]): Promise<void> {
    for (const x of items) await PeerClient.at(this.ctx, this.peer).checked(x);
    items.forEach((x) => PeerClient.at(this.ctx, this.peer).send.checked(x));
    items.forEach((x) => {
      void PeerClient.at(this.ctx, this.peer).checked(x);
    });
    items.map((x) => x + 1).forEach((x) => PeerClient.at(this.ctx, this.peer).send.checked(x));
    await PeerClient.at(this.ctx, this.peer)
      .checked(1)
      .then(() => PeerClient.at(this.ctx, this.peer).checked(2));
  }
}
