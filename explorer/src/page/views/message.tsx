import { escapeBidi } from '../bidi.js';
import { href } from '../route.js';
import { info, labelOf, rpc, shortHex } from '../state.js';
import { parseTrace, type Step, stepOfStory } from '../trace.js';
import type { MessageView, StoryStep } from '../types.js';
import { Addr, Hex, JsonView, PageTitle, Pending, RawHex, Section, Status, useAsync } from '../ui.js';
import { type DecodedMessage, decodeMessage, eventText } from './decode.js';
import { Sequence } from './sequence.js';

interface Story {
  readonly message: MessageView;
  /** Where the steps came from: the node's story, the dev trace, or the message view alone. */
  readonly steps: 'story' | 'trace' | 'view';
  readonly trace: string | undefined;
  readonly traceError: string | undefined;
}

async function loadStory(id: string): Promise<Story> {
  const message = await rpc.request<MessageView>('message_get', { messageId: id });
  if (message.story !== undefined) return { message, steps: 'story', trace: undefined, traceError: undefined };
  if (info.value?.dev !== true)
    return { message, steps: 'view', trace: undefined, traceError: 'the node tells no story; the trace needs a --dev node' };
  try {
    const t = await rpc.request<{ text: string }>('dev_trace', { messageId: id });
    return { message, steps: 'trace', trace: t.text, traceError: undefined };
  } catch (e) {
    return { message, steps: 'view', trace: undefined, traceError: e instanceof Error ? e.message : String(e) };
  }
}

