import { Envelope, newWaiter, type Waiter } from './message.js';

/**
 * Copies messages and reply deadlines for a snapshot, keeping the links
 * between them (a reply's request, a request's waiter): the system goes on
 * mutating its own (a waiter is marked delivered, a deadline leaves its
 * bucket) without touching the snapshot, and each restore gets fresh ones.
 * Payloads are private copies already and never written, so they are shared.
 */
export class MessageCloner {
  private readonly seen = new Map<object, object>();

  /** A copy of one message (the same copy for the same message). */
  envelope(env: Envelope): Envelope {
    const hit = this.seen.get(env);
    if (hit !== undefined) return hit as Envelope;
    const out = new Envelope();
    this.seen.set(env, out);
    out.seq = env.seq;
    out.kind = env.kind;
    out.source = env.source;
    out.dest = env.dest;
    out.payload = env.payload;
    out.value = env.value;
    out.block = env.block;
    out.fromUser = env.fromUser;
    out.due = env.due;
    out.cause = env.cause;
    out.error = env.error;
    out.gasLimit = env.gasLimit;
    out.gasUsed = env.gasUsed;
    out.replyTo = env.replyTo === undefined ? undefined : this.envelope(env.replyTo);
    out.waiter = env.waiter === undefined ? undefined : this.waiter(env.waiter);
    return out;
  }

  /** A copy of a reply deadline; its callbacks stay behind (the snapshot holds no running handler). */
  waiter(w: Waiter): Waiter {
    const hit = this.seen.get(w);
    if (hit !== undefined) return hit as Waiter;
    // The request's copy links back to this waiter: it may have made the copy already.
    const request = this.envelope(w.request);
    const made = this.seen.get(w);
    if (made !== undefined) return made as Waiter;
    // The owner is a finished task (a quiet system runs none): its late reply is dropped either way.
    const out = newWaiter(w.target, request, w.owner);
    this.seen.set(w, out);
    out.delivered = w.delivered;
    out.resolveUser = w.resolveUser;
    out.rejectUser = w.rejectUser;
    out.address = w.address;
    out.code = w.code;
    out.deadline = w.deadline;
    return out;
  }
}
