import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { CallForm } from '../form/call-form.js';
import { type ActorModel, type Decoded, decodeEvent, decodeReply, encodeCall, hex } from '../idl-model.js';
import { href } from '../route.js';
import { actorSignal, actors, blocks, labelOf, refreshActor, rpc } from '../state.js';
import type { EventNotice } from '../types.js';
import { Hex, JsonView, PageTitle, Pending, Section, useAsync } from '../ui.js';
import { eventText } from './decode.js';
import { RecentMessages } from './messages.js';

/** Every deployed actor. */
export function ActorsPage() {
  const list = actors.value;
  return (
    <>
      <PageTitle>Actors</PageTitle>
      {list.length === 0 ? (
        <p class="muted">No actors deployed yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="responsive">
            <caption class="sr-only">Deployed actors</caption>
            <thead>
              <tr>
                <th scope="col">Actor</th>
                <th scope="col">Program</th>
                <th scope="col">Address</th>
                <th scope="col">Code</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => (
                <tr key={a.address}>
                  <td data-label="Actor">
                    <a href={href.actor(a.address)}>{labelOf(a.address)}</a>
                  </td>
                  <td data-label="Program">{a.actor}</td>
                  <td data-label="Address">
                    <Hex value={a.address} />
                  </td>
                  <td data-label="Code">
                    <Hex value={a.codeId} link={href.code(a.codeId)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

interface QueryResult {
  readonly what: string;
  readonly decoded: Decoded;
}

/** Runs the actor's argument-free queries: its readable state as the contract exposes it. */
async function runQueries(address: string, model: ActorModel): Promise<QueryResult[]> {
  const queries = model.functions.filter((f) => f.kind === 'query' && f.params.length === 0);
  return Promise.all(
    queries.map(async (fn) => {
      try {
        const r = await rpc.request<{ reply: string }>('actor_query', { to: address, payload: hex(encodeCall(model, fn, [])) });
        return { what: fn.what, decoded: decodeReply(model, fn, r.reply) };
      } catch (e) {
        return { what: fn.what, decoded: { error: e instanceof Error ? e.message : String(e) } };
      }
    }),
  );
}

interface LiveEvent {
  readonly n: number;
  readonly notice: EventNotice;
  readonly decoded: Decoded;
}

function LiveEvents({ address, model }: { address: string; model: ActorModel | undefined }) {
  const [events, setEvents] = useState<readonly LiveEvent[]>([]);
  useEffect(() => {
    let n = 0;
    setEvents([]);
    return rpc.subscribe({ topic: 'events', actor: address }, (result) => {
      const notice = result as EventNotice;
      const decoded = model === undefined ? { error: 'no IDL' } : decodeEvent(model, notice.payload);
      n++;
      setEvents((old) => [{ n, notice, decoded }, ...old].slice(0, 100));
    });
  }, [address, model]);
  return (
    <Section title="Live events">
      {events.length === 0 ? (
        <p class="muted">Listening… new events of this actor appear here.</p>
      ) : (
        <ol class="plain live-events" aria-live="polite">
          {events.map((e) => (
            <li key={e.n}>
              <span class="event-chip clamp" title={eventText(e.decoded)}>
                {eventText(e.decoded)}
              </span>{' '}
              <span class="muted">in</span> <a href={href.block(e.notice.block)}>#{e.notice.block}</a> <span class="muted">by</span>{' '}
              <Hex value={e.notice.messageId} link={href.message(e.notice.messageId)} />
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/** One actor: program, code, balance, state, a call form, its IDL and its events live. */
export function ActorPage({ address }: { address: string }) {
  const loaded = actorSignal(address).value;
  const info = loaded?.value;
  const model = info?.model;
  const queries = useAsync(() => (model === undefined ? Promise.resolve([]) : runQueries(address, model)), [address, model]);
  if (info === undefined)
    return (
      <>
        <PageTitle>Actor {labelOf(address)}</PageTitle>
        <Pending
          state={{ loading: loaded === undefined, error: loaded?.error, notFound: loaded?.notFound, reload: () => refreshActor(address) }}
          what="the actor"
        />
        <p>
          <a href={href.account(address)}>Open as an account</a>
        </p>
      </>
    );
  const a = info.actor;
  return (
    <>
      <PageTitle>
        {labelOf(address)} {labelOf(address) === a.actor ? null : <span class="muted">({a.actor})</span>}
      </PageTitle>
      <Section title="Summary">
        <dl class="kv">
          <dt>Address</dt>
          <dd>
            <code class="wrap">{a.address}</code>
          </dd>
          <dt>Program</dt>
          <dd>{a.actor}</dd>
          <dt>Code</dt>
          <dd>
            <Hex value={a.codeId} link={href.code(a.codeId)} />
          </dd>
          <dt>Balance</dt>
          <dd>{a.balance}</dd>
          <dt>Status</dt>
          <dd>{a.status}</dd>
          <dt>Mailbox</dt>
          <dd>
            <a href={href.account(a.address)}>as an account</a>
          </dd>
        </dl>
      </Section>
      <Section title="State">
        {a.state != null ? (
          <div class="state-fields">
            <p class="muted">Fields, as the node holds them:</p>
            <JsonView value={a.state} />
          </div>
        ) : null}
        {model === undefined ? (
          <p class="error">{info.modelError}</p>
        ) : queries.value === undefined ? (
          <Pending state={queries} what="the queries" />
        ) : queries.value.length === 0 && a.state == null ? (
          <p class="muted">No argument-free queries to read state with.</p>
        ) : (
          <dl class="kv">
            {queries.value.map((q) => (
              <Fragment key={q.what}>
                <dt>{q.what}</dt>
                <dd>{q.decoded.json !== undefined ? <JsonView value={q.decoded.json} /> : <span class="error">{q.decoded.error}</span>}</dd>
              </Fragment>
            ))}
          </dl>
        )}
        <button type="button" class="small secondary" onClick={() => queries.reload()}>
          Refresh state
        </button>
      </Section>
      {model !== undefined ? (
        <Section title="Call">
          <CallForm
            model={model}
            address={a.address}
            onDone={() => {
              refreshActor(a.address);
              queries.reload();
            }}
          />
        </Section>
      ) : null}
      <LiveEvents address={a.address} model={model} />
      <RecentMessages address={a.address} blocks={blocks.value} />
      {model !== undefined ? (
        <Section title="IDL">
          <details>
            <summary>Show the IDL of {a.actor}</summary>
            <pre class="idl">{model.idl}</pre>
          </details>
        </Section>
      ) : null}
    </>
  );
}
