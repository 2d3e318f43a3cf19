import { type ActorId, CallError, type CodeId, HEADER_SIZE } from '@sprocket/sdk';
import { ActorRecord } from './actor-record.js';
import { type ActorClass, Code } from './code.js';
import { RuntimeError } from './errors.js';
import { flatId, hashId, IdSequence, userIdOf } from './ids.js';
import { DEFAULT_LIMITS } from './limits.js';
import { type Envelope, INIT } from './message.js';
import type { UserAccount } from './records.js';

/**
 * Who exists: registered code, deployed actors, users and their labels.
 * Owns addresses and names; balances are the ledger's (see ledger.ts).
 */
export class Accounts {
  readonly codes = new Map<CodeId, Code>();
  readonly actors = new Map<ActorId, ActorRecord>();
  readonly users = new Map<ActorId, UserAccount>();
  readonly usersByName = new Map<string, UserAccount>();
  readonly labels = new Map<string, string>();
  readonly labelCounts = new Map<string, number>();
  readonly actorIds: IdSequence;
  /** Exclusive actors in a turn (`busy` set): only they can close a call cycle. */
  busyExclusive = 0;
  /**
   * Addresses whose account may have changed (actor instance, status, balance or deferred messages; user
   * balance or mailbox; a balance held for an unknown address) since a host last drained the set. Undefined
   * unless a host asked for it (`trackChanges`): every change site adds to it, conservatively.
   */
  touched: Set<ActorId> | undefined = undefined;
  /** The journal cap of new actor records (5 × `limits.stateWritesPerSegment`; set by the system). */
  journalCap = 5 * DEFAULT_LIMITS.stateWritesPerSegment;

  constructor(seed: string) {
    this.actorIds = new IdSequence(seed, 'actor');
  }

  /** A readable name: the user's name, `Program` / `Program#n` for actors, else the address. */
  label(address: string): string {
    return this.labels.get(address) ?? address;
  }

  /** Registers an actor class as code (idempotent); returns its deterministic CodeId. */
  registerCode(actorClass: ActorClass): CodeId {
    const code = Code.of(actorClass);
    if (!this.codes.has(code.id)) this.codes.set(code.id, code);
    return code.id;
  }

  /** Registered code by id or program name. */
  findCode(idOrName: string): Code | undefined {
    const byId = this.codes.get(idOrName as CodeId);
    if (byId !== undefined) return byId;
    for (const code of this.codes.values()) if (code.name === idOrName) return code;
    return undefined;
  }

  /** The user sending from `from`; throws RUNTIME_UNKNOWN_ADDRESS for anyone else. */
  requireUser(from: ActorId): UserAccount {
    const user = this.users.get(from);
    if (user === undefined) throw new RuntimeError('RUNTIME_UNKNOWN_ADDRESS', `${from} is not a user of this system`);
    return user;
  }

  /** Adds a user record with a zero balance (the caller checked the name is new). */
  addUser(name: string): UserAccount {
    const id = userIdOf(name);
    const user: UserAccount = { id, name, balance: 0n, mailbox: [] };
    this.users.set(id, user);
    this.usersByName.set(name, user);
    this.labels.set(id, name);
    this.touched?.add(id);
    return user;
  }

  /** The address of a new actor of `code`: the next id, or derived from the salt (a taken salt is refused). */
  newAddress(code: Code, salt: Uint8Array | undefined): ActorId | CallError {
    if (salt === undefined) return flatId(this.actorIds.format(this.actorIds.next()) as ActorId);
    const address = hashId('sprocket:actor', code.id, salt) as ActorId;
    if (this.actors.has(address)) {
      return new CallError('SPAWN_FAILED', {
        actor: address,
        reason: `an actor of ${code.name} with this salt already exists at ${address}`,
      });
    }
    return address;
  }

  /** Adds an actor record with a zero balance and its label. */
  addActor(address: ActorId, code: Code): ActorRecord {
    const n = (this.labelCounts.get(code.name) ?? 0) + 1;
    this.labelCounts.set(code.name, n);
    const label = n === 1 ? code.name : `${code.name}#${n}`;
    const record = new ActorRecord(address, code, label);
    record.journalCap = this.journalCap;
    this.actors.set(address, record);
    this.labels.set(address, label);
    this.touched?.add(address);
    return record;
  }

  /** `Service.Route` of a request, when its destination knows the entry. */
  routeOf(request: Envelope): string | undefined {
    const actor = this.actors.get(request.dest);
    if (actor === undefined) return undefined;
    const payload = request.payload;
    if (request.kind === INIT) return actor.code.ctorRouteOf(payload);
    if (payload.length < HEADER_SIZE) return undefined;
    return actor.code.entryOf(payload)?.route;
  }
}
