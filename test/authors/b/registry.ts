import { Actor, type ActorId, actor, type CodeId, init, query, type u32 } from '@sprocket/sdk';
import { MemberClient } from './member.gen.js';

/** Events of the registry. */
export interface RegistryEvents {
  Spawned: { name: string; address: ActorId };
  CheckedIn: { name: string; visits: u32 };
}

/** Spawns one member actor per name (the name's index is the salt) and counts the members' check-ins. */
@actor()
export class Registry extends Actor<RegistryEvents> {
  private code: CodeId = '0x';
  private names = new Map<ActorId, string>();
  private byName = new Map<string, ActorId>();
  private visits = new Map<string, u32>();

  @init()
  new(code: CodeId): void {
    this.code = code;
  }

  /** Deploys a member named `name`; the same name twice is refused. */
  async spawn(name: string): Promise<ActorId> {
    if (this.byName.has(name)) throw new Error(`a member named ${name} exists`);
    this.byName.set(name, '0x'); // claim the name before the await
    const salt = new Uint8Array([this.byName.size & 0xff, (this.byName.size >> 8) & 0xff]);
    const member = await MemberClient.deploy(this.ctx, this.code, 'new', [this.ctx.self, name], { salt });
    this.byName.set(name, member.address);
    this.names.set(member.address, name);
    this.emit('Spawned', { name, address: member.address });
    return member.address;
  }

  /** Called back by a member this registry spawned. */
  checkIn(): u32 {
    const name = this.names.get(this.ctx.source);
    if (name === undefined) throw new Error('only a spawned member checks in');
    const visits = (this.visits.get(name) ?? 0) + 1;
    this.visits.set(name, visits);
    this.emit('CheckedIn', { name, visits });
    return visits;
  }

  @query()
  members(): [string, ActorId][] {
    return [...this.byName.entries()];
  }

  @query()
  visitsOf(name: string): u32 {
    return this.visits.get(name) ?? 0;
  }
}
