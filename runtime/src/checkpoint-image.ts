// A restorable image of a quiet system for a host's checkpoints: everything execution depends on, as plain
// data (actor instances stay the live objects: the host encodes them). Taken only when no handler is
// suspended, so no JS frame has to be kept; restoring it into a fresh system continues exactly where it was.
import type { ActorId, CodeId } from '@sprocket/sdk';
import type { ActorStatus } from './actor-record.js';
import type { Code } from './code.js';
import { RuntimeError } from './errors.js';
import { Envelope, newWaiter, type ReplyError } from './message.js';
import type { MailboxMessage } from './records.js';
import { applySnapshot, type SystemSnapshot, takeSnapshot } from './snapshot.js';
import type { ActorSystem } from './system.js';

/** One message in a checkpoint image. */
export interface EnvelopeImage {
  readonly seq: number;
  readonly kind: number;
  readonly source: ActorId;
  readonly dest: ActorId;
  readonly payload: Uint8Array;
  readonly value: bigint;
  readonly block: number;
  readonly fromUser: boolean;
  readonly due: number;
  readonly gasLimit: number;
  readonly gasUsed: number;
  /** Counter of the message whose handler sent this one (0: a user's); absent in images taken before it was kept. */
  readonly cause?: number;
  readonly error: ReplyError | null;
  readonly replyTo: EnvelopeImage | null;
  /** A finished call's waiter still linked from a message (its deadline only). */
  readonly waiter: { readonly target: ActorId; readonly deadline: number } | null;
}

/** The restorable state of a quiet system. */
export interface CheckpointImage {
  readonly blockHeight: number;
  readonly blockCount: number;
  readonly messageCounter: number;
  readonly actorCounter: number;
  readonly escrow: bigint;
  readonly codes: readonly CodeId[];
  readonly actors: readonly {
    readonly id: ActorId;
    readonly codeId: CodeId;
    readonly label: string;
    readonly balance: bigint;
    readonly status: ActorStatus;
    readonly instance: object | undefined;
  }[];
  readonly users: readonly { readonly id: ActorId; readonly name: string; readonly balance: bigint; readonly mailbox: MailboxMessage[] }[];
  readonly usersByName: readonly (readonly [string, ActorId])[];
  readonly others: readonly (readonly [ActorId, bigint])[];
  readonly labels: readonly (readonly [string, string])[];
  readonly labelCounts: readonly (readonly [string, number])[];
  readonly queue: readonly EnvelopeImage[];
  readonly schedule: readonly { readonly height: number; readonly items: readonly EnvelopeImage[] }[];
}

function notQuiet(why: string): RuntimeError {
  return new RuntimeError('RUNTIME_BUSY', `no checkpoint image now: ${why}`);
}

function envelopeImage(env: Envelope): EnvelopeImage {
  const w = env.waiter;
  if (w !== undefined && !w.delivered) throw notQuiet(`message ${env.seq} has a caller still waiting for its reply`);
  return {
    seq: env.seq,
    kind: env.kind,
    source: env.source,
    dest: env.dest,
    payload: env.payload,
    value: env.value,
    block: env.block,
    fromUser: env.fromUser,
    due: env.due,
    gasLimit: env.gasLimit,
    gasUsed: env.gasUsed,
    // The trace names it as the message's cause, and a message's story (traceOf) follows it.
    cause: env.cause,
    error: env.error ?? null,
    replyTo: env.replyTo === undefined ? null : envelopeImage(env.replyTo),
    waiter: w === undefined ? null : { target: w.target, deadline: w.deadline },
  };
}

