import { href } from '../route.js';
import { rpc } from '../state.js';
import type { BlockView, MessageView } from '../types.js';
import { Addr, Hex, JsonView, Section, Status, useAsync } from '../ui.js';
import { decodeMessage, eventText } from './decode.js';

/** One message as a table row: id, sender → receiver, route, arguments, reply, status, gas and size. */
export function MessageRow({ m }: { m: MessageView }) {
  const d = decodeMessage(m);
  return (
    <tr>
      <td data-label="Message">
        <Hex value={m.messageId} link={href.message(m.messageId)} />
      </td>
      <td data-label="From → To">
        <span>
          <Addr address={m.from} /> <span aria-hidden="true">→</span>
          <span class="sr-only"> to </span> <Addr address={m.to} />
        </span>
      </td>
      <td data-label="Route">{d.route ?? <span class="muted">{m.kind ?? '—'}</span>}</td>
      <td data-label="Arguments">
        {d.args?.json !== undefined ? (
          <JsonView value={d.args.json} inline />
        ) : m.payload !== undefined ? (
          <code class="muted">{payloadSize(m.payload)}</code>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td data-label="Reply">
        <div>
          {d.reply?.json !== undefined ? (
            <JsonView value={d.reply.json} inline />
          ) : m.reply ? (
            <Hex value={m.reply} />
          ) : (
            <span class="muted">—</span>
          )}
          {d.events.length > 0 ? (
            <div class="events-inline">
              {d.events.map((e, i) => {
                const text = eventText(e.decoded);
                return (
                  <span key={i} class="event-chip clamp" title={text}>
                    {text}
                  </span>
                );
              })}
            </div>
          ) : null}
        </div>
      </td>
      <td data-label="Status">
        {d.failed && m.rolledBack === undefined ? (
          <FailedStatus m={m} />
        ) : (
          <Status status={m.status} code={m.replyCode} rolledBack={m.rolledBack ?? false} />
        )}
      </td>
      <td data-label="Gas / size" class="num">
        {m.gas ?? '—'} / {m.size ?? (m.payload !== undefined ? (m.payload.length - 2) / 2 : '—')}
      </td>
    </tr>
  );
}

/** The status of a failed message whose row does not say whether it rolled back: `message_get` tells (failures are few). */
function FailedStatus({ m }: { m: MessageView }) {
  const full = useAsync(() => rpc.request<MessageView>('message_get', { messageId: m.messageId }), [m.messageId]);
  return <Status status={m.status} code={m.replyCode} rolledBack={full.value?.rolledBack ?? false} />;
}

function payloadSize(h: string): string {
  return `${(h.length - 2) / 2} bytes`;
}

/** The messages of a block (or any list) as a table that stacks into cards on a narrow screen. */
export function MessageTable({ messages, caption }: { messages: readonly MessageView[]; caption: string }) {
  if (messages.length === 0) return <p class="muted">No messages.</p>;
  return (
    <div class="table-wrap">
      <table class="responsive messages">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">From → To</th>
            <th scope="col">Route</th>
            <th scope="col">Arguments</th>
            <th scope="col">Reply / events</th>
            <th scope="col">Status</th>
            <th scope="col">Gas / size</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <MessageRow key={m.messageId} m={m} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The messages from or to an address among the blocks the page has loaded (newest first), saying which blocks those
 * are: an empty list means none there, not none ever.
 */
export function RecentMessages({ address, blocks }: { address: string; blocks: readonly BlockView[] }) {
  const a = address.toLowerCase();
  const mine = blocks
    .flatMap((b) => b.messages)
    .filter((m) => m.from.toLowerCase() === a || m.to.toLowerCase() === a)
    .slice(0, 20);
  const heights = blocks.map((b) => b.height);
  const span = heights.length === 0 ? 'no blocks loaded yet' : `blocks #${Math.min(...heights)}–#${Math.max(...heights)}`;
  return (
    <Section title="Recent messages">
      <p class="muted">
        Among the blocks this page has loaded ({span}); older messages are on their <a href={href.blocks()}>block pages</a>.
      </p>
      {mine.length === 0 ? (
        <p class="muted">None from or to this address in those blocks.</p>
      ) : (
        <MessageTable messages={mine} caption={`Recent messages of ${address}`} />
      )}
    </Section>
  );
}
