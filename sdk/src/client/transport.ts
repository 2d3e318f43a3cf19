import type { ActorId, CodeId, MessageId } from '../types/scalars.js';

/** Options of a request-reply call or a query. */
export interface CallOptions {
  /** Value (u128) sent with the message; refunded if the handler's first segment fails. */
  readonly value?: bigint;
  /** Blocks to wait for the reply before the call fails with `TIMEOUT`. */
  readonly timeout?: number;
  /** Gas the handler may use (all its segments together) before it fails with `OUT_OF_GAS`. Default: the system's. */
  readonly gasLimit?: number;
}

/** Options of a fire-and-forget message. */
export interface SendOptions {
  /** Value (u128) sent with the message. */
  readonly value?: bigint;
  /** Deliver the message this many blocks later (`sendDelayed`). */
  readonly delay?: number;
  /** Gas the handler may use before it fails with `OUT_OF_GAS`. Default: the system's. */
  readonly gasLimit?: number;
}

/** Options of a deploy or a spawn. */
export interface DeployOptions {
  /** Value (u128) given to the new actor. */
  readonly value?: bigint;
  /** Mixed into the new actor's address so one code can be deployed several times deterministically. */
  readonly salt?: Uint8Array;
  /** Blocks to wait for the constructor's reply. */
  readonly timeout?: number;
  /** Gas the constructor may use before it fails with `OUT_OF_GAS`. Default: the system's. */
  readonly gasLimit?: number;
}

/**
 * What `send` gives back: the MessageId at once in process (the message is queued before `send` returns), a
 * Promise of it over a network (it resolves once the node has durably accepted the message).
 */
export type SendResult = MessageId | Promise<MessageId>;

/**
 * The type a client's `send` methods return over a transport whose `send` returns `S`: a Promise for a network
 * transport, else (in process, and for a client class used without knowing its transport) the MessageId itself.
 */
export type SendResultOf<S, R = NoReplyType> = [S] extends [Promise<MessageId>] ? Promise<SentMessage<R>> : SentMessage<R>;

declare const replyType: unique symbol;
/** The marker for "reply type not known": a `SentMessage` without it is a plain MessageId. */
export type NoReplyType = typeof replyType;

/**
 * The MessageId of a fire-and-forget message that remembers, in its type only, what its handler replies,
 * so that `sys.reply(id)` in the test kit decodes to that type. At run time it is the MessageId string.
 */
export type SentMessage<R = NoReplyType> = [R] extends [NoReplyType] ? MessageId : TypedMessageId<R>;

/** A MessageId whose type carries the reply type `R` of its function (see `SentMessage`). */
export type TypedMessageId<R> = MessageId & { readonly [replyType]?: R };

/** Stops an event subscription. */
export type Unsubscribe = () => void;

/**
 * What a typed client talks through: the runtime's user side, an actor's
 * context, or a network node (`connect`). Payloads are whole Sails messages
 * (header ‖ SCALE); the transport never sees decoded values. `S` is what
 * `send` returns: `MessageId` in process, `Promise<MessageId>` over a network.
 */
export interface Transport<S extends SendResult = MessageId> {
  /** Sends a message and resolves with the reply payload; rejects with a CallError on an error reply. */
  call(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array>;
  /** Sends a message without waiting for its reply; returns its id (or, over a network, a Promise of it). */
  send(target: ActorId, payload: Uint8Array, options?: SendOptions): S;
  /** Runs a query against the actor's current state; rejects if the handler changes state. */
  query(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array>;
  /** Creates an actor from registered code with a constructor payload; resolves with its address. */
  deploy(code: CodeId, payload: Uint8Array, options?: DeployOptions): Promise<ActorId>;
  /** Delivers every event payload that `source` publishes (committed segments only). */
  subscribe(source: ActorId, listener: (payload: Uint8Array) => void): Unsubscribe;
}
