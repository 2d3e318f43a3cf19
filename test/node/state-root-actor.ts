// An actor for the state-root property test: each handler changes a different part of the state (nested Maps
// and arrays, rollbacks, value to users' mailboxes and to unknown addresses, sleeps across blocks, awaited calls
// to an exclusive peer that defer its other messages, a constructor that can fail).
import { Actor, type ActorId, actor, handler, init, requireGenerated, type u32, type u128 } from '@sprocket/sdk';

function encode(name: string, args: unknown[]): Uint8Array {
  const fn = requireGenerated('RootProbe').services[0]?.functions.find((f) => f.name === name);
  if (fn === undefined) throw new TypeError(`RootProbe has no function ${name}`);
  return fn.encodeCall(args);
}

@actor({ exclusive: true })
export class RootProbe extends Actor {
  entries = new Map<string, u32>();
  log: string[] = [];
  naps: u32 = 0;

  @init()
  new(fail: boolean): void {
    if (fail) throw new Error('asked to fail');
  }

  /** Writes a key (and remembers it in the log). */
  put(key: string, value: u32): u32 {
    this.entries.set(key, value);
    this.log.push(key);
    return this.entries.size;
  }

  /** Deletes a key. */
  drop(key: string): boolean {
    return this.entries.delete(key);
  }

  /** Writes, then fails: everything rolls back. */
  boom(key: string): u32 {
    this.entries.set(key, 1);
    throw new Error(`boom ${key}`);
  }

  /** Keeps the value it is sent. */
  @handler({ payable: true })
  fund(): u32 {
    return 0;
  }

  /** Sends a message with value to an address (a user's mailbox, an actor, or nobody yet). */
  mail(to: ActorId, value: u128): u32 {
    this.ctx.send(to, new Uint8Array([1, 2, 3]), { value });
    return 0;
  }

  /** Sends `count` messages with 1 unit of value each to an address (fills a user's mailbox past what it keeps). */
  mailMany(to: ActorId, count: u32): u32 {
    for (let i = 0; i < count; i++) this.ctx.send(to, new Uint8Array([i & 0xff]), { value: 1n });
    return count;
  }

  /** Transfers value to an address. */
  pay(to: ActorId, value: u128): u32 {
    this.ctx.transfer(to, value);
    return 0;
  }

  /** Sleeps across blocks, then writes. */
  async nap(blocks: u32): Promise<u32> {
    await this.ctx.sleep(blocks);
    this.naps += 1;
    return this.naps;
  }

  /** Awaits a write on a peer (an exclusive actor defers what reaches it meanwhile). */
  async ask(peer: ActorId, key: string): Promise<u32> {
    const size = await this.ctx.call(peer, encode('Put', [key, 7]));
    this.log.push(`asked ${key}`);
    return size.length;
  }
}
