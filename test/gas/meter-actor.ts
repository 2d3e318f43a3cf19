// An actor for the gas tests on a node: it spins, loops in its constructor, and calls library code from
// node_modules (@noble/hashes), so the tests can see that every part of an uploaded bundle is metered.
import { blake2b } from '@noble/hashes/blake2b';
import { Actor, actor, init, query, type u32 } from '@sprocket/sdk';

@actor()
export class Meter extends Actor {
  count: u32 = 0;

  @init()
  new(start: u32): void {
    this.count = start;
  }

  @init()
  spinning(): void {
    for (;;) {}
  }

  bump(): u32 {
    this.count += 1;
    return this.count;
  }

  spin(): u32 {
    this.count += 100;
    for (;;) {}
  }

  /** Hashes `len` zero bytes with a library from node_modules; returns the digest's first byte. */
  hash(len: u32): u32 {
    return blake2b(new Uint8Array(len))[0] ?? 0;
  }

  @query()
  value(): u32 {
    return this.count;
  }
}
