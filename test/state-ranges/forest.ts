// A tree of shares and a referral network, whose types refer to themselves, with no range checks of their own: the
// runtime's commit check keeps their integers within their declared types at any depth
// (test/state-ranges/forest.test.ts).
import { Actor, type ActorId, actor, type i32, type i128, query, type u8, type u16, type u32, type u128 } from '@sprocket/sdk';

/** One node of the tree: its share, and the nodes below it. */
export interface ShareNode {
  share: u32;
  children: ShareNode[];
}

/** A member of the referral network: its balance, and who referred it. */
export interface Member {
  balance: u128;
  referrer: Member | null;
}

/** A tree of shares, members that refer to each other, and grades whose second part may be missing. */
@actor()
export class Forest extends Actor {
  private tree: ShareNode = { share: 0, children: [] };
  private members = new Map<ActorId, Member>();
  private grades: Map<ActorId, [u8, u16?]> = new Map();

  /** Adds a child with `share` under the node `path` leads to (indexes of children from the root). */
  grow(path: u32[], share: i32): void {
    let node = this.tree;
    for (const i of path) node = node.children[i]!;
    node.children.push({ share, children: [] });
  }

  /** Sets the share of the node `path` leads to, in place (out of u32 fails at commit). */
  setShare(path: u32[], share: i32): void {
    let node = this.tree;
    for (const i of path) node = node.children[i]!;
    node.share = share;
  }

  /** Adds `who` with `balance`, referred by `referrer` when it is a member. */
  join(who: ActorId, referrer: ActorId, balance: i128): void {
    this.members.set(who, { balance, referrer: this.members.get(referrer) ?? null });
  }

  /** Pays `amount` to the referrer of `who`, in place through the Map (below zero fails at commit). */
  payReferrer(who: ActorId, amount: i128): void {
    this.members.get(who)!.referrer!.balance += amount;
  }

  /** Sets `who`'s grade, with its second part only when `second` is not negative. */
  grade(who: ActorId, first: i32, second: i32): void {
    this.grades.set(who, second < 0 ? [first] : [first, second]);
  }

  @query()
  shareAt(path: u32[]): u32 {
    let node = this.tree;
    for (const i of path) node = node.children[i]!;
    return node.share;
  }

  @query()
  balanceOf(who: ActorId): u128 {
    return this.members.get(who)?.balance ?? 0n;
  }
}
