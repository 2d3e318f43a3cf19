import type { Account, Json } from '@sprocket/sdk';
import { useMemo, useState } from 'preact/hooks';
import { type ActorModel, type Callable, type Decoded, decodeEvent, decodeReply, encodeCall } from '../idl-model.js';
import { href } from '../route.js';
import { RpcError } from '../rpc.js';
import { importKey, signers, submit } from '../signer.js';
import { info, refreshActor, rpc } from '../state.js';
import type { MessageView } from '../types.js';
import { Hex, JsonView } from '../ui.js';
import { eventParts, eventText } from '../views/decode.js';
import { type Draft, draftToJson, emptyInput, emptyMessage, initialDraft } from './draft.js';
import { ValueInput } from './value-input.js';

/** What the last submission gave. */
type Outcome =
  | { kind: 'invalid'; message: string }
  | { kind: 'pending'; what: string }
  | { kind: 'reply'; what: string; decoded: Decoded; messageId?: string; events: readonly Decoded[] }
  | { kind: 'sent'; messageId: string }
  | { kind: 'deployed'; address: string; messageId?: string }
  | { kind: 'failed'; code: string; message: string; decoded?: Decoded; messageId?: string };

/** Props of {@link CallForm}: call an actor's functions, or (with `codeId`) deploy through a constructor. */
export interface CallFormProps {
  readonly model: ActorModel;
  readonly address?: string;
  readonly codeId?: string;
  /** Called after a write succeeded (to refresh balances or state). */
  readonly onDone?: () => void;
}

function errorText(e: unknown): { code: string; message: string } {
  if (e instanceof RpcError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: (e as { code?: string }).code ?? 'ERROR', message: e.message };
  return { code: 'ERROR', message: String(e) };
}

/**
 * A call form generated from the IDL: pick a function, fill typed inputs, pick who signs, then query, call or
 * send (or deploy). Arguments are validated by the codec before anything is sent, with the CLI's messages.
 */
