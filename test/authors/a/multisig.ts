// A multisig wallet holding value: submit, confirm, execute (a paid call to another actor).
import { Actor, type ActorId, actor, handler, init, query, type u8, type u32, type u128 } from '@sprocket/sdk';
import { TargetClient } from './target.gen.js';

/** A proposed payment. */
export interface Proposal {
  to: ActorId;
  amount: u128;
  memo: string;
  confirmations: ActorId[];
  state: ProposalState;
}

/** Where a proposal stands. */
export type ProposalState = 'Pending' | 'Executing' | 'Executed' | 'Failed';

/** Events of the wallet. */
export interface MultisigEvents {
  Submitted: { id: u32; by: ActorId };
  Confirmed: { id: u32; by: ActorId };
  Executed: { id: u32 };
  ExecutionFailed: { id: u32; reason: string };
}

/** An m-of-n wallet. */
@actor()
export class Multisig extends Actor<MultisigEvents> {
  private owners: ActorId[] = [];
  private threshold: u8 = 0;
  private proposals: Proposal[] = [];

  @init()
  new(owners: ActorId[], threshold: u8): void {
    if (threshold === 0 || threshold > owners.length) throw new Error(`threshold ${threshold} outside 1..${owners.length}`);
    this.owners = owners;
    this.threshold = threshold;
  }

  @handler({ payable: true })
  fund(): u128 {
    return this.ctx.balance();
  }

  submit(to: ActorId, amount: u128, memo: string): u32 {
    this.onlyOwner();
    const id = this.proposals.length;
    this.proposals.push({ to, amount, memo, confirmations: [this.ctx.source], state: 'Pending' });
    this.emit('Submitted', { id, by: this.ctx.source });
    return id;
  }

  confirm(id: u32): u8 {
    this.onlyOwner();
    const p = this.pending(id);
    if (p.confirmations.includes(this.ctx.source)) throw new Error(`already confirmed proposal ${id}`);
    p.confirmations.push(this.ctx.source);
    this.emit('Confirmed', { id, by: this.ctx.source });
    return p.confirmations.length;
  }

  /** Pays the target through its `pay` route; when the call fails the proposal is marked Failed and the value comes back. */
  async execute(id: u32): Promise<boolean> {
    this.onlyOwner();
    const p = this.pending(id);
    if (p.confirmations.length < this.threshold) throw new Error(`proposal ${id} has ${p.confirmations.length} of ${this.threshold}`);
    p.state = 'Executing'; // claimed before the await
    try {
      await TargetClient.at(this.ctx, p.to).pay(p.memo, { value: p.amount });
    } catch (error) {
      p.state = 'Failed';
      this.emit('ExecutionFailed', { id, reason: error instanceof Error ? error.message : String(error) });
      return false;
    }
    p.state = 'Executed';
    this.emit('Executed', { id });
    return true;
  }

  @query()
  proposal(id: u32): Proposal | null {
    return this.proposals[id] ?? null;
  }

  private onlyOwner(): void {
    if (!this.owners.includes(this.ctx.source)) throw new Error('not an owner');
  }

  private pending(id: u32): Proposal {
    const p = this.proposals[id];
    if (p === undefined) throw new Error(`no proposal ${id}`);
    if (p.state !== 'Pending') throw new Error(`proposal ${id} is ${p.state}`);
    return p;
  }
}
