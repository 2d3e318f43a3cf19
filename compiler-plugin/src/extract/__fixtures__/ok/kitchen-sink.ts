import {
  Actor,
  actor,
  type bytes,
  type CodeId,
  type Compact,
  type FixedArray,
  type FixedBytes,
  handler,
  type H256,
  type i8,
  type i16,
  type i32,
  type i64,
  type i128,
  init,
  type MessageId,
  query,
  type Result,
  type u8,
  type u16,
  type u32,
  type u64,
  type u128,
  type u256,
} from '@sprocket/sdk';
import * as sdk from '@sprocket/sdk';
import type { Balance, Ids, Motion, Order, Pair, Point, Segment, Shape, Side, Wrapped } from './types.js';

/** Events of the kitchen sink. */
interface SinkEvents {
  /** Something was stored. */
  Stored: { key: string; at: Point };
  Moved: Point;
  Reset: void;
  Cleared: null;
  Amount: Balance;
  Flags: [boolean, u8];
}

/** Every wire type in one actor. */
@actor({ name: 'Sink', exclusive: true })
export class KitchenSink extends Actor<SinkEvents> {
  private store = new Map<string, Point>();

  @init() create(owner: sdk.ActorId, code: CodeId) {}
  @init() @handler({ route: 'WithSeed' }) seeded(seed: FixedBytes<32>): void {}

  /** Stores a point. */
  store_point(key: string, p: Point): Segment {
    return { from: p, to: p, label: null };
  }

  @handler({ route: 'Ints', payable: true })
  ints(a: u8, b: u16, c: u32, d: u64, e: u128, f: u256, g: i8, h: i16, i: i32, j: i64, k: i128): boolean {
    return true;
  }

  ids(m: MessageId, h: H256, list: Ids): readonly sdk.ActorId[] {
    return list;
  }

  blobs(b: bytes, raw: Uint8Array, fixed: FixedArray<u16, 4>, compact: Compact<u64>): Array<Compact<u32>> {
    return [];
  }

  collections(m: Map<sdk.ActorId, u128>, r: ReadonlyMap<string, Point[]>, t: [u8, string, [boolean]]): ReadonlyArray<[u32, u32]> {
    return [];
  }

  options(a: u32 | null, b: Point | null, c: (string | null)[]): Result<u32, string> {
    return { ok: 1 };
  }

  enums(side: Side, shape: Shape, motion: Motion, w: Wrapped<Point>): Wrapped<u64> {
    return { kind: 'None' };
  }

  generics(p: Pair<u32, string>, q: Pair<Balance>, nested: Pair<Pair<u8, u8>, Side>): Pair<u16> {
    return q as never;
  }

  inline(args: { a: u32; b: { c: string } }, mode: 'Fast' | 'Slow'): { ok: boolean } {
    return { ok: true };
  }

  order(o: Order): Result<Order, 'NotFound' | 'Closed'> {
    return { ok: o };
  }

  @query() async peek(): Promise<Point | null> {
    return null;
  }

  @query() inferredBool() {
    return this.store.size > 0;
  }

  inferredVoid() {}

  inferredString() {
    return 'x';
  }

  private helper(n: number): number {
    return n;
  }
  protected other(x: number) {}
  _internal(x: number) {}
  #secret(x: number) {}
  static make(x: number) {}
  // A public accessor is no route either, and gets warning SPK1033 (ignored-members.test.ts).
  private get size() {
    return this.store.size;
  }
  constructor() {
    super();
  }
}
