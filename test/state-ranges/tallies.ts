// Integers in collection fields whose elements may be undefined are listed with their shape (undefined passes there),
// and a segment is checked for what it wrote: a value out of range from before (in a unit test, written on the instance past the check) does not fail the
// segments that leave it alone (test/state-ranges/tallies.test.ts).
import { Actor, actor, query, type u16, type u32 } from '@sprocket/sdk';

/**
 * A running total and its awards, some of them missing: `undefined` is a value of its `(u16 | undefined)[]` and
 * `Map<string, u16 | undefined>`, which the check lets pass there.
 */
@actor()
export class Tallies extends Actor {
  private total: u16 = 0;
  private awards: u16[] = [];
  private missing: (u16 | undefined)[] = [];
  private byName = new Map<string, u16 | undefined>();

  /** Adds `points` to the total (a total past u16 fails the segment at commit). */
  add(points: u32): void {
    this.total += points;
  }

  /** Notes an award (one past u16 fails the segment at commit). */
  award(points: u32): void {
    this.awards.push(points);
  }

  /** Notes an award `name` did not get. */
  skip(name: string): void {
    this.missing.push(undefined);
    this.byName.set(name, undefined);
  }

  /** Replaces the awards and puts them back: the field holds what it held before the segment. */
  keepAwards(): void {
    const kept = this.awards;
    this.awards = [];
    this.awards = kept;
  }

  @query()
  counts(): [u16, u32, u32, u32] {
    return [this.total, this.awards.length, this.missing.length, this.byName.size];
  }
}
