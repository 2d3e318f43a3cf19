import type { ActorId, CodeId } from '@sprocket/sdk';
import { ActorRecord, type ActorStatus } from './actor-record.js';
import type { Code } from './code.js';
import { deepClone } from './deep-clone.js';
import { RuntimeError } from './errors.js';
import type { Envelope, Waiter } from './message.js';
import { MessageCloner } from './message-clone.js';
import { registerNestedState } from './nested-ranges.js';
import type { EventRecord, MailboxMessage, ReplyRecord } from './records.js';
import type { ActorSystem } from './system.js';
import type { TraceRecord } from './trace.js';
import type { Window, WindowMap } from './window.js';

interface ActorImage {
  readonly id: ActorId;
  readonly code: Code;
  readonly label: string;
  readonly balance: bigint;
  readonly status: ActorStatus;
  readonly instance: object | undefined;
}

interface UserImage {
  readonly id: ActorId;
  readonly name: string;
  readonly balance: bigint;
  readonly mailbox: MailboxMessage[];
}

/** The whole state of a system at one moment: actors' state, queue, schedule, balances, clock and id counters. */
export interface SystemSnapshot {
  /** Block height at the snapshot. */
  readonly blockHeight: number;
  /** @internal */
  readonly image: {
    readonly codes: [CodeId, Code][];
    readonly actors: ActorImage[];
    readonly users: UserImage[];
    readonly others: [ActorId, bigint][];
    readonly labels: [string, string][];
    readonly labelCounts: [string, number][];
    readonly queue: Envelope[];
    readonly schedule: [number, Envelope[], Waiter[]][];
    readonly messageCounter: number;
    readonly actorCounter: number;
    readonly blockCount: number;
    readonly escrow: bigint;
    readonly events: [ActorId, Window<EventRecord>][];
    readonly replies: WindowMap<ReplyRecord>;
    readonly trace: Window<TraceRecord>;
    /** Gas used per handled message (`gasOf`). */
    readonly gas: WindowMap<number>;
    /** The gas the current block used, `[height, used]`. */
    readonly blockGas: [number, number];
    /** Messages the current block's segments sent, `[height, count]`. */
    readonly blockSent: [number, number];
  };
}

/**
 * The snapshots `takeSnapshot` made, with the system each was taken of: `restoreSnapshot` takes nothing else (a copy
 * or a look-alike would half-restore), and only on that system (another's ids carry another seed's prefix).
 */
const taken = new WeakMap<object, ActorSystem>();

/** Copies the state of an idle system (no handler in flight, no awaited call pending). */
export function takeSnapshot(system: ActorSystem): SystemSnapshot {
  const s = system.internals;
  if (s.busy) throw notQuiet('snapshot()', s.pending);
  const clone = new MessageCloner();
  const snapshot: SystemSnapshot = {
    blockHeight: system.blockHeight,
    image: {
      codes: [...s.codes],
      actors: [...s.actors.values()].map((a) => ({
        id: a.id,
        code: a.code,
        label: a.label,
        balance: a.balance,
        status: a.status,
        instance: deepClone(a.instance),
      })),
      users: [...s.users.values()].map((u) => ({ id: u.id, name: u.name, balance: u.balance, mailbox: [...u.mailbox] })),
      others: [...s.others],
      labels: [...s.labels],
      labelCounts: [...s.labelCounts],
      queue: s.queue.toArray().map((env) => clone.envelope(env)),
      schedule: s.schedule
        .entries()
        .map(([h, b]) => [h, b.items.map((env) => clone.envelope(env)), b.timeouts.map((w) => clone.waiter(w))]),
      messageCounter: s.messageIds.counter,
      actorCounter: s.actorIds.counter,
      blockCount: s.blockCount,
      escrow: s.escrow,
      events: [...s.eventLog].map(([k, v]) => [k, v.copy()]),
      replies: s.replyLog.copy(),
      trace: s.traceLog.copy(),
      gas: s.gasLog.copy(),
      blockGas: s.gasBook.blockState,
      blockSent: s.blockSent,
    },
  };
  taken.set(snapshot, system);
  return snapshot;
}

/**
 * The refusal of a snapshot or restore while the system runs: it says what runs, since a handler suspended at a sleep
 * or a call (after `runBlocks`) keeps it busy as much as a call the test has not awaited.
 */
