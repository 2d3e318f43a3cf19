// Signed writes of one account over a connection. Nonces are fetched once and then assigned locally in call order;
// a BAD_NONCE answer resynchronises (from the nonce the node names, else by asking again) and signs again. A write
// lost with its connection is sent again unchanged (same nonce, so the node runs it at most once); an outcome that
// stays unknown is reported with `pendingWrite`, what identifies the transaction on the node.
import { CallError, type PendingWrite } from '../errors/call-error.js';
import { SdkError } from '../errors/sprocket-error.js';
import { isScaleError } from '../scale/errors.js';
import type { ActorId } from '../types/scalars.js';
import type { Account, SignedTransaction } from './account.js';
import { type LandedHost, landedOutcome } from './landed-write.js';
import type { AccountState, NodeInfo } from './node-answers.js';
import { asCallError, NodeError } from './node-error.js';
import { isLostWrite, isUnknownOutcome, type RequestOptions, type RpcSocket } from './rpc-socket.js';
import { type TransactionSigner, transactionSigner } from './signer.js';
import type { TxCall } from './transaction.js';

/** Times a write is signed again after BAD_NONCE before its error is the caller's. */
const NONCE_RETRIES = 3;

/** What signed writes use of their connection (`transaction` and `message` find a lost write that ran). */
export interface WriteHost extends LandedHost {
  readonly socket: RpcSocket;
  /** Milliseconds each request waits for the node's answer. */
  readonly timeout: number;
  /** The node's info (its chain id is signed into every transaction). */
  info(): Promise<NodeInfo>;
  /** Forgets the cached info: the node behind the URL changed (a WRONG_CHAIN answer). */
  forgetInfo(): void;
  /** An account's state on the node (its next nonce). */
  accountState(address: ActorId): Promise<AccountState>;
}

/** Signs and sends one account's transactions in nonce order. */
export class SignedWrites {
  private nonceReady: Promise<void> | undefined;
  private nextNonce = 0n;
  private signer: TransactionSigner | undefined;
  /** Settles once the previous write has been handed to the socket: writes leave in nonce order. */
  private outbox: Promise<void> = Promise.resolve();

  constructor(
    private readonly account: Account,
    private readonly host: WriteHost,
  ) {}

  /** Signs and sends a transaction; on BAD_NONCE takes the node's next nonce and signs again. */
  async write(method: string, actor: string, call: TxCall, extra?: Record<string, unknown>): Promise<unknown> {
    const account = this.account;
    this.signer ??= transactionSigner(account);
    const signer = this.signer;
    let chainRefreshed = false;
    for (let attempt = 0; ; attempt++) {
      const info = await this.host.info();
      const chainId = info.chainId;
      if (this.nonceReady === undefined) this.nonceReady = this.syncNonce(account.address);
      await this.nonceReady;
      // Nonces are taken in call order; signatures are made in parallel, and each request is sent only after the
      // one before it, so transactions leave in nonce order.
      const nonce = this.nextNonce++;
      const signing = signer.sign(chainId, nonce, call);
      let answer: Promise<unknown> | undefined;
      let params: Record<string, unknown> | undefined;
      const note = replyWaitNote(call, extra, this.host.timeout, info.blockTime, info.replyTimeout);
      const options = { timeout: this.host.timeout, write: true, actor, ...(note === undefined ? {} : { timeoutNote: note }) };
      const issued = this.outbox
        .then(() => signing)
        .then((signed: SignedTransaction) => {
          params = extra === undefined ? { ...signed } : { ...signed, ...extra };
          answer = this.host.socket.request(method, params, options);
        });
      this.outbox = issued.catch(() => {});
      const pending: PendingWrite = { method, signer: account.address, nonce, chainId };
      try {
        await issued;
        return await (answer as Promise<unknown>);
      } catch (error) {
        // A field the transaction cannot encode (e.g. a malformed CodeId) is the caller's bad input, as a bad argument
        // of a generated client is: the ScaleError itself, never a network failure (nothing was sent).
        if (isScaleError(error)) throw error;
        // Lost with its connection after it was sent: the node may have accepted it. The same signed bytes are sent
        // once more (the node accepts a nonce of a signer at most once, so this cannot run it twice): accepted now, it
        // was not before, and its real answer is the caller's.
        if (isLostWrite(error) && params !== undefined) return await this.resend(method, params, options, pending, actor, call);
        const failure = withPending(asCallError(error, actor), pending);
        const cause = failure.cause;
        // The node answering now is not the one whose chain id was cached (it was restarted on another chain while
        // this connection reconnected): ask it again, and sign once more for its chain.
        if (cause instanceof NodeError && cause.code === 'WRONG_CHAIN' && !chainRefreshed) {
          chainRefreshed = true;
          this.host.forgetInfo();
          continue;
        }
        if (!(cause instanceof NodeError) || cause.code !== 'BAD_NONCE' || attempt >= NONCE_RETRIES) throw failure;
        const next = cause.data.next;
        if (typeof next === 'string' || typeof next === 'number') {
          const n = BigInt(next);
          if (n > this.nextNonce) this.nextNonce = n;
        } else {
          this.nonceReady = undefined;
        }
      }
    }
  }

