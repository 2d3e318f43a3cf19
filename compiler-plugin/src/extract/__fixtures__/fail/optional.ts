import { Actor, actor, handler, init, query, type u32, type FixedBytes } from '@sprocket/sdk';

interface Config {
  limit?: u32;
  name: string | undefined;
}

@actor()
export class Calc extends Actor {
  configure(config: Config, label?: string): void {}
}
