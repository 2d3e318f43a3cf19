import { Actor, type ActorId, actor, handler, type u32 } from '@sprocket/sdk';

let hits = 0;
const seen = new Set<ActorId>();
const log: { items: u32[] } = { items: [] };
const cache = new Map<string, u32>();
const { limit } = { limit: 10 };

@actor()
export class Tally extends Actor {
  private total: u32 = 0;
  private stamp = hits++;

  constructor() {
    super();
    cache.set('deployed', 1);
  }

  @handler() add(n: u32): u32 {
    hits += n;
    seen.add(this.ctx.source);
    log.items.push(n);
    delete log.items[0];
    [1, 2].forEach((v) => {
      hits = v;
    });
    return hits;
  }

  @handler() quiet(n: u32): u32 {
    let hits = n;
    hits++;
    const local = new Map<string, u32>();
    local.set('a', n);
    this.total += cache.get('deployed') ?? limit;
    return hits + seen.size + log.items.length + this.stamp;
  }

  static count = hits++;
}
