// What a host that drives a system from outside (the node) needs beyond the test kit: users at given
// addresses, code under a given id, user transfers, read-only dry runs that leave no trace, and a
// deterministic image of the whole state for hashing. Kept apart from system.ts: it reads the system's internals.
import { type ActorId, CallError } from '@sprocket/sdk';
import type { ActorStatus } from './actor-record.js';
import type { Code } from './code.js';
import { RuntimeError } from './errors.js';
import type { Envelope } from './message.js';
import type { ActorSystem, MailboxMessage, UserAccount } from './system.js';

const U128_MAX = (1n << 128n) - 1n;

/** Registers code under its own id (idempotent); the code's id may be explicit (e.g. the hash of uploaded bytes). */
export function installCode(system: ActorSystem, code: Code): void {
  const codes = system.internals.codes;
  if (!codes.has(code.id)) codes.set(code.id, code);
}

/**
 * Starts recording which addresses' accounts change (actor instance, status, balance, deferred messages; user
 * balance or mailbox; balances held for unknown addresses) and returns the live set: the runtime adds to it at every
 * change site, the host reads and clears it (e.g. once per block). Conservative: an address may be in it unchanged.
 * Replacing the whole state (restoring a snapshot or a checkpoint image) is not recorded: the host starts over then.
 */
export function trackChanges(system: ActorSystem): Set<ActorId> {
  const changes = system.internals.changes;
  changes.touched ??= new Set();
  return changes.touched;
}

/** The user at `address`, created (keeping value already sent there) when it is new. */
export function ensureUser(system: ActorSystem, address: ActorId, name: string): UserAccount {
  const s = system.internals;
  const known = s.users.get(address);
  if (known !== undefined) return known;
  if (s.actors.has(address)) throw new RuntimeError('RUNTIME_UNKNOWN_ADDRESS', `${address} is an actor, not a user`);
  const user: UserAccount = { id: address, name, balance: s.others.get(address) ?? 0n, mailbox: [] };
  s.others.delete(address);
  s.users.set(address, user);
  s.changes.touched?.add(address);
  if (!s.usersByName.has(name)) s.usersByName.set(name, user);
  if (!s.labels.has(address)) s.labels.set(address, name);
  return user;
}

/** Moves value from a user to any address; a CallError (VALUE_REJECTED) when the balance does not cover it. */
export function userTransfer(system: ActorSystem, from: ActorId, to: ActorId, value: bigint): void {
  const s = system.internals;
  const user = s.users.get(from);
  if (user === undefined) throw new RuntimeError('RUNTIME_UNKNOWN_ADDRESS', `${from} is not a user of this system`);
  if (value < 0n || value > U128_MAX) throw new RuntimeError('RUNTIME_BAD_OPTION', `transfer: value must be a u128, got ${value}`);
  if (user.balance < value) {
    const label = s.labels.get(to) ?? to;
    const reason = `${user.name} has ${user.balance} and cannot transfer ${value} to ${label}`;
    throw new CallError('VALUE_REJECTED', { actor: to, label, sender: user.name, reason });
  }
  user.balance -= value;
  s.changes.touched?.add(from);
  s.changes.touched?.add(to);
  const actor = s.actors.get(to);
  if (actor !== undefined) actor.balance += value;
  else {
    const target = s.users.get(to);
    if (target !== undefined) target.balance += value;
    else s.others.set(to, (s.others.get(to) ?? 0n) + value);
  }
}

/**
 * Runs a query as `from` on the current state and puts back everything the run touched (message counter,
 * block fill, reply and gas records, trace: its records and the older ones they pushed out of the window), so a dry
 * run leaves the state exactly as it found it. The system must be quiet (between blocks); one dry run at a time.
 */
