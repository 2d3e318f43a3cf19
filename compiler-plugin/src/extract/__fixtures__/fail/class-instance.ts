import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

class Wallet {
  balance: u32 = 0;
  deposit(n: u32): void {
    this.balance += n;
  }
}

@actor()
export class Calc extends Actor {
  pay(wallet: Wallet): void {}
}
