import type { ActorId, MessageId } from '@sprocket/sdk';
import { Fifo } from './fifo.js';
import { IdSequence } from './ids.js';
import { Envelope, type Waiter } from './message.js';
import { BlockSchedule, type Bucket } from './schedule.js';

/**
 * Order and time: the one message queue, the schedule of delayed work and
 * deadlines, block height and the message id counter.
 */
export class Clock {
  /** Current block height. */
  blockHeight = 0;
  /** Messages handled in the current block. */
  blockCount = 0;
  readonly queue = new Fifo<Envelope>();
  readonly schedule = new BlockSchedule<Envelope, Waiter>();
  readonly messageIds: IdSequence;
  /** The newest envelope, held so that its layout outlives a full GC of an idle system (see Dispatcher.newestTask). */
  newestEnvelope: Envelope | undefined = undefined;

  constructor(
    seed: string,
    /** Messages handled per block before the next block starts. */
    readonly messagesPerBlock: number,
    /** Virtual milliseconds per block. */
    readonly blockTimeMs: number,
    /** Timestamp of block 0. */
    readonly genesisTimestamp: number,
  ) {
    this.messageIds = new IdSequence(seed, 'message');
  }

  /** Virtual time of the current block in milliseconds. */
  get blockTimestamp(): number {
    return this.genesisTimestamp + this.blockHeight * this.blockTimeMs;
  }

  /** The id of a message counter value. */
  messageId(seq: number): MessageId {
    return this.messageIds.format(seq);
  }

  /** The counter of a message id of this system, or undefined for any other id. */
  seqOf(messageId: MessageId): number | undefined {
    const prefix = this.messageIds.prefix;
    if (!messageId.startsWith(prefix)) return undefined;
    return Number.parseInt(messageId.slice(prefix.length), 16);
  }

  /** A new message with the next id, stamped with the current block. */
  envelope(kind: number, source: ActorId, dest: ActorId, payload: Uint8Array, value: bigint): Envelope {
    const env = new Envelope();
    this.newestEnvelope = env;
    env.seq = this.messageIds.next();
    env.kind = kind;
    env.source = source;
    env.dest = dest;
    env.payload = payload;
    env.value = value;
    env.block = this.blockHeight;
    return env;
  }

  /** Queues a message now, or schedules it `delay` blocks ahead. */
  enqueue(env: Envelope, delay: number): void {
    if (delay > 0) {
      env.due = this.blockHeight + delay;
      this.schedule.add(env.due, env);
    } else this.queue.push(env);
  }

  /** Whether nothing is queued or scheduled. */
  get empty(): boolean {
    return this.queue.size === 0 && this.schedule.nextDue() === undefined;
  }

  /** Moves to block `height` and takes the work due up to it, in height order. */
  advanceTo(height: number): Bucket<Envelope, Waiter>[] {
    this.blockHeight = height;
    this.blockCount = 0;
    return this.schedule.takeUpTo(height);
  }
}
