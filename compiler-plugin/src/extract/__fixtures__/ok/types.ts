import type { ActorId, u8, u16, u32, u64, u128 } from '@sprocket/sdk';

/** A point on the plane. */
export interface Point {
  x: u32;
  y: u32;
}

export interface Segment {
  readonly from: Point;
  readonly to: Point;
  label: string | null;
}

export type Side = 'Buy' | 'Sell';

export type Balance = u128;

export interface Pair<A, B = u8> {
  first: A;
  second: B;
}

export type Shape =
  | { kind: 'Circle'; value: u32 }
  | { kind: 'Rect'; width: u16; height: u16 }
  | { kind: 'Empty' };

export interface Moved {
  kind: 'Moved';
  by: ActorId;
  to: Point;
}
export interface Stopped {
  kind: 'Stopped';
}
export type Motion = Moved | Stopped;

export type Wrapped<T> = { kind: 'One'; value: T } | { kind: 'None' };

export type Ids = ActorId[];

export interface Order {
  id: u64;
  side: Side;
  price: Balance;
}
