import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';
import type { Point as OtherPoint } from './collision-other.js';

interface Point {
  x: u32;
  y: u32;
}

@actor()
export class Calc extends Actor {
  move(from: Point, to: OtherPoint): void {}
}
