import { Actor, type ActorId, actor, type CodeId, init, query, type u32 } from '@sprocket/sdk';
import { CounterClient } from '../counter/counter.gen.js';

/** Events of the factory. */
export interface FactoryEvents {
  Created: { id: u32; address: ActorId };
}

/** Spawns counters from registered code and keeps a directory of them. */
@actor()
export class CounterFactory extends Actor<FactoryEvents> {
  private code: CodeId = '0x';
  private created: ActorId[] = [];

  @init()
  new(code: CodeId): void {
    this.code = code;
  }

  /** Spawns a counter starting at `start`; returns its address. */
  async create(start: u32): Promise<ActorId> {
    const counter = await CounterClient.deploy(this.ctx, this.code, 'new', [start]);
    this.created.push(counter.address);
    this.emit('Created', { id: this.created.length - 1, address: counter.address });
    return counter.address;
  }

  /** Adds `value` to every counter this factory made; returns their new values. */
  async addToAll(value: u32): Promise<u32[]> {
    const results: u32[] = [];
    for (const address of this.created) results.push(await CounterClient.at(this.ctx, address).add(value));
    return results;
  }

  @query()
  counters(): ActorId[] {
    return this.created;
  }
}
