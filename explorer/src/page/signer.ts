import { signal } from '@preact/signals';
import { type Account, accountFromSecret, signTransaction, type TxCall } from '@sprocket/sdk';
import { RpcError } from './rpc.js';
import { devAccounts, info, rpc } from './state.js';
import type { AccountView } from './types.js';

/** Keys the user imported in this tab (kept in memory only; a reload forgets them). */
export const imported = signal<readonly Account[]>([]);

/** Imports a 32-byte ed25519 secret (0x hex); throws the sdk's SDK_BAD_ACCOUNT or a hex error with the reason. */
export function importKey(secretHex: string): Account {
  const account = accountFromSecret(secretHex.trim());
  if (!imported.value.some((a) => a.address === account.address)) imported.value = [...imported.value, account];
  return account;
}

/** The accounts the page can sign with: the dev accounts on a `--dev` node, then imported keys. */
export function signers(): readonly Account[] {
  return [...(info.value?.dev === true ? devAccounts : []), ...imported.value];
}

/** Signs `call` with the signer's next nonce and sends it with `method`; retries once when the nonce moved. */
export async function submit<T>(account: Account, method: string, call: TxCall): Promise<T> {
  const chainId = info.value?.chainId;
  if (chainId === undefined) throw new RpcError('NOT_READY', 'the node has not said its chain id yet', 0);
  const acc = await rpc.request<AccountView>('account_get', { address: account.address });
  let nonce = BigInt(acc.nonce);
  for (let attempt = 0; ; attempt++) {
    try {
      return await rpc.request<T>(method, signTransaction(account, chainId, nonce, call));
    } catch (e) {
      const next = e instanceof RpcError && e.code === 'BAD_NONCE' ? e.data?.next : undefined;
      if (attempt > 0 || next === undefined) throw e;
      nonce = BigInt(String(next));
    }
  }
}
