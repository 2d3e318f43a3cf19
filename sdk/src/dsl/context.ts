import type { Transport } from '../client/transport.js';
import type { ActorId, MessageId } from '../types/scalars.js';

/** What a handler sees of the message it runs for and of the chain; provided by the runtime or a test mock. */
export interface ActorContext extends Transport {
  /** This actor's address. */
  readonly self: ActorId;
  /** The sender of the message being handled. */
  readonly source: ActorId;
  /** Value (u128) attached to the message being handled. */
  readonly value: bigint;
  /** The id of the message being handled. */
  readonly messageId: MessageId;
  /** The current block height. */
  readonly blockHeight: number;
  /** The current block's timestamp in milliseconds of virtual time. */
  readonly blockTimestamp: number;
  /** This actor's balance. */
  balance(): bigint;
  /** Suspends the handler for `blocks` blocks; other messages may run meanwhile unless the actor is exclusive. */
  sleep(blocks: number): Promise<void>;
  /** Transfers value to an actor or user without a payload. */
  transfer(to: ActorId, value: bigint): void;
  /** Publishes an event of this actor; kept only if the segment commits. */
  emitEvent(name: string, payload: unknown): void;
}
