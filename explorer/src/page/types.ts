// The node's JSON-RPC results as the page reads them (docs/rpc.md). Fields beyond the documented ones are optional:
// the page shows them when a node sends them and works without them.

/** `node_info`. */
export interface NodeInfo {
  readonly chainId: string;
  readonly version: string;
  readonly dev: boolean;
  readonly blockTime: number;
  readonly height: number;
  readonly genesis: string;
}

/** One input of a block (`chain_block.inputs`). */
export interface BlockInput {
  readonly kind: string;
  readonly signer?: string;
  readonly nonce?: string | number;
  readonly messageId?: string;
  /** The error code of a transaction that failed (or whose nonce was refused) when its block ran. */
  readonly error?: string;
}

/** An event as a message view may carry it: the whole Sails event message, bare or with its emitter. */
export type EventRef =
  | string
  | { readonly payload?: string; readonly actor?: string; readonly name?: string; readonly json?: unknown; readonly data?: unknown };

/** `MessageView` (`message_get`, `chain_block.messages`). */
export interface MessageView {
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly route?: string | null;
  readonly status?: string;
  readonly replyCode?: string | null;
  readonly reply?: string | null;
  readonly events?: readonly EventRef[];
  readonly block?: number;
  /** The block a message to a user reached the user's mailbox (its status is then `delivered`); null otherwise. */
  readonly delivered?: number | null;
  readonly payload?: string;
  readonly value?: string;
  readonly gas?: string | number;
  readonly size?: number;
  readonly kind?: string;
  readonly parent?: string | null;
  readonly sent?: readonly string[];
  readonly reason?: string;
  readonly rolledBack?: boolean;
  /** `message_get` only: what happened, step by step, the messages it caused included. */
  readonly story?: readonly StoryStep[];
}

/** One step of `message_get.story` (a trace record of the message or of a message it caused). */
export interface StoryStep {
  readonly type: 'message' | 'reply' | 'error-reply' | 'timeout' | 'event' | 'rollback' | 'mailbox' | 'dropped';
  readonly block: number;
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly causeId?: string;
  readonly route?: string;
  readonly json?: unknown;
  readonly value?: string;
  readonly code?: string;
  readonly reason?: string;
  readonly gas?: number;
  readonly text: string;
}

/** `chain_block` / `chain_head`, and the `blocks` subscription's notification. */
export interface BlockView {
  readonly height: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly stateRoot: string;
  readonly timestamp: number | string;
  readonly inputs: readonly BlockInput[];
  readonly messages: readonly MessageView[];
}

/** `account_get`. */
export interface AccountView {
  readonly address: string;
  readonly balance: string;
  readonly nonce: string | number;
}

/** `code_get`. */
export interface CodeView {
  readonly codeId: string;
  readonly size: number;
  readonly actors: readonly string[];
  readonly idl: Readonly<Record<string, string>>;
  /** The block that ran the upload, and its signer (nodes that report them). */
  readonly block?: number | null;
  readonly uploader?: string | null;
}

/** One page of a listing (`code_list`, `account_list`). */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly next: number | null;
}

/** One row of `code_list`. */
export interface CodeListItem extends CodeView {
  readonly block: number | null;
  readonly uploader: string | null;
  readonly deployed: number;
}

/** One row of `account_list`. */
export interface AccountListItem {
  readonly address: string;
  readonly label: string | null;
  readonly balance: string;
  readonly nonce: string;
  readonly mailbox: number;
}

/** `actor_get`. */
export interface ActorView {
  readonly address: string;
  readonly codeId: string;
  readonly actor: string;
  readonly balance: string;
  readonly status: string;
  readonly state?: unknown;
}

/** One row of `actor_list`. */
export interface ActorListItem {
  readonly address: string;
  readonly codeId: string;
  readonly actor: string;
  readonly label?: string;
}

/** One row of `mailbox_get`, and the `mailbox` subscription's notification. */
export interface MailboxEntry {
  readonly messageId: string;
  readonly from: string;
  readonly payload: string;
  readonly value: string;
  readonly block: number;
}

/** The `events` subscription's notification. */
export interface EventNotice {
  readonly actor: string;
  readonly payload: string;
  readonly messageId: string;
  readonly block: number;
}
