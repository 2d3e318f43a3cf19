// A points ledger whose handlers do no range checks of their own: the runtime's commit check is what keeps its
// collections within their declared integer types (test/state-ranges/points.test.ts).
import { Actor, type ActorId, actor, query, type u16, type u32 } from '@sprocket/sdk';

/** The best single award so far, none before the first. */
type Best = u16 | null;

/** Points per holder, and the most recent awards. */
@actor()
export class Points extends Actor {
  private points = new Map<ActorId, u32>();
  private recent: u16[] = [];
  private best: Best = null;

  /** Adds `points` to `to`'s total (a total past u32 fails the segment at commit). */
  award(to: ActorId, points: u32): void {
    this.points.set(to, (this.points.get(to) ?? 0) + points);
  }

  /** Notes an award in `recent` (one past u16 fails the segment at commit). */
  note(points: u32): void {
    this.recent.push(points);
  }

  /** Keeps `points` as the best award if it beats it (one past u16 fails the segment at commit). */
  keepBest(points: u32): void {
    if (this.best === null || points > this.best) this.best = points;
  }

  @query()
  pointsOf(who: ActorId): u32 {
    return this.points.get(who) ?? 0;
  }

  @query()
  history(): [u16[], Best] {
    return [this.recent, this.best];
  }
}
