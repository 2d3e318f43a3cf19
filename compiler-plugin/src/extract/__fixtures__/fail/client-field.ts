import { Actor, ActorClient, type ActorId, actor, type u32 } from '@sprocket/sdk';

declare class BankClient extends ActorClient {}
declare class VaultClient extends BankClient {}

@actor()
export class Calc extends Actor {
  private bank: BankClient | null = null;
  private peers: VaultClient[] = [];
  private byName = new Map<string, BankClient>();
  #vault?: VaultClient;
  private home: ActorId = '0x00';
  private static shared: BankClient | undefined;
  private plain: { n: u32 } = { n: 0 };

  count(): u32 {
    return this.peers.length + this.byName.size + (this.#vault === undefined ? 0 : 1) + this.plain.n + (this.bank ? 1 : 0);
  }
}
