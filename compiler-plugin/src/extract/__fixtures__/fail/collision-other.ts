import type { u8 } from '@sprocket/sdk';

export interface Point {
  x: u8;
}
