import { Actor, actor, handler, type u32 } from '@sprocket/sdk';

@actor()
export class Calc extends Actor {
  'add-one'(value: u32): u32 {
    return value;
  }
  ÜberAdd(value: u32): u32 {
    return value;
  }
  @handler({ route: 'Renamed' }) 'ok-with-route'(value: u32): u32 {
    return value;
  }
}
