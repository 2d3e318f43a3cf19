// The outcome of a lost write whose resend was refused for its nonce: `tx_get` tells whether a transaction of this
// signer with this nonce ran and, when it is this write, its answer is rebuilt from the node's records (the message's
// reply via `message_get`). What cannot be known stays NODE_UNAVAILABLE with `pendingWrite`.
import { CallError, type PendingWrite } from '../errors/call-error.js';
import { fromHex, toHex } from '../scale/hex.js';
import type { MessageId } from '../types/scalars.js';
import type { TxRecord, TxRef } from './node-answers.js';
import { isCallErrorCode, isRecord } from './node-error.js';
import type { TxCall } from './transaction.js';

/** What the lookup uses of the connection. */
export interface LandedHost {
  /** `tx_get`. */
  transaction(ref: TxRef): Promise<TxRecord | null>;
  /** `message_get`'s raw answer. */
  message(messageId: MessageId): Promise<unknown>;
}

/** The NODE_UNAVAILABLE failure of a write whose outcome stays unknown, `why` telling what is known. */
function unknown(pending: PendingWrite, actor: string, why: string, cause: unknown): CallError {
  return new CallError('NODE_UNAVAILABLE', { actor, reason: `${pending.method}: ${why}`, cause, pendingWrite: pending });
}

/** Whether a sent message is the one `call` describes (another client signing for the account may have used the nonce). */
function sameMessage(call: TxCall, message: Record<string, unknown>): boolean {
  if (call.kind !== 'Send' && call.kind !== 'Call' && call.kind !== 'Deploy') return false;
  if (message.payload !== toHex(call.payload)) return false;
  return call.kind === 'Deploy' || (typeof message.to === 'string' && message.to.toLowerCase() === call.to.toLowerCase());
}

/**
 * The answer `method` would have given for the write `call` signed with `pending.nonce`, read back from the node, or
 * the CallError it would have failed with; NODE_UNAVAILABLE with `pendingWrite` when it cannot be told.
 */
export async function landedOutcome(
  host: LandedHost,
  call: TxCall,
  pending: PendingWrite,
  actor: string,
  refusal: unknown,
): Promise<unknown> {
  const lost = `the connection was lost before the node answered; sent again, its nonce ${pending.nonce} is taken`;
  let tx: TxRecord | null;
  try {
    tx = await host.transaction(pending);
  } catch (error) {
    // A node without tx_get, or unreachable again: the lookup is the caller's.
    return Promise.reject(
      unknown(
        pending,
        actor,
        `${lost}, and the node could not tell by tx_get whether it ran: look it up with conn.transaction(error.pendingWrite)`,
        error,
      ),
    );
  }
  if (tx === null) {
    return Promise.reject(
      unknown(
        pending,
        actor,
        `${lost}, and no transaction of ${pending.signer} with nonce ${pending.nonce} has run yet: it may still wait for its block, or a later write of this account went first and it never will; look it up with conn.transaction(error.pendingWrite); it is not sent again`,
        refusal,
      ),
    );
  }
  const other = (): CallError =>
    new CallError('NODE_REFUSED', {
      actor,
      reason: `${pending.method}: nonce ${pending.nonce} of ${pending.signer} was taken by another write (a ${tx?.kind} in block ${tx?.block}); this one never ran`,
      cause: refusal,
    });
  if (tx.kind !== call.kind) throw other();
  if (tx.status === 'error' && tx.messageId === undefined) {
    const code = tx.error !== undefined && isCallErrorCode(tx.error) ? tx.error : 'NODE_REFUSED';
    throw new CallError(code, { actor, reason: `${tx.error ?? 'failed'} when its block (${tx.block}) ran`, cause: refusal });
  }
  if (tx.messageId === undefined) {
    if (call.kind === 'Transfer') return {};
    // An upload's code id is in the node's code list, not in its transaction record.
    throw unknown(pending, actor, `${lost}; it ran in block ${tx.block}: upload the same code again to get its code id`, refusal);
  }
  const messageId = tx.messageId;
  const message = await host.message(messageId).catch(() => undefined);
  if (!isRecord(message)) {
    throw unknown(
      { ...pending, messageId },
      actor,
      `${lost}; it ran in block ${tx.block} and sent ${messageId}, whose outcome could not be read: see message_get`,
      refusal,
    );
  }
  if (!sameMessage(call, message)) throw other();
  if (call.kind === 'Send') return { messageId };
  const status = message.status;
  if (status === 'pending') {
    throw unknown(
      { ...pending, messageId },
      actor,
      `${lost}; it ran in block ${tx.block} and its message ${messageId} has no reply yet: message_get shows its outcome`,
      refusal,
    );
  }
  const gasUsed = message.gas;
  const address = call.kind === 'Deploy' ? message.to : undefined;
  if (status === 'ok') return call.kind === 'Call' ? { messageId, reply: message.reply ?? '0x', gasUsed } : { address, messageId, gasUsed };
  const code = isCallErrorCode(message.replyCode) ? message.replyCode : 'HANDLER_FAILED';
  const reason = typeof message.reason === 'string' ? message.reason : String(message.replyCode);
  const route = typeof message.route === 'string' ? message.route : undefined;
  const reply = typeof message.reply === 'string' && message.reply.length > 2 ? message.reply : undefined;
  let replyPayload: Uint8Array | undefined;
  try {
    replyPayload = reply === undefined ? undefined : fromHex(reply, 'reply');
  } catch {
    replyPayload = undefined;
  }
  throw new CallError(code, {
    actor: typeof address === 'string' ? address : actor,
    route,
    reason,
    cause: refusal,
    ...(replyPayload === undefined ? {} : { replyPayload }),
  });
}