/** The image of a quiet system; RUNTIME_BUSY when a handler is suspended or a caller waits (take it at another block). */
export function checkpointImage(system: ActorSystem): CheckpointImage {
  const s = system.internals;
  if (s.busy) throw notQuiet('a handler is in flight');
  const actors = [...s.actors.values()].map((a) => {
    if (a.busy !== undefined || (a.deferred !== undefined && a.deferred.length > 0)) throw notQuiet(`${a.label} has a task in flight`);
    return { id: a.id, codeId: a.code.id, label: a.label, balance: a.balance, status: a.status, instance: a.instance };
  });
  const schedule = s.schedule.entries().map(([height, b]) => {
    if (b.timeouts.some((w) => w.bucket === b)) throw notQuiet(`a reply deadline is pending at block ${height}`);
    return { height, items: b.items.map(envelopeImage) };
  });
  return {
    blockHeight: system.blockHeight,
    blockCount: s.blockCount,
    messageCounter: s.messageIds.counter,
    actorCounter: s.actorIds.counter,
    escrow: s.escrow,
    codes: [...s.codes.keys()],
    actors,
    users: [...s.users.values()].map((u) => ({ id: u.id, name: u.name, balance: u.balance, mailbox: [...u.mailbox] })),
    usersByName: [...s.usersByName].map(([name, u]) => [name, u.id] as const),
    others: [...s.others],
    labels: [...s.labels],
    labelCounts: [...s.labelCounts],
    queue: s.queue.toArray().map(envelopeImage),
    schedule,
  };
}

function envelopeOf(img: EnvelopeImage): Envelope {
  const env = new Envelope();
  env.seq = img.seq;
  env.kind = img.kind;
  env.source = img.source;
  env.dest = img.dest;
  env.payload = img.payload;
  env.value = img.value;
  env.block = img.block;
  env.fromUser = img.fromUser;
  env.due = img.due;
  env.gasLimit = img.gasLimit;
  env.gasUsed = img.gasUsed;
  env.cause = img.cause ?? 0;
  env.error = img.error ?? undefined;
  env.replyTo = img.replyTo === null ? undefined : envelopeOf(img.replyTo);
  if (img.waiter !== null) {
    const w = newWaiter(img.waiter.target, env, undefined);
    w.delivered = true;
    w.deadline = img.waiter.deadline;
    env.waiter = w;
  }
  return env;
}

/** Puts a fresh (quiet) system into the state of an image; `codeOf` gives the code of each code id. */
export function restoreCheckpointImage(system: ActorSystem, image: CheckpointImage, codeOf: (id: CodeId) => Code): void {
  const base = takeSnapshot(system);
  const codes = image.codes.map((id) => [id, codeOf(id)] as [CodeId, Code]);
  const byId = new Map(codes);
  const snapshot: SystemSnapshot = {
    blockHeight: image.blockHeight,
    image: {
      ...base.image,
      codes,
      actors: image.actors.map((a) => {
        const code = byId.get(a.codeId) ?? codeOf(a.codeId);
        return { id: a.id, code, label: a.label, balance: a.balance, status: a.status, instance: a.instance };
      }),
      users: image.users.map((u) => ({ id: u.id, name: u.name, balance: u.balance, mailbox: [...u.mailbox] })),
      others: image.others.map(([k, v]) => [k, v]),
      labels: image.labels.map(([k, v]) => [k, v]),
      labelCounts: image.labelCounts.map(([k, v]) => [k, v]),
      queue: image.queue.map(envelopeOf),
      schedule: image.schedule.map((b) => [b.height, b.items.map(envelopeOf), []]),
      messageCounter: image.messageCounter,
      actorCounter: image.actorCounter,
      blockCount: image.blockCount,
      escrow: image.escrow,
    },
  };
  applySnapshot(system, snapshot);
  const s = system.internals;
  // Users keep the image's insertion order (restore keeps the system's own users first).
  const users = new Map(s.users);
  s.users.clear();
  for (const u of image.users) s.users.set(u.id, users.get(u.id) as never);
  s.usersByName.clear();
  for (const [name, id] of image.usersByName) {
    const user = s.users.get(id);
    if (user !== undefined) s.usersByName.set(name, user);
  }
}