export function CallForm({ model, address, codeId, onDone }: CallFormProps) {
  const deploying = codeId !== undefined;
  const callables = deploying ? model.constructors : model.functions;
  const [fnName, setFnName] = useState(callables[0]?.what ?? '');
  const fn: Callable | undefined = callables.find((c) => c.what === fnName) ?? callables[0];
  const drafts = useMemo<Draft[]>(() => (fn === undefined ? [] : fn.params.map((p) => initialDraft(p.type, model.types))), [fn, model]);
  const [, setTick] = useState(0);
  const rerender = () => setTick((t) => t + 1);
  const [signer, setSigner] = useState<string>('');
  const [secret, setSecret] = useState('');
  const [keyError, setKeyError] = useState<string | undefined>(undefined);
  const [value, setValue] = useState('');
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const formId = `f-${deploying ? 'deploy' : 'call'}-${model.program}`;
  const accounts = signers();
  const account: Account | undefined = accounts.find((a) => a.address === signer) ?? accounts[0];

  if (fn === undefined) return <p class="muted">{deploying ? 'This program has no constructor.' : 'No functions in the IDL.'}</p>;

  const build = (): { payload: Uint8Array; args: Json[] } | undefined => {
    // An empty input is named as the form shows it, and focused, rather than left to the codec's JSON message.
    for (const [i, p] of fn.params.entries()) {
      const empty = emptyInput(p.type, drafts[i], model.types, p.name, `${formId}-arg-${p.name}`);
      if (empty === undefined) continue;
      setOutcome({ kind: 'invalid', message: emptyMessage(fn.what, empty) });
      document.getElementById(empty.id)?.focus();
      return undefined;
    }
    const args = fn.params.map((p, i) => draftToJson(p.type, drafts[i], model.types));
    try {
      return { payload: encodeCall(model, fn, args), args };
    } catch (e) {
      setOutcome({ kind: 'invalid', message: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
  };

  const parseValue = (): bigint | undefined => {
    const v = value.trim();
    if (v === '') return 0n;
    if (!/^\d+$/.test(v)) {
      setOutcome({ kind: 'invalid', message: `value: expected a non-negative integer (u128), got ${JSON.stringify(v)}` });
      return undefined;
    }
    const n = BigInt(v);
    if (n >= 1n << 128n) {
      setOutcome({ kind: 'invalid', message: 'value: out of range for u128' });
      return undefined;
    }
    return n;
  };

  const eventsOf = async (messageId: string | undefined): Promise<Decoded[]> => {
    if (messageId === undefined) return [];
    try {
      const m = await rpc.request<MessageView>('message_get', { messageId });
      return (m.events ?? []).flatMap((ev) => {
        const { payload, actor } = eventParts(ev, m.to);
        return payload === undefined || actor.toLowerCase() !== m.to.toLowerCase() ? [] : [decodeEvent(model, payload)];
      });
    } catch {
      return [];
    }
  };

  const run = async (mode: 'query' | 'call' | 'send' | 'deploy') => {
    const built = build();
    if (built === undefined) return;
    const val = parseValue();
    if (val === undefined) return;
    if (mode !== 'query' && account === undefined) {
      setOutcome({ kind: 'invalid', message: 'choose an account to sign with (import a key, or use a --dev node)' });
      return;
    }
    setOutcome({ kind: 'pending', what: fn.what });
    try {
      if (mode === 'query') {
        if (address === undefined) return;
        const r = await rpc.request<{ reply: string }>('actor_query', {
          to: address,
          payload: toHexString(built.payload),
          ...(account !== undefined ? { from: account.address } : {}),
          ...(val !== 0n ? { value: val.toString() } : {}),
        });
        setOutcome({ kind: 'reply', what: fn.what, decoded: decodeReply(model, fn, r.reply), events: [] });
      } else if (mode === 'deploy') {
        const r = await submit<{ address: string; messageId?: string }>(account as Account, 'actor_deploy', {
          kind: 'Deploy',
          codeId: codeId as `0x${string}`,
          payload: built.payload,
          value: val,
          salt: crypto.getRandomValues(new Uint8Array(8)),
          gasLimit: null,
        } as never);
        setOutcome({ kind: 'deployed', address: r.address, ...(r.messageId !== undefined ? { messageId: r.messageId } : {}) });
      } else if (mode === 'call') {
        const r = await submit<{ messageId: string; reply: string }>(account as Account, 'message_call', {
          kind: 'Call',
          to: address as `0x${string}`,
          payload: built.payload,
          value: val,
          gasLimit: null,
          timeout: null,
        } as never);
        const events = await eventsOf(r.messageId);
        setOutcome({ kind: 'reply', what: fn.what, decoded: decodeReply(model, fn, r.reply), messageId: r.messageId, events });
      } else {
        const r = await submit<{ messageId: string }>(account as Account, 'message_send', {
          kind: 'Send',
          to: address as `0x${string}`,
          payload: built.payload,
          value: val,
          gasLimit: null,
          delay: 0,
        } as never);
        setOutcome({ kind: 'sent', messageId: r.messageId });
      }
      if (address !== undefined) refreshActor(address);
      onDone?.();
    } catch (e) {
      const { code, message } = errorText(e);
      const data = e instanceof RpcError ? e.data : undefined;
      const payload = typeof data?.payload === 'string' ? data.payload : undefined;
      const messageId = typeof data?.messageId === 'string' ? data.messageId : undefined;
      const decoded = payload !== undefined && fn.throws !== undefined ? decodeReply(model, fn, payload, true) : undefined;
      const shownCode = typeof data?.error === 'string' ? `${code} · ${data.error}` : code;
      setOutcome({
        kind: 'failed',
        code: shownCode,
        message: typeof data?.reason === 'string' ? data.reason : message,
        ...(decoded !== undefined ? { decoded } : {}),
        ...(messageId !== undefined ? { messageId } : {}),
      });
    }
  };

  const isQuery = fn.kind === 'query';
  return (
    <form
      class="call-form"
      aria-label={deploying ? 'Deploy form' : 'Call form'}
      onSubmit={(e) => {
        e.preventDefault();
        void run(deploying ? 'deploy' : isQuery ? 'query' : 'call');
      }}
    >
      <div class="field">
        <label for={`${formId}-fn`}>{deploying ? 'Constructor' : 'Function'}</label>
        <select
          id={`${formId}-fn`}
          value={fn.what}
          onChange={(e) => {
            setFnName((e.currentTarget as HTMLSelectElement).value);
            setOutcome(undefined);
          }}
        >
          {callables.map((c) => (
            <option key={c.what} value={c.what}>
              {c.what}
              {c.kind === 'query' ? ' (query)' : ''}
            </option>
          ))}
        </select>
      </div>
      {fn.docs !== undefined && fn.docs.length > 0 ? <p class="muted small">{fn.docs.join(' ')}</p> : null}
      {fn.params.length === 0 ? <p class="muted small">No arguments.</p> : null}
      {fn.params.map((p, i) => (
        <ValueInput
          key={`${fn.what}.${p.name}`}
          type={p.type}
          draft={drafts[i] as Draft}
          types={model.types}
          label={p.name}
          id={`${formId}-arg-${p.name}`}
          onChange={rerender}
        />
      ))}
      <div class="row">
        {!isQuery || deploying ? (
          <div class="field">
            <label for={`${formId}-msgvalue`}>Value to send with the message (u128, optional)</label>
            <input
              id={`${formId}-msgvalue`}
              type="text"
              inputMode="numeric"
              placeholder="0"
              value={value}
              onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
        ) : null}
        <div class="field">
          <label for={`${formId}-signer`}>{isQuery && !deploying ? 'Query as' : 'Sign as'}</label>
          <select
            id={`${formId}-signer`}
            value={account?.address ?? ''}
            onChange={(e) => setSigner((e.currentTarget as HTMLSelectElement).value)}
          >
            {accounts.length === 0 ? <option value="">no account: import a key</option> : null}
            {accounts.map((a) => (
              <option key={a.address} value={a.address}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <details class="import">
        <summary>Import a key</summary>
        <div class="field">
          <label for={`${formId}-secret`}>Secret key (32 bytes, 0x hex; kept in this tab only)</label>
          <input
            id={`${formId}-secret`}
            type="password"
            autoComplete="off"
            value={secret}
            onInput={(e) => setSecret((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            if (secret.trim() === '') {
              setKeyError('Secret key is empty: paste a 32-byte ed25519 secret (0x + 64 hex digits) in the field above.');
              document.getElementById(`${formId}-secret`)?.focus();
              return;
            }
            try {
              const a = importKey(secret);
              setSigner(a.address);
              setSecret('');
              setKeyError(undefined);
            } catch (e) {
              setKeyError(e instanceof Error ? e.message : String(e));
            }
          }}
        >
          Import
        </button>
        {keyError !== undefined ? (
          <p class="error" role="alert">
            {keyError}
          </p>
        ) : null}
      </details>
      <div class="actions">
        {deploying ? (
          <button type="submit">Deploy</button>
        ) : isQuery ? (
          <button type="submit">Query</button>
        ) : (
          <>
            <button type="submit">Call</button>
            <button type="button" class="secondary" onClick={() => void run('send')}>
              Send (no wait)
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => void run('query')}
              title="Dry run on current state; nothing is signed or kept"
            >
              Dry run
            </button>
          </>
        )}
        {info.value?.dev === true ? null : <span class="muted small">Dev accounts appear on a --dev node.</span>}
      </div>
      <OutcomeView outcome={outcome} />
    </form>
  );
}

function toHexString(bytes: Uint8Array): string {
  let s = '0x';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function OutcomeView({ outcome }: { outcome: Outcome | undefined }) {
  return (
    <div class="outcome" aria-live="polite">
      {outcome === undefined ? null : outcome.kind === 'invalid' ? (
        <p class="error" role="alert">
          {outcome.message}
        </p>
      ) : outcome.kind === 'pending' ? (
        <p class="muted">Sending {outcome.what}…</p>
      ) : outcome.kind === 'reply' ? (
        <div class="result ok">
          <p>
            <strong>Reply</strong>{' '}
            {outcome.messageId !== undefined ? <Hex value={outcome.messageId} link={href.message(outcome.messageId)} /> : null}
          </p>
          {outcome.decoded.json !== undefined ? <JsonView value={outcome.decoded.json} /> : <p class="error">{outcome.decoded.error}</p>}
          {outcome.events.length > 0 ? (
            <p>
              Events:{' '}
              {outcome.events.map((e, i) => (
                <span key={i} class="event-chip">
                  {eventText(e)}
                </span>
              ))}
            </p>
          ) : null}
        </div>
      ) : outcome.kind === 'sent' ? (
        <p class="result ok">
          Accepted: <Hex value={outcome.messageId} link={href.message(outcome.messageId)} />
        </p>
      ) : outcome.kind === 'deployed' ? (
        <p class="result ok">
          Deployed at <a href={href.actor(outcome.address)}>{outcome.address}</a>
        </p>
      ) : (
        <div class="result err" role="alert">
          <p>
            <strong>{outcome.code}</strong>: {outcome.message}
          </p>
          {outcome.decoded?.json !== undefined ? <JsonView value={outcome.decoded.json} /> : null}
          {outcome.messageId !== undefined ? (
            <p>
              See the message: <Hex value={outcome.messageId} link={href.message(outcome.messageId)} />
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
