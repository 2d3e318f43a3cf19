import { Actor, type ActorId, actor, query, type u32 } from '@sprocket/sdk';

type Events = { Seen: u32 };

@actor()
export class Calc extends Actor<Events> {
  private count: u32 = 0;
  private seen = new Map<ActorId, u32>();
  private tags = new Set<string>();
  private log: u32[] = [];
  private last: { at: u32 } = { at: 0 };

  @query() peek(): u32 {
    this.count = 1;
    this.count += 2;
    this.count++;
    --this.last.at;
    delete (this.last as { at?: u32 }).at;
    this.seen.set(this.ctx.source, 1);
    this.seen.delete(this.ctx.source);
    this.tags.clear();
    this.log.push(3);
    this.log[0] = 4;
    this.ctx.transfer(this.ctx.source, 1n);
    this.emit('Seen', 5);
    return this.count;
  }

  @query() async ping(to: ActorId): Promise<u32> {
    await this.ctx.sleep(1);
    this.log.forEach((v) => {
      this.count = v;
    });
    return this.count;
  }

  @query() reads(key: ActorId): u32 {
    let local = this.count;
    local += 1;
    local++;
    const copy = [...this.log];
    copy.push(local);
    const view = { at: 0 };
    view.at = 2;
    const fromMap = this.seen.get(key) ?? 0;
    const has = this.tags.has('x') ? 1 : 0;
    const sorted = this.log.slice().sort();
    const other = function (this: { count: u32 }) {
      this.count = 1;
    };
    void other;
    return fromMap + has + local + (sorted[0] ?? 0) + (copy[0] ?? 0) + view.at + this.log.length;
  }

  add(value: u32): u32 {
    this.count += value;
    this.log.push(value);
    return this.count;
  }
}
