// Small building blocks shared by the views.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { escapeBidi } from './bidi.js';
import { href } from './route.js';
import { actors, chainEpoch, isNotFound, labelOf, opens, rpc, shortHex } from './state.js';
import { statusBadge } from './status.js';

/** The result of {@link useAsync}: the value, the error message, or neither while loading. */
export interface AsyncState<T> {
  readonly value?: T;
  readonly error?: string;
  /** The node answered that the thing does not exist (on this chain). */
  readonly notFound?: boolean;
  readonly loading: boolean;
}

/**
 * Runs an async function when `deps` change; `reload` runs it again. It runs again by itself when the chain resets
 * (dropping the old chain's value) and, after a failure, when the connection to the node opens again.
 */
export function useAsync<T>(fn: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> & { reload(): void } {
  const [state, setState] = useState<AsyncState<T>>({ loading: true });
  const [tick, setTick] = useState(0);
  const epoch = chainEpoch.value;
  const opened = opens.value;
  const shownEpoch = useRef(epoch);
  const failed = useRef(false);
  failed.current = state.error !== undefined && !state.loading;
  useEffect(() => {
    let live = true;
    const reset = shownEpoch.current !== epoch;
    shownEpoch.current = epoch;
    setState((s) => (reset ? { loading: true } : { ...s, loading: true }));
    fn().then(
      (value) => live && setState({ value, loading: false }),
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e), notFound: isNotFound(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick, epoch]);
  useEffect(() => {
    if (failed.current) setTick((t) => t + 1);
  }, [opened]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** True when the address is a deployed actor (as far as `actor_list` says). */
export function isActor(address: string): boolean {
  const a = address.toLowerCase();
  return actors.value.some((x) => x.address.toLowerCase() === a);
}

/** A link to an actor or an account, shown by its label, with the full address as its title. */
export function Addr({ address }: { address: string | undefined | null }) {
  if (address === undefined || address === null || address === '') return <span class="muted">—</span>;
  const to = isActor(address) ? href.actor(address) : href.account(address);
  return (
    <a class="addr" href={to} title={address}>
      {labelOf(address)}
    </a>
  );
}

/** A hex id shortened, with the full value as its title. */
export function Hex({ value, link }: { value: string | undefined | null; link?: string }) {
  if (value === undefined || value === null) return <span class="muted">—</span>;
  const text = <code title={value}>{shortHex(value)}</code>;
  return link === undefined ? text : <a href={link}>{text}</a>;
}

/** A JSON value, compact when short and pretty when long; `inline` keeps it compact (clamped, full text in the title). */
export function JsonView({ value, inline = false }: { value: unknown; inline?: boolean }) {
  const raw = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  if (raw === undefined) return <span class="muted">—</span>;
  const compact = escapeBidi(raw);
  if (inline)
    return (
      <code class="json clamp" title={compact}>
        {compact}
      </code>
    );
  if (compact.length <= 60) return <code class="json">{compact}</code>;
  return <pre class="json">{escapeBidi(JSON.stringify(JSON.parse(raw), null, 2))}</pre>;
}

/** Most hex digits of a raw payload shown on the page (8 KiB of bytes); a bigger one says how big it is. */
export const RAW_HEX_SHOWN = 16_384;

/** An undecoded payload as hex, wrapped within its box and cut after {@link RAW_HEX_SHOWN} digits. */
export function RawHex({ value }: { value: string }) {
  const digits = value.startsWith('0x') ? value.length - 2 : value.length;
  if (value.length <= RAW_HEX_SHOWN + 2) return <code class="wrap raw-hex">{value}</code>;
  return (
    <>
      <code class="wrap raw-hex">{value.slice(0, RAW_HEX_SHOWN + 2)}…</code>
      <p class="muted small">
        Showing the first {RAW_HEX_SHOWN / 2} of {Math.ceil(digits / 2)} bytes; <code>message_get</code> gives the whole payload.
      </p>
    </>
  );
}

/** A status badge: ok, delivered, pending, an error code, or rolled back. */
export function Status({
  status,
  code,
  rolledBack,
}: {
  status?: string | undefined;
  code?: string | null | undefined;
  rolledBack?: boolean;
}) {
  const badge = statusBadge(status, code, rolledBack);
  if (badge.tone !== 'err') return <span class={`badge ${badge.tone}`}>{badge.text}</span>;
  return (
    <span class="badge-group">
      <span class="badge err">{badge.text}</span>
      {badge.rolledBack ? <span class="badge warn">rolled back</span> : null}
    </span>
  );
}

/** A titled section. */
export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  const hid = id ?? `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section aria-labelledby={hid} class="card">
      <h2 id={hid}>{title}</h2>
      {children}
    </section>
  );
}

/** A page heading that receives focus after navigation. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  return (
    <h1 tabIndex={-1} class="page-title">
      {children}
    </h1>
  );
}

/**
 * Loading and error placeholders of an async value. While the node is unreachable it says so (the view loads by
 * itself once the node is back); a thing the node does not have is "not found on this chain".
 */
export function Pending({
  state,
  what,
}: {
  state: { error?: string | undefined; notFound?: boolean | undefined; loading: boolean; reload?: () => void };
  what: string;
}) {
  if (rpc.state.value !== 'open')
    return (
      <p class="unreachable" role="status">
        Node unreachable, retrying… {what} will load when the node is back.
      </p>
    );
  if (state.loading) return <p class="muted">Loading {what}…</p>;
  if (state.notFound === true)
    return (
      <p class="error not-found" role="alert">
        Not found on this chain: {what}. <span class="muted">({state.error})</span>
      </p>
    );
  if (state.error !== undefined)
    return (
      <div class="load-failed">
        <p class="error" role="alert">
          Could not load {what}: {state.error}
        </p>
        {/* A slow node's timeout or a failure while connected is not retried by itself: the user can, without reloading the page. */}
        {state.reload !== undefined ? (
          <button type="button" class="small secondary" onClick={state.reload}>
            Try again
          </button>
        ) : null}
      </div>
    );
  return <p class="muted">Loading {what}…</p>;
}

/** A timestamp (ms since the epoch, or anything else as given). */
export function Time({ value }: { value: number | string | undefined }) {
  if (value === undefined) return <span class="muted">—</span>;
  const n = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(n) || n <= 0) return <span>{String(value)}</span>;
  const d = new Date(n);
  return <time dateTime={d.toISOString()}>{d.toISOString().replace('T', ' ').slice(0, 19)}</time>;
}
