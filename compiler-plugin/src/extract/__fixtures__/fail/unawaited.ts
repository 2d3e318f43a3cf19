import { Actor, type ActorId, actor, type Result, type u32 } from '@sprocket/sdk';
import { PeerClient } from './unawaited-peer.js';

@actor()
export class Calc extends Actor {
  private peer: ActorId = '0x';

  async move(amount: u32): Promise<string> {
    const r = PeerClient.at(this.ctx, this.peer).checked(amount);
    if ('err' in r) return 'refused';
    return 'moved';
  }

  notify(amount: u32): void {
    PeerClient.at(this.ctx, this.peer).checked(amount);
  }

  async fine(amount: u32): Promise<u32> {
    const p = PeerClient.at(this.ctx, this.peer).checked(amount);
    const q = PeerClient.at(this.ctx, this.peer).checked(amount + 1);
    const [a, b] = await Promise.all([p, q]);
    PeerClient.at(this.ctx, this.peer).send.checked(amount);
    if ('err' in a || 'err' in b) return 0;
    return a.ok + b.ok;
  }

  relay(amount: u32): Promise<Result<u32, string>> {
    return PeerClient.at(this.ctx, this.peer).checked(amount);
  }

  async pause(): Promise<void> {
    this.ctx.sleep(1);
  }

  tick(): void {
    this.later();
  }

  private async later(): Promise<void> {
    await PeerClient.at(this.ctx, this.peer).checked(1);
  }
}