function notQuiet(what: string, pending: { readonly handlers: number; readonly calls: number }): RuntimeError {
  const parts: string[] = [];
  if (pending.handlers > 0) {
    parts.push(`${pending.handlers} handler${pending.handlers === 1 ? ' is' : 's are'} still running (suspended at an await or a sleep)`);
  }
  if (pending.calls > 0)
    parts.push(`${pending.calls} call${pending.calls === 1 ? '' : 's'} of the test await${pending.calls === 1 ? 's' : ''} a reply`);
  const why = parts.length === 0 ? 'the system is running a block' : parts.join(' and ');
  return new RuntimeError(
    'RUNTIME_BUSY',
    `${what} needs a quiet system, but ${why}: await the pending calls, or sys.runUntilIdle(), first`,
  );
}

/** What a value given to `restore()` is, in words, for the refusal. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 5).join(', ')}`;
}

/** Puts a system back to a snapshot (the snapshot stays usable for further restores). */
export function restoreSnapshot(system: ActorSystem, snapshot: SystemSnapshot): void {
  if (typeof snapshot !== 'object' || snapshot === null || !taken.has(snapshot)) {
    // Checked before anything changes: the system stays as it was.
    throw new RuntimeError(
      'RUNTIME_BAD_SNAPSHOT',
      `restore() takes a snapshot that sys.snapshot() returned (const s = sys.snapshot(); ... sys.restore(s)), not ${describeValue(snapshot)}`,
    );
  }
  if (taken.get(snapshot) !== system) {
    throw new RuntimeError(
      'RUNTIME_BAD_SNAPSHOT',
      'restore() takes a snapshot of this system: that one was taken of another system, whose ids, codes and clock this one does not share (restore it on the system whose snapshot() made it)',
    );
  }
  applySnapshot(system, snapshot);
}

/** Puts a system into the state a snapshot holds, trusting its shape (checkpoint-image.ts builds one from an image). */
export function applySnapshot(system: ActorSystem, snapshot: SystemSnapshot): void {
  const s = system.internals;
  if (s.busy) throw notQuiet('restore()', s.pending);
  const img = snapshot.image;
  s.codes.clear();
  for (const [k, v] of img.codes) s.codes.set(k, v);
  s.actors.clear();
  for (const a of img.actors) {
    const record = new ActorRecord(a.id, a.code, a.label);
    record.journalCap = 5 * system.limits.stateWritesPerSegment;
    record.balance = a.balance;
    record.status = a.status;
    record.instance = deepClone(a.instance);
    if (record.instance !== undefined) {
      record.proxy = s.tracker.wrapActor(record, record.instance, record.code.definition.fields);
      // In-place writes to nested state find their shape by object (nested-ranges.ts): the copies are new objects.
      if (record.code.nestedFields.length > 0) registerNestedState(record.instance, record.code.nestedFields);
    }
    s.actors.set(a.id, record);
  }
  const keep = new Set(img.users.map((u) => u.id));
  for (const [id, user] of [...s.users]) {
    if (!keep.has(id)) {
      s.users.delete(id);
      s.usersByName.delete(user.name);
    }
  }
  for (const u of img.users) {
    let account = s.users.get(u.id);
    if (account === undefined) {
      account = { id: u.id, name: u.name, balance: u.balance, mailbox: [] };
      s.users.set(u.id, account);
      s.usersByName.set(u.name, account);
    }
    account.balance = u.balance;
    account.mailbox.length = 0;
    account.mailbox.push(...u.mailbox);
  }
  s.others.clear();
  for (const [k, v] of img.others) s.others.set(k, v);
  s.labels.clear();
  for (const [k, v] of img.labels) s.labels.set(k, v);
  s.labelCounts.clear();
  for (const [k, v] of img.labelCounts) s.labelCounts.set(k, v);
  // Fresh copies each time: the snapshot stays as it was for the next restore.
  const clone = new MessageCloner();
  s.queue.clear();
  for (const env of img.queue) s.queue.push(clone.envelope(env));
  s.schedule.clear();
  for (const [h, items, timeouts] of img.schedule) {
    for (const env of items) s.schedule.add(h, clone.envelope(env));
    for (const w of timeouts) s.schedule.addTimeout(clone.waiter(w));
  }
  s.messageIds.counter = img.messageCounter;
  s.actorIds.counter = img.actorCounter;
  system.blockHeight = snapshot.blockHeight;
  s.blockCount = img.blockCount;
  s.escrow = img.escrow;
  s.eventLog.clear();
  for (const [k, v] of img.events) s.eventLog.set(k, v.copy());
  s.replyLog.assign(img.replies);
  s.traceLog.assign(img.trace);
  s.gasLog.assign(img.gas);
  s.gasBook.blockState = [...img.blockGas];
  s.blockSent = [...img.blockSent];
}
