import type { ActorId, CallErrorCode, MessageId } from '@sprocket/sdk';

// The plain records the system hands out: accounts, mailbox messages, reply outcomes and events.

/** A user account: a name, a u128 balance and a mailbox. */
export interface UserAccount {
  readonly id: ActorId;
  readonly name: string;
  balance: bigint;
  readonly mailbox: MailboxMessage[];
}

/** A message an actor sent to a user. */
export interface MailboxMessage {
  readonly id: MessageId;
  readonly source: ActorId;
  readonly payload: Uint8Array;
  readonly value: bigint;
  readonly block: number;
}

/** The outcome of a message, as its sender sees it. */
export type ReplyRecord =
  | { readonly ok: true; readonly payload: Uint8Array; readonly block: number; readonly gasUsed: number }
  | {
      readonly ok: false;
      /** The actor the message went to. */
      readonly actor: ActorId;
      readonly code: CallErrorCode;
      readonly reason: string;
      readonly route: string | undefined;
      readonly block: number;
      /** Gas the handler used (0 when no handler ran). */
      readonly gasUsed: number;
      /** The error reply's payload: Sails header ‖ SCALE(E) for a `throws` error, empty when the failure carries none. */
      readonly payload: Uint8Array;
    };

/** An event an actor published (committed segments only). */
export interface EventRecord {
  readonly actor: ActorId;
  readonly name: string;
  readonly payload: Uint8Array;
  readonly block: number;
  readonly messageId: MessageId;
}
