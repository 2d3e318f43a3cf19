// `tx_get`: where a signed transaction ran, found by its signer and nonce in the node's transaction index.
import type { MessageId } from '@sprocket/sdk';
import { NodeError } from '../errors.js';
import type { SprocketNode } from '../node.js';
import { addressParam, type Params, shown } from './params.js';
import { messageView } from './views.js';

const U64_MAX = (1n << 64n) - 1n;

/** A u64 param written as a decimal string (or a safe integer), as its decimal text. */
function nonceParam(p: Params, name: string): string {
  const v = p[name];
  let n: bigint | undefined;
  if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) n = BigInt(v);
  else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) n = BigInt(v);
  if (n === undefined)
    throw new NodeError('INVALID_PARAMS', `${name}: expected a u64 as a decimal string, got ${shown(v)}`, { path: name });
  if (n > U64_MAX) throw new NodeError('INVALID_PARAMS', `${name}: out of range: above u64`, { path: name });
  return n.toString();
}

/**
 * The transaction of `signer` with `nonce` that ran, or null (never received, refused, or not run yet). `status`:
 * `error` when it took its nonce and failed before sending anything (`error` its code), else its message's status
 * (`pending`, `ok`, `error`, `delivered`), else `ok`.
 */
export function txGet(p: Params, node: SprocketNode): Record<string, unknown> | null {
  const signer = addressParam(p, 'signer');
  const nonce = nonceParam(p, 'nonce');
  const found = node.log.storedTx(signer, nonce);
  const executor = node.executor;
  if (found === undefined || found.block > executor.height) return null;
  const input = executor.blocks.get(found.block)?.inputs[found.index];
  // A row that does not match the block record at its height (records rebuilt since) is no answer rather than a wrong one.
  if (input !== undefined && (input.signer !== signer || input.nonce !== nonce)) return null;
  let status = 'ok';
  if (input?.error !== undefined) status = 'error';
  else if (found.messageId !== undefined) {
    const info = executor.messages.get(found.messageId as MessageId);
    if (info !== undefined) status = messageView(executor, info).status as string;
  }
  return {
    signer,
    nonce,
    kind: found.kind,
    block: found.block,
    index: found.index,
    ...(found.messageId === undefined ? {} : { messageId: found.messageId }),
    status,
    ...(input?.error === undefined ? {} : { error: input.error }),
  };
}
