// The paginated listings of docs/rpc.md: `code_list` (every uploaded code) and `account_list` (every user account).
import type { ActorId } from '@sprocket/sdk';
import type { SprocketNode } from '../node.js';
import { intParam, type Params } from './params.js';

/** Largest page a listing returns. */
export const MAX_PAGE = 1000;
/** Page size when `limit` is left out. */
export const DEFAULT_PAGE = 100;

/** One page of a listing: `items` from `offset`, the `total`, and the `offset` of the next page (null on the last). */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly next: number | null;
}

/** Cuts the page `{ offset?, limit? }` asks for out of `all` (listings keep their order, so offsets stay valid). */
export function pageOf<T, R>(p: Params, all: readonly T[], shape: (item: T) => R): Page<R> {
  const offset = intParam(p, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = intParam(p, 'limit', 1, MAX_PAGE, DEFAULT_PAGE);
  const end = Math.min(all.length, offset + limit);
  return { items: all.slice(offset, end).map(shape), total: all.length, next: end < all.length ? end : null };
}

/** `code_list`: every uploaded code in upload order, deployed or not, with its IDL and upload block. */
export function codeList(p: Params, node: SprocketNode): Page<Record<string, unknown>> {
  const executor = node.executor;
  const running = new Map<string, number>();
  for (const address of executor.system.actorIdsList()) {
    const id = executor.system.actor(address)?.code.id;
    if (id !== undefined) running.set(id, (running.get(id) ?? 0) + 1);
  }
  return pageOf(p, [...executor.codes.values()], (code) => {
    const upload = executor.codeUploads.get(code.codeId);
    return {
      codeId: code.codeId,
      size: code.size,
      actors: [code.actor],
      idl: { [code.actor]: code.idl },
      block: upload?.block ?? null,
      uploader: upload?.uploader ?? null,
      deployed: running.get(code.codeId) ?? 0,
    };
  });
}

/**
 * `account_list`: every user account with a balance, a nonce or mail, in the order the node first saw them; then the
 * addresses that only received value (a transfer or a mint to an address that never signed: the runtime keeps their
 * balance apart from its users until they sign).
 */
export function accountList(p: Params, node: SprocketNode): Page<Record<string, unknown>> {
  const executor = node.executor;
  const { users, others } = executor.system.internals;
  const listed = new Set<ActorId>();
  for (const [address, user] of users) {
    if (user.balance > 0n || user.mailbox.length > 0 || executor.nonces.has(address)) listed.add(address);
  }
  for (const address of executor.nonces.keys()) listed.add(address as ActorId);
  for (const [address, balance] of others) if (balance > 0n) listed.add(address);
  return pageOf(p, [...listed], (address) => {
    const user = users.get(address);
    return {
      address,
      label: user?.name ?? `${address.slice(0, 10)}…`,
      balance: executor.system.balanceOf(address).toString(),
      nonce: node.admission.nextNonce(address).toString(),
      mailbox: user?.mailbox.length ?? 0,
    };
  });
}
