// The records execution produces: what an input did, the blocks, their events and mailbox deliveries, and the
// messages transactions sent. The executor makes them; the history, the store and the RPC views read them.
import type { ReplyRecord } from '@sprocket/runtime';
import type { ActorId, CodeId, MessageId } from '@sprocket/sdk';

/** What an input did when its block ran. */
export interface InputResult {
  readonly position: number;
  readonly block: number;
  readonly messageId?: MessageId;
  readonly address?: ActorId;
  readonly codeId?: CodeId;
  /** Set when execution refused the input (nothing changed); `data`: fields for the caller's error (a refused nonce's). */
  readonly error?: { readonly code: string; readonly message: string; readonly data?: Readonly<Record<string, string>> };
  /** A dev command's answer. */
  readonly value?: unknown;
}

/** One input as listed in a block. */
export interface InputView {
  readonly kind: string;
  readonly signer?: string;
  readonly nonce?: string;
  readonly messageId?: string;
  /** The error code when execution refused it or it failed before sending anything (absent in older stores). */
  readonly error?: string;
}

/** A block as executed. */
export interface BlockRecord {
  readonly height: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly stateRoot: string;
  readonly timestamp: number;
  /** Log position of the block entry (the genesis: 1). */
  readonly position: number;
  readonly inputs: readonly InputView[];
  readonly messages: readonly MessageId[];
}

/** An event as the node reports it. */
export interface EventView {
  readonly actor: ActorId;
  readonly name: string;
  readonly payload: string;
  readonly messageId: string;
  readonly block: number;
}

/** What the node knows about a message a transaction sent. */
export interface MessageInfo {
  readonly messageId: MessageId;
  readonly from: ActorId;
  readonly to: ActorId;
  readonly kind: 'Deploy' | 'Send' | 'Call';
  readonly block: number;
  readonly payload: Uint8Array;
  readonly events: EventView[];
  /** Its reply record once handled (kept so the outcome outlives the runtime's reply window and restarts); absent while in flight. */
  outcome?: ReplyRecord;
  /** The block a message to a user reached the user's mailbox: no reply ever comes for it, so it is no longer in flight. */
  delivered?: number;
}

/** A mailbox entry as the node reports it. */
export interface MailboxView {
  readonly address: ActorId;
  readonly messageId: string;
  readonly from: ActorId;
  readonly payload: string;
  readonly value: string;
  readonly block: number;
}

/** What a block produced, for subscribers. */
export interface BlockOutput {
  readonly block: BlockRecord;
  readonly events: readonly EventView[];
  readonly mailbox: readonly MailboxView[];
  /** Message records the block created or changed (to be stored with it). */
  readonly messages: readonly MessageInfo[];
}
