import {
  type ActorId,
  type CallOptions,
  type CodeId,
  type DeployOptions,
  type MessageId,
  type OwnedPayloadTransport,
  SEND_OWNED,
  type SendOptions,
  type Transport,
  type Unsubscribe,
} from '@sprocket/sdk';
import type { MailboxMessage, UserAccount } from './records.js';
import type { ActorSystem } from './system.js';

/** An external user: a Transport whose messages come from this user's address and balance. */
export class User implements Transport, OwnedPayloadTransport {
  constructor(
    /** The system the user lives in. */
    readonly system: ActorSystem,
    /** The user's account record. */
    readonly account: UserAccount,
  ) {}

  /** The user's address. */
  get id(): ActorId {
    return this.account.id;
  }

  /** The user's name. */
  get name(): string {
    return this.account.name;
  }

  /** The user's u128 balance. */
  balance(): bigint {
    return this.account.balance;
  }

  /** Messages actors sent to this user, oldest first. */
  mailbox(): readonly MailboxMessage[] {
    return this.account.mailbox;
  }

  call(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.system.userCall(this.account.id, target, payload, options, false);
  }

  send(target: ActorId, payload: Uint8Array, options?: SendOptions): MessageId {
    return this.system.userSend(this.account.id, target, payload, options);
  }

  query(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.system.userCall(this.account.id, target, payload, options, true);
  }

  /** `send` from a generated client: the payload was just encoded and is kept without a copy. */
  [SEND_OWNED](target: ActorId, payload: Uint8Array, options: SendOptions | undefined): MessageId {
    return this.system.userSend(this.account.id, target, payload, options, true);
  }

  deploy(code: CodeId, payload: Uint8Array, options?: DeployOptions): Promise<ActorId> {
    return this.system.userDeploy(this.account.id, code, payload, options);
  }

  subscribe(source: ActorId, listener: (payload: Uint8Array) => void): Unsubscribe {
    return this.system.subscribe(source, listener);
  }
}
