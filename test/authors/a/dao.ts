// A DAO vote that closes itself after a deadline in blocks (a delayed self-send) and tallies to an enum.
import { Actor, type ActorId, actor, init, query, type u32, type u64 } from '@sprocket/sdk';
import { DaoVoteClient } from './dao.gen.js';

/** How a vote ended. */
export type Outcome =
  | { kind: 'Open' }
  | { kind: 'Passed'; yes: u64; no: u64 }
  | { kind: 'Rejected'; yes: u64; no: u64 }
  | { kind: 'NoQuorum' };

/** Events of the vote. */
export interface DaoEvents {
  Voted: { who: ActorId; yes: boolean; weight: u64 };
  Closed: Outcome;
}

/** A weighted yes/no vote among members. */
@actor()
export class DaoVote extends Actor<DaoEvents> {
  private weights = new Map<ActorId, u64>();
  private votes = new Map<ActorId, boolean>();
  private quorum: u64 = 0n;
  private deadline: u32 = 0;
  private outcome: Outcome = { kind: 'Open' };

  @init()
  new(members: [ActorId, u64][], quorum: u64, blocks: u32): void {
    for (const [who, weight] of members) this.weights.set(who, weight);
    this.quorum = quorum;
    this.deadline = this.ctx.blockHeight + blocks;
    DaoVoteClient.at(this.ctx, this.ctx.self).send.close({ delay: blocks });
  }

  vote(yes: boolean): u64 {
    if (this.outcome.kind !== 'Open') throw new Error('the vote is closed');
    const weight = this.weights.get(this.ctx.source);
    if (weight === undefined) throw new Error('not a member');
    if (this.votes.has(this.ctx.source)) throw new Error('already voted');
    this.votes.set(this.ctx.source, yes);
    this.emit('Voted', { who: this.ctx.source, yes, weight });
    return weight;
  }

  /** Sent by the vote to itself at the deadline. */
  close(): Outcome {
    if (this.ctx.source !== this.ctx.self) throw new Error('close is internal');
    let yes = 0n;
    let no = 0n;
    for (const [who, v] of this.votes) {
      const w = this.weights.get(who) ?? 0n;
      if (v) yes += w;
      else no += w;
    }
    this.outcome = yes + no < this.quorum ? { kind: 'NoQuorum' } : yes > no ? { kind: 'Passed', yes, no } : { kind: 'Rejected', yes, no };
    this.emit('Closed', this.outcome);
    return this.outcome;
  }

  @query()
  result(): Outcome {
    return this.outcome;
  }

  @query()
  closesAt(): u32 {
    return this.deadline;
  }
}
