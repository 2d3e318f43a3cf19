import { href } from '../route.js';
import { info, labelOf, rpc } from '../state.js';
import { parseTrace, type Step } from '../trace.js';
import type { MessageView } from '../types.js';
import { Addr, Hex, JsonView, PageTitle, Pending, Section, Status, useAsync } from '../ui.js';
import { type DecodedMessage, decodeMessage, eventText } from './decode.js';
import { Sequence } from './sequence.js';

interface Story {
  readonly message: MessageView;
  readonly trace: string | undefined;
  readonly traceError: string | undefined;
}

async function loadStory(id: string): Promise<Story> {
  const message = await rpc.request<MessageView>('message_get', { messageId: id });
  if (info.value?.dev !== true) return { message, trace: undefined, traceError: 'the trace needs a --dev node' };
  try {
    const t = await rpc.request<{ text: string }>('dev_trace', { messageId: id });
    return { message, trace: t.text, traceError: undefined };
  } catch (e) {
    return { message, trace: undefined, traceError: e instanceof Error ? e.message : String(e) };
  }
}

/** Steps from the message view alone, when the node gives no trace. */
function stepsOf(m: MessageView, d: DecodedMessage): Step[] {
  const from = labelOf(m.from);
  const to = labelOf(m.to);
  const out: Step[] = [
    { type: 'message', from, to, text: `${d.route ?? 'message'}${d.args?.json !== undefined ? JSON.stringify(d.args.json) : ''}` },
  ];
  for (const e of d.events) out.push({ type: 'event', from: labelOf(e.actor), to: labelOf(e.actor), text: eventText(e.decoded) });
  if (d.failed) {
    const code = m.replyCode ?? m.status ?? 'error';
    if (m.rolledBack === true || (m.status ?? '').toLowerCase().includes('roll'))
      out.push({ type: 'rollback', from: to, to, text: `${d.route ?? ''}: ${code}` });
    out.push({ type: 'error', from: to, to: from, text: `${code}${m.reason !== undefined ? `: ${m.reason}` : ''}` });
  } else if (m.reply !== undefined && m.reply !== null) {
    out.push({ type: 'reply', from: to, to: from, text: d.reply?.json !== undefined ? JSON.stringify(d.reply.json) : 'ok' });
  }
  return out;
}

/** One message in depth: who sent what to whom, the reply or error, events, messages it sent, rollbacks. */
export function MessagePage({ id }: { id: string }) {
  const state = useAsync(() => loadStory(id), [id]);
  const s = state.value;
  if (s === undefined)
    return (
      <>
        <PageTitle>Message</PageTitle>
        <Pending state={state} what={`message ${id}`} />
      </>
    );
  const m = s.message;
  const d = decodeMessage(m);
  const steps = s.trace !== undefined ? parseTrace(s.trace) : stepsOf(m, d);
  const rollbacks = steps.filter((x) => x.type === 'rollback');
  return (
    <>
      <PageTitle>
        Message <code class="wrap">{m.messageId}</code>
      </PageTitle>
      <Section title="Summary">
        <dl class="kv">
          <dt>From</dt>
          <dd>
            <Addr address={m.from} />
          </dd>
          <dt>To</dt>
          <dd>
            <Addr address={m.to} />
          </dd>
          <dt>Route</dt>
          <dd>{d.route ?? '—'}</dd>
          <dt>Status</dt>
          <dd>
            <Status status={m.status} code={m.replyCode} rolledBack={m.rolledBack ?? false} />
            {m.reason !== undefined ? <span class="muted"> {m.reason}</span> : null}
          </dd>
          <dt>Block</dt>
          <dd>{m.block !== undefined ? <a href={href.block(m.block)}>#{m.block}</a> : '—'}</dd>
          {m.value !== undefined ? (
            <>
              <dt>Value</dt>
              <dd>{m.value}</dd>
            </>
          ) : null}
          {m.gas !== undefined ? (
            <>
              <dt>Gas</dt>
              <dd>{String(m.gas)}</dd>
            </>
          ) : null}
          {m.parent !== undefined && m.parent !== null ? (
            <>
              <dt>Sent by message</dt>
              <dd>
                <Hex value={m.parent} link={href.message(m.parent)} />
              </dd>
            </>
          ) : null}
        </dl>
      </Section>
      <Section title="Arguments">
        {d.args?.json !== undefined ? <JsonView value={d.args.json} /> : <p class="muted">{d.args?.error ?? m.payload ?? 'not decoded'}</p>}
      </Section>
      <Section title={d.failed ? 'Error' : 'Reply'}>
        {d.failed ? (
          <p class="error">
            <strong>{m.replyCode ?? m.status}</strong> {m.reason ?? ''}
          </p>
        ) : null}
        {d.reply?.json !== undefined ? (
          <JsonView value={d.reply.json} />
        ) : m.reply ? (
          <code class="wrap">{m.reply}</code>
        ) : d.failed ? null : (
          <p class="muted">No reply.</p>
        )}
      </Section>
      <Section title="Events">
        {d.events.length === 0 ? (
          <p class="muted">No events.</p>
        ) : (
          <ul class="plain">
            {d.events.map((e, i) => (
              <li key={i}>
                <Addr address={e.actor} /> <span class="event-chip">{eventText(e.decoded)}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {m.sent !== undefined && m.sent.length > 0 ? (
        <Section title="Messages it sent">
          <ul class="plain">
            {m.sent.map((c) => (
              <li key={c}>
                <Hex value={c} link={href.message(c)} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section title="Sequence">
        {rollbacks.length > 0 ? (
          <p class="error" role="note">
            {rollbacks.length} rollback{rollbacks.length === 1 ? '' : 's'}: {rollbacks.map((r) => r.text).join('; ')}
          </p>
        ) : null}
        <Sequence steps={steps} title={`Sequence of message ${m.messageId}`} />
        {s.trace !== undefined ? (
          <details>
            <summary>Trace text</summary>
            <pre class="trace">{s.trace}</pre>
          </details>
        ) : (
          <p class="muted small">Drawn from the message record ({s.traceError}).</p>
        )}
      </Section>
    </>
  );
}
