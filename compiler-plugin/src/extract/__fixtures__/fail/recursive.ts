import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

interface Tree {
  value: u32;
  children: Tree[];
}

@actor()
export class Calc extends Actor {
  plant(tree: Tree): void {}
}
