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
import { RuntimeError } from './errors.js';
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

  /**
   * The user's account as the system holds it now. A restore to a snapshot taken before the user was created removes
   * it, and this handle (kept by the test) would otherwise read its old balance and send as nobody.
   */
  private live(): UserAccount | undefined {
    return this.system.userAt(this.account.id);
  }

  /** The account to act as, or the refusal of a handle whose user a restore removed. */
  private sender(): ActorId {
    if (this.live() !== undefined) return this.account.id;
    const name = JSON.stringify(this.account.name);
    throw new RuntimeError(
      'RUNTIME_UNKNOWN_ADDRESS',
      `the user ${name} does not exist any more: it was created after the snapshot sys.restore() went back to. Get it again with sys.user(${name}) (with its balance) after the restore`,
    );
  }

  /** The user's u128 balance (0 once a restore removed the user). */
  balance(): bigint {
    return this.live()?.balance ?? 0n;
  }

  /** Messages actors sent to this user, oldest first (none once a restore removed the user). */
  mailbox(): readonly MailboxMessage[] {
    return this.live()?.mailbox ?? [];
  }

  call(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.acting((from) => this.system.userCall(from, target, payload, options, false));
  }

  send(target: ActorId, payload: Uint8Array, options?: SendOptions): MessageId {
    return this.system.userSend(this.sender(), target, payload, options);
  }

  query(target: ActorId, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.acting((from) => this.system.userCall(from, target, payload, options, true));
  }

  /** `send` from a generated client: the payload was just encoded and is kept without a copy. */
  [SEND_OWNED](target: ActorId, payload: Uint8Array, options: SendOptions | undefined): MessageId {
    return this.system.userSend(this.sender(), target, payload, options, true);
  }

  deploy(code: CodeId, payload: Uint8Array, options?: DeployOptions): Promise<ActorId> {
    return this.acting((from) => this.system.userDeploy(from, code, payload, options));
  }

  /** An awaited request as this user: a removed user's is rejected, where the test awaits it. */
  private acting<T>(request: (from: ActorId) => Promise<T>): Promise<T> {
    let from: ActorId;
    try {
      from = this.sender();
    } catch (error) {
      return Promise.reject(error);
    }
    return request(from);
  }

  subscribe(source: ActorId, listener: (payload: Uint8Array) => void): Unsubscribe {
    return this.system.subscribe(source, listener);
  }
}
