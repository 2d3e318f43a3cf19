import { useEffect, useState } from 'preact/hooks';
import { href } from '../route.js';
import { imported } from '../signer.js';
import { blocks, chainEpoch, devAccounts, info, labelOf, labels, listAll, rpc } from '../state.js';
import type { AccountListItem, AccountView, MailboxEntry } from '../types.js';
import { Hex, isActor, PageTitle, Pending, Section, useAsync } from '../ui.js';
import { RecentMessages } from './messages.js';

function knownAccounts(): string[] {
  const out: string[] = [];
  const add = (a: string | undefined) => {
    if (a !== undefined && a !== '' && !out.includes(a.toLowerCase()) && !isActor(a)) out.push(a.toLowerCase());
  };
  if (info.value?.dev === true) for (const a of devAccounts) add(a.address);
  for (const a of imported.value) add(a.address);
  for (const b of blocks.value) {
    for (const i of b.inputs) add(i.signer);
    for (const m of b.messages) add(m.from);
  }
  return out;
}

function BalanceCell({ address }: { address: string }) {
  const s = useAsync(() => rpc.request<AccountView>('account_get', { address }), [address, blocks.value[0]?.height]);
  return <>{s.value?.balance ?? (s.error !== undefined ? <span class="error">{s.error}</span> : '…')}</>;
}

/** Every account with a balance, a nonce or mail (`account_list`), else the accounts the page knows of. */
export function AccountsPage() {
  const list = useAsync(() => listAll<AccountListItem>('account_list'), [blocks.value[0]?.height]);
  const listed = list.value?.items;
  const rows: readonly AccountListItem[] | undefined =
    listed ??
    (list.loading && list.value === undefined
      ? undefined
      : knownAccounts().map((a) => ({ address: a, label: null, balance: '', nonce: '', mailbox: -1 })));
  return (
    <>
      <PageTitle>Accounts</PageTitle>
      {rows === undefined ? (
        <p class="muted">Loading the accounts…</p>
      ) : (
        <div class="table-wrap">
          <table class="responsive">
            <caption class="sr-only">Accounts</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Address</th>
                <th scope="col">Balance</th>
                {listed !== undefined ? (
                  <>
                    <th scope="col">Next nonce</th>
                    <th scope="col">Mailbox</th>
                  </>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.address}>
                  <td data-label="Account">
                    <a href={href.account(a.address)}>{labels.value.get(a.address) ?? a.label ?? labelOf(a.address)}</a>
                  </td>
                  <td data-label="Address">
                    <Hex value={a.address} />
                  </td>
                  <td data-label="Balance" class="num">
                    {listed !== undefined ? a.balance : <BalanceCell address={a.address} />}
                  </td>
                  {listed !== undefined ? (
                    <>
                      <td data-label="Next nonce" class="num">
                        {a.nonce}
                      </td>
                      <td data-label="Mailbox" class="num">
                        {a.mailbox === 0 ? <span class="muted">empty</span> : `${a.mailbox} message${a.mailbox === 1 ? '' : 's'}`}
                      </td>
                    </>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.value !== undefined && list.value.total > list.value.items.length ? (
        <p class="muted">
          Showing {list.value.items.length} of {list.value.total} accounts.
        </p>
      ) : null}
      {list.error !== undefined ? <Pending state={list} what="the accounts" /> : null}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const v = (new FormData(e.currentTarget).get('address') ?? '').toString().trim();
          if (/^0x[0-9a-fA-F]{64}$/.test(v)) location.hash = href.account(v);
        }}
      >
        <label for="goto-account">Open an address</label>
        <input
          id="goto-account"
          name="address"
          type="text"
          placeholder="0x + 64 hex digits"
          pattern="0x[0-9a-fA-F]{64}"
          autoComplete="off"
        />
        <button type="submit">Open</button>
      </form>
    </>
  );
}

/** One account: balance, next nonce and mailbox (live). */
export function AccountPage({ address }: { address: string }) {
  const acc = useAsync(() => rpc.request<AccountView>('account_get', { address }), [address, blocks.value[0]?.height]);
  const box = useAsync(() => rpc.request<MailboxEntry[]>('mailbox_get', { address }), [address]);
  const [live, setLive] = useState<readonly MailboxEntry[]>([]);
  useEffect(() => {
    setLive([]);
    return rpc.subscribe({ topic: 'mailbox', address }, (r) => setLive((old) => [r as MailboxEntry, ...old]));
    // A reset chain's mailbox starts empty: what arrived on the old chain goes.
  }, [address, chainEpoch.value]);
  const entries = [...live, ...(box.value ?? []).filter((e) => !live.some((l) => l.messageId === e.messageId))];
  return (
    <>
      <PageTitle>Account {labelOf(address)}</PageTitle>
      <Section title="Summary">
        {acc.value === undefined ? (
          <Pending state={acc} what="the account" />
        ) : (
          <dl class="kv">
            <dt>Address</dt>
            <dd>
              <code class="wrap">{acc.value.address}</code>
            </dd>
            <dt>Balance</dt>
            <dd>{acc.value.balance}</dd>
            <dt>Next nonce</dt>
            <dd>{String(acc.value.nonce)}</dd>
            {isActor(address) ? (
              <>
                <dt>Actor</dt>
                <dd>
                  <a href={href.actor(address)}>open the actor</a>
                </dd>
              </>
            ) : null}
          </dl>
        )}
      </Section>
      <Section title="Mailbox">
        {box.value === undefined && box.error !== undefined ? (
          <Pending state={box} what="the mailbox" />
        ) : entries.length === 0 ? (
          <p class="muted">The mailbox is empty.</p>
        ) : (
          <ul class="plain">
            {entries.map((e) => (
              <li key={e.messageId}>
                <Hex value={e.messageId} link={href.message(e.messageId)} /> <span class="muted">from</span>{' '}
                <a href={isActor(e.from) ? href.actor(e.from) : href.account(e.from)}>{labelOf(e.from)}</a> <span class="muted">value</span>{' '}
                {e.value} <span class="muted">in</span> <a href={href.block(e.block)}>#{e.block}</a>{' '}
                <code class="muted">{(e.payload.length - 2) / 2} bytes</code>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <RecentMessages address={address} blocks={blocks.value} />
    </>
  );
}
