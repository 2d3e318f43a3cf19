// An actor for the event replay tests on a node: one call publishes many large events.
import { Actor, actor, type u32 } from '@sprocket/sdk';

/** The one event of the crier. */
export interface NodeCrierEvents {
  Said: string;
}

@actor()
export class NodeCrier extends Actor<NodeCrierEvents> {
  said: u32 = 0;

  /** Publishes `times` events of `size` characters each. */
  shout(times: u32, size: u32): u32 {
    const text = 'x'.repeat(size);
    for (let i = 0; i < times; i++) this.emit('Said', text);
    this.said += times;
    return this.said;
  }
}