  /**
   * Sends a lost write's very transaction again; see `write`. A nonce refusal means a transaction of this signer with
   * this nonce or a later one was accepted: `tx_get` tells whether this one ran (its answer is then read back), and
   * when that cannot be told the caller gets NODE_UNAVAILABLE with `pendingWrite`, as for any unknown outcome.
   */
  private async resend(
    method: string,
    params: Record<string, unknown>,
    options: RequestOptions,
    pending: PendingWrite,
    actor: string,
    call: TxCall,
  ): Promise<unknown> {
    try {
      return await this.host.socket.request(method, params, options);
    } catch (error) {
      const failure = asCallError(error, actor);
      const cause = failure.cause;
      // Not reached again, or no answer again: the first sending's outcome is still unknown.
      if (failure.code === 'NODE_UNAVAILABLE' || failure.code === 'TIMEOUT') throw withPending(failure, pending, true);
      if (!(cause instanceof NodeError) || cause.code !== 'BAD_NONCE') throw failure;
      return await landedOutcome(this.host, call, pending, actor, error);
    }
  }

  private async syncNonce(address: ActorId): Promise<void> {
    try {
      const state = await this.host.accountState(address);
      if (state.nonce > this.nextNonce) this.nextNonce = state.nonce;
    } catch (error) {
      this.nonceReady = undefined;
      throw error;
    }
  }
}

/**
 * The failure of a sent write, with `pendingWrite` when its outcome is unknown: the connection was lost after it was
 * sent, or no answer came in time (TIMEOUT of a request the node got). A refusal or an error reply is an outcome.
 */
function withPending(failure: CallError, pending: PendingWrite, unknown = isUnknownOutcome(failure)): CallError {
  if (!unknown || failure.pendingWrite !== undefined) return failure;
  return new CallError(failure.code, {
    actor: failure.actor,
    ...(failure.route === undefined ? {} : { route: failure.route }),
    reason: failure.reason,
    cause: failure.cause,
    pendingWrite: pending,
  });
}

/** A call option's `gasLimit` as the transaction field (null: the node's default); throws SDK_BAD_OPTION when it is not a positive safe integer. */
export function gasLimitOf(limit: number | undefined, actor: string): bigint | null {
  if (limit === undefined) return null;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new SdkError('SDK_BAD_OPTION', `gasLimit must be a positive safe integer, got ${String(limit)} (calling ${actor})`);
  }
  return BigInt(limit);
}

/**
 * Why a call or deploy may outlast the connection's request timeout of `requestMs`: the node answers it only once the
 * reply came or its timeout in blocks ran out, which at `blockTime` ms a block (0: blocks only as transactions come)
 * can be longer. Appended to the request's TIMEOUT reason, so that it names both limits and the fix instead of
 * blaming the node; undefined for a write that does not wait for a reply, or whose wait fits in `requestMs`.
 * `nodeReplyTimeout` (node_info's `replyTimeout`, blocks) stands in for a call without a timeout of its own.
 */
export function replyWaitNote(
  call: TxCall,
  extra: Readonly<Record<string, unknown>> | undefined,
  requestMs: number,
  blockTime: unknown,
  nodeReplyTimeout?: unknown,
): string | undefined {
  let own: unknown;
  let what: string;
  if (call.kind === 'Call') {
    own = call.timeout;
    what = 'the call';
  } else if (call.kind === 'Deploy') {
    own = extra?.timeout ?? null;
    what = 'the deploy';
  } else {
    return undefined;
  }
  const msPerBlock = typeof blockTime === 'number' && Number.isFinite(blockTime) && blockTime >= 0 ? blockTime : undefined;
  const fix = `raise connect()'s timeout, or lower ${what}'s timeout (in blocks)`;
  let blocks: number;
  let whose = '';
  if (typeof own === 'number') {
    blocks = own;
  } else {
    // Its own timeout left out: the node's replyTimeout applies, known only from a node that reports it in node_info.
    if (typeof nodeReplyTimeout !== 'number' || !Number.isSafeInteger(nodeReplyTimeout) || nodeReplyTimeout < 0) {
      return `, while ${what} may wait up to the node's reply timeout (its replyTimeout, in blocks) for its reply: ${fix}`;
    }
    blocks = nodeReplyTimeout;
    whose = " (the node's reply timeout)";
  }
  const wait = `${blocks === 1 ? '1 block' : `${blocks} blocks`}${whose}`;
  if (msPerBlock === undefined) return `, while ${what} may wait up to ${wait} for its reply: ${fix}`;
  if (msPerBlock === 0) {
    return `, while ${what} may wait up to ${wait} for its reply, and the node makes blocks only as transactions come: ${fix}`;
  }
  const ms = blocks * msPerBlock;
  if (ms <= requestMs) return undefined;
  return `, while ${what} may wait up to ${wait} for its reply (about ${ms} ms at the node's ${msPerBlock} ms a block): ${fix}`;
}
