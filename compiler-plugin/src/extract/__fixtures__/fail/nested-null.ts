import { Actor, actor, type u8 } from '@sprocket/sdk';

interface Slot<T> { value: T | null }

@actor()
export class Calc extends Actor {
  set(slot: Slot<u8 | null>): void {}
}