/** The messages the handler sent (and theirs), each with the outcome its story tells. */
function SentMessages({ story, root }: { story: readonly StoryStep[]; root: string }) {
  const sent = story.filter((s) => (s.type === 'message' || s.type === 'mailbox') && s.causeId !== undefined);
  if (sent.length === 0) return <p class="muted">It sent no message.</p>;
  return (
    <div class="table-wrap">
      <table class="responsive">
        <caption class="sr-only">Messages sent while handling this message</caption>
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">From → to</th>
            <th scope="col">Route and arguments</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {sent.map((m) => {
            const end = story.find(
              (s) => s.messageId === m.messageId && (s.type === 'reply' || s.type === 'error-reply' || s.type === 'timeout'),
            );
            const rolled = story.some((s) => s.messageId === m.messageId && s.type === 'rollback');
            return (
              <tr key={m.messageId}>
                <td data-label="Message">
                  <span>
                    <code title={m.messageId}>{shortHex(m.messageId)}</code>
                    {m.causeId !== root ? <span class="muted small"> (sent by {shortHex(m.causeId ?? '')})</span> : null}
                  </span>
                </td>
                <td data-label="From → to">
                  <span>
                    {m.from} → {m.to}
                  </span>
                </td>
                <td data-label="Route">
                  <div>
                    {m.type === 'mailbox' ? 'to the mailbox' : (m.route ?? 'message')}
                    {m.json !== undefined ? <JsonView value={m.json} inline /> : null}
                  </div>
                </td>
                <td data-label="Outcome">
                  <div>
                    {end === undefined ? (
                      <span class="muted">{m.type === 'mailbox' ? 'delivered' : 'no reply yet'}</span>
                    ) : end.type === 'reply' ? (
                      <>
                        <span class="badge ok">ok</span> {end.json !== undefined ? <JsonView value={end.json} inline /> : null}
                      </>
                    ) : (
                      <Status status="error" code={end.code} rolledBack={rolled} />
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Every rollback of the story: whose segment, which route, why. */
function Rollbacks({ steps }: { steps: readonly StoryStep[] }) {
  return (
    <ul class="plain rollbacks">
      {steps.map((r, i) => (
        <li key={i}>
          <span class="badge warn">rolled back</span> <strong>{r.to}</strong> {r.route ?? ''}{' '}
          <span class="error">
            {r.code} {r.reason}
          </span>{' '}
          {r.text.includes('after an await') ? <span class="muted">(after an await: earlier segments stayed committed)</span> : null}{' '}
          <span class="muted small">
            in <a href={href.block(r.block)}>#{r.block}</a>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Steps from the message view alone, when the node gives no trace. */
function stepsOf(m: MessageView, d: DecodedMessage): Step[] {
  const from = labelOf(m.from);
  const to = labelOf(m.to);
  const out: Step[] = [
    {
      type: 'message',
      from,
      to,
      text: `${d.route ?? 'message'}${d.args?.json !== undefined ? escapeBidi(JSON.stringify(d.args.json)) : ''}`,
    },
  ];
  for (const e of d.events) out.push({ type: 'event', from: labelOf(e.actor), to: labelOf(e.actor), text: eventText(e.decoded) });
  if (d.failed) {
    const code = m.replyCode ?? m.status ?? 'error';
    if (m.rolledBack === true || (m.status ?? '').toLowerCase().includes('roll'))
      out.push({ type: 'rollback', from: to, to, text: `${d.route ?? ''}: ${code}` });
    out.push({ type: 'error', from: to, to: from, text: `${code}${m.reason !== undefined ? `: ${m.reason}` : ''}` });
  } else if (m.reply !== undefined && m.reply !== null) {
    out.push({ type: 'reply', from: to, to: from, text: d.reply?.json !== undefined ? escapeBidi(JSON.stringify(d.reply.json)) : 'ok' });
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
  const story = m.story ?? [];
  const steps = s.steps === 'story' ? story.map(stepOfStory) : s.trace !== undefined ? parseTrace(s.trace) : stepsOf(m, d);
  const rollbacks = steps.filter((x) => x.type === 'rollback');
  const storyRollbacks = story.filter((x) => x.type === 'rollback');
  const storyEvents = story.filter((x) => x.type === 'event');
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
          {m.delivered !== undefined && m.delivered !== null ? (
            <>
              <dt>Delivered</dt>
              <dd>
                to the mailbox of <Addr address={m.to} /> in <a href={href.block(m.delivered)}>#{m.delivered}</a>
              </dd>
            </>
          ) : null}
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
        {d.args?.json !== undefined ? (
          <JsonView value={d.args.json} />
        ) : d.args?.error === undefined && m.payload !== undefined ? (
          <RawHex value={m.payload} />
        ) : (
          <p class="muted wrap">{d.args?.error ?? 'not decoded'}</p>
        )}
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
          <RawHex value={m.reply} />
        ) : d.failed ? null : (
          <p class="muted">No reply.</p>
        )}
      </Section>
      <Section title="Events">
        {s.steps === 'story' ? (
          storyEvents.length === 0 ? (
            <p class="muted">No events.</p>
          ) : (
            <ul class="plain">
              {storyEvents.map((e, i) => (
                <li key={i}>
                  <strong>{e.from}</strong>{' '}
                  <span class="event-chip">
                    {e.route}
                    {e.json === undefined || e.json === null ? '' : `(${escapeBidi(JSON.stringify(e.json))})`}
                  </span>
                </li>
              ))}
            </ul>
          )
        ) : d.events.length === 0 ? (
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
      {s.steps === 'story' ? (
        <Section title="Messages it sent">
          <SentMessages story={story} root={m.messageId} />
        </Section>
      ) : null}
      {storyRollbacks.length > 0 ? (
        <Section title="Rollbacks" id="rollbacks">
          <Rollbacks steps={storyRollbacks} />
        </Section>
      ) : null}
      {s.steps !== 'story' && m.sent !== undefined && m.sent.length > 0 ? (
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
        ) : s.steps === 'story' ? (
          <details>
            <summary>Trace text</summary>
            <pre class="trace">{story.map((x) => x.text).join('\n')}</pre>
          </details>
        ) : (
          <p class="muted small">Drawn from the message record ({s.traceError}).</p>
        )}
      </Section>
    </>
  );
}
