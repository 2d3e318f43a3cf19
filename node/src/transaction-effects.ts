// What a transaction does to the chain once its nonce was accepted: upload code, deploy, send, call or transfer.
import { type ActorSystem, ensureUser, installCode, userTransfer } from '@sprocket/runtime';
import { type ActorId, type CodeId, type MessageId, setGasMeter, type Transaction } from '@sprocket/sdk';
import type { InputResult, MessageInfo } from './execution-records.js';
import type { MessageHistory } from './history.js';
import { type BlockClock, type LoadedCode, loadCode } from './sandbox.js';

/** The parts of an executor a transaction changes. */
export interface TransactionTarget {
  readonly system: ActorSystem;
  readonly clock: BlockClock;
  readonly codes: Map<CodeId, LoadedCode>;
  readonly codeUploads: Map<CodeId, { readonly block: number; readonly uploader: ActorId }>;
  readonly messages: MessageHistory;
}

/** Applies a transaction in block `base.block`; throws (a runtime or sandbox error) when it is refused. */
export function applyTransaction(chain: TransactionTarget, tx: Transaction, base: { position: number; block: number }): InputResult {
  const sys = chain.system;
  const signer = tx.signer;
  if (sys.userAt(signer) === undefined && sys.actor(signer) === undefined) ensureUser(sys, signer, `${signer.slice(0, 10)}…`);
  const call = tx.call;
  switch (call.kind) {
    case 'UploadCode': {
      // Module code runs unmetered, the same at every replay, whatever ran before it (gas.ts, detached work).
      setGasMeter(undefined);
      const loaded = loadCode(call.code, chain.clock);
      if (!chain.codes.has(loaded.codeId)) {
        chain.codes.set(loaded.codeId, loaded);
        chain.codeUploads.set(loaded.codeId, { block: base.block, uploader: signer });
      }
      installCode(sys, (chain.codes.get(loaded.codeId) as LoadedCode).code);
      return { ...base, codeId: loaded.codeId };
    }
    case 'Deploy': {
      const salt = call.salt.length === 0 ? undefined : call.salt;
      const { address, messageId } = sys.userDeploySend(signer, call.codeId, call.payload, {
        value: call.value,
        ...(salt ? { salt } : {}),
        ...gasOption(call.gasLimit),
      });
      track(chain.messages, messageId, signer, address, 'Deploy', base.block, call.payload);
      return { ...base, messageId, address };
    }
    case 'Send':
    case 'Call': {
      const delay = call.kind === 'Send' ? call.delay : 0;
      const messageId = sys.userSend(signer, call.to, call.payload, { value: call.value, delay, ...gasOption(call.gasLimit) });
      track(chain.messages, messageId, signer, call.to, call.kind, base.block, call.payload);
      return { ...base, messageId };
    }
    case 'Transfer':
      userTransfer(sys, signer, call.to, call.value);
      return base;
  }
}

/** A transaction's gas limit as a runtime option (admission has checked that it is a safe integer). */
function gasOption(limit: bigint | null): { gasLimit?: number } {
  return limit === null ? {} : { gasLimit: Number(limit) };
}

/** Starts the record of a message a transaction sent (its events and outcome are added as they happen). */
function track(
  messages: MessageHistory,
  messageId: MessageId,
  from: ActorId,
  to: ActorId,
  kind: MessageInfo['kind'],
  block: number,
  payload: Uint8Array,
): void {
  messages.track({ messageId, from, to, kind, block, payload, events: [] });
}