export async function dryRunQuery(system: ActorSystem, from: ActorId, to: ActorId, payload: Uint8Array): Promise<Uint8Array> {
  const s = system.internals;
  if (s.actors.get(to)?.busy !== undefined) {
    throw new RuntimeError('RUNTIME_BUSY', `${system.label(to)} takes exclusive turns and is busy: query it after its handler ends`);
  }
  const counter = s.messageIds.counter;
  const blockCount = s.blockCount;
  s.traceLog.mark();
  const created = !s.users.has(from);
  const touchedBefore = s.changes.touched?.has(from) ?? true;
  // Value held for `from` while it is nobody's moves into the temporary user: it goes back afterwards.
  const loose = s.others.get(from);
  if (created) ensureUser(system, from, `query ${from.slice(0, 10)}`);
  try {
    return await system.userCall(from, to, payload, { timeout: 0 }, true);
  } finally {
    for (let seq = counter + 1; seq <= s.messageIds.counter; seq++) {
      s.replyLog.delete(seq);
      s.gasLog.delete(seq);
    }
    s.messageIds.counter = counter;
    s.blockCount = blockCount;
    s.traceLog.rewind();
    if (created) {
      const user = s.users.get(from);
      s.users.delete(from);
      // The temporary user is gone and its value back where it was: nothing changed at `from`, and a host that
      // answers queries between blocks would otherwise collect every asker's address until the next block.
      if (!touchedBefore) s.changes.touched?.delete(from);
      if (user !== undefined && s.usersByName.get(user.name) === user) s.usersByName.delete(user.name);
      s.labels.delete(from);
      if (loose !== undefined) s.others.set(from, loose);
    }
  }
}

/** One message in the image: what it is, not the objects that carry it. */
export interface MessageImage {
  readonly seq: number;
  readonly kind: number;
  readonly source: ActorId;
  readonly dest: ActorId;
  readonly payload: Uint8Array;
  readonly value: bigint;
  readonly replyTo: number;
  readonly error: string;
}

/** The state of a system as plain data in a deterministic order, for a canonical encoding and a state root. */
export interface StateImage {
  readonly blockHeight: number;
  readonly blockCount: number;
  readonly messageCounter: number;
  readonly actorCounter: number;
  readonly escrow: bigint;
  readonly codes: readonly string[];
  readonly actors: readonly {
    readonly id: ActorId;
    readonly codeId: string;
    readonly label: string;
    readonly status: ActorStatus;
    readonly balance: bigint;
    readonly instance: object | undefined;
    readonly deferred: readonly number[];
  }[];
  readonly users: readonly { readonly id: ActorId; readonly balance: bigint; readonly mailbox: readonly MailboxMessage[] }[];
  readonly others: readonly (readonly [ActorId, bigint])[];
  readonly queue: readonly MessageImage[];
  readonly schedule: readonly { readonly height: number; readonly items: readonly MessageImage[]; readonly timeouts: readonly number[] }[];
}

function messageImage(env: Envelope): MessageImage {
  return {
    seq: env.seq,
    kind: env.kind,
    source: env.source,
    dest: env.dest,
    payload: env.payload,
    value: env.value,
    replyTo: env.replyTo?.seq ?? 0,
    error: env.error === undefined ? '' : `${env.error.code}:${env.error.reason}`,
  };
}

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The state image of a system (actors' instances are the live objects: encode them, do not keep them). */
export function stateImage(system: ActorSystem): StateImage {
  const s = system.internals;
  return {
    blockHeight: system.blockHeight,
    blockCount: s.blockCount,
    messageCounter: s.messageIds.counter,
    actorCounter: s.actorIds.counter,
    escrow: s.escrow,
    codes: [...s.codes.keys()].sort(),
    actors: [...s.actors.values()]
      .map((a) => ({
        id: a.id,
        codeId: a.code.id,
        label: a.label,
        status: a.status,
        balance: a.balance,
        instance: a.instance,
        deferred: (a.deferred ?? []).map((e) => e.seq),
      }))
      .sort(byId),
    users: [...s.users.values()].map((u) => ({ id: u.id, balance: u.balance, mailbox: u.mailbox })).sort(byId),
    others: [...s.others].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    ...pendingImage(system),
  };
}

/** The queued and scheduled messages of a system (the part of its state image that is not per address). */
export function pendingImage(system: ActorSystem): Pick<StateImage, 'queue' | 'schedule'> {
  const s = system.internals;
  return {
    queue: s.queue.size === 0 ? [] : s.queue.toArray().map(messageImage),
    // A height with nothing left due (its deadlines were met) is no state: a restore or a dry run may or may not keep it.
    schedule: s.schedule
      .entries()
      .filter(([, b]) => b.items.length > 0 || b.timeouts.length > 0)
      .map(([height, b]) => ({
        height,
        items: b.items.map(messageImage),
        timeouts: b.timeouts.map((w) => w.request.seq),
      })),
  };
}
