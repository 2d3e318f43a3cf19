import { Actor, type ActorId, actor, init, query, type u32 } from '@sprocket/sdk';
import { RegistryClient } from './registry.gen.js';

/** A child of the registry: knows its parent and reports to it. */
@actor()
export class Member extends Actor {
  private parent: ActorId = '0x';
  private name: string = '';

  @init()
  new(parent: ActorId, name: string): void {
    this.parent = parent;
    this.name = name;
  }

  /** Checks in with the parent; returns how many times this member has. */
  async ping(): Promise<u32> {
    return await RegistryClient.at(this.ctx, this.parent).checkIn();
  }

  @query()
  whoami(): [string, ActorId] {
    return [this.name, this.parent];
  }
}
