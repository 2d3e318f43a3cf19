import { blockRuns } from '../block-runs.js';
import { href } from '../route.js';
import { blocks, rpc } from '../state.js';
import type { BlockView } from '../types.js';
import { Addr, Hex, PageTitle, Pending, Section, Time, useAsync } from '../ui.js';
import { MessageTable } from './messages.js';

/** The newest blocks, each with its messages; new blocks appear live. */
export function BlocksPage() {
  const list = blocks.value;
  return (
    <>
      <PageTitle>Blocks</PageTitle>
      {list.length === 0 ? <p class="muted">Waiting for the first block…</p> : null}
      <ol class="block-list" aria-label="Newest blocks">
        {blockRuns(list).map((run) =>
          run.length > 1 ? (
            <EmptyRun key={`empty-${run[0]?.height}`} run={run} />
          ) : (
            <BlockCard key={run[0]?.height} b={run[0] as BlockView} />
          ),
        )}
      </ol>
    </>
  );
}

/** Consecutive blocks that ran nothing, as one line (newest first). */
function EmptyRun({ run }: { run: readonly BlockView[] }) {
  const newest = run[0] as BlockView;
  const oldest = run[run.length - 1] as BlockView;
  return (
    <li class="block-gap muted">
      Blocks <a href={href.block(oldest.height)}>#{oldest.height}</a>–<a href={href.block(newest.height)}>#{newest.height}</a>: no inputs,
      no messages
    </li>
  );
}

function BlockCard({ b }: { b: BlockView }) {
  return (
    <li class="card block-card">
      <div class="block-head">
        <h2>
          <a href={href.block(b.height)}>Block #{b.height}</a>
        </h2>
        <span class="muted">
          <Time value={b.timestamp} /> · {b.inputs.length} input{b.inputs.length === 1 ? '' : 's'} · {b.messages.length} message
          {b.messages.length === 1 ? '' : 's'} · <Hex value={b.hash} />
        </span>
      </div>
      {b.messages.length > 0 ? <MessageTable messages={b.messages} caption={`Messages of block ${b.height}`} /> : null}
    </li>
  );
}

/** One block: header fields, inputs and messages. */
export function BlockPage({ height }: { height: number }) {
  const live = blocks.value.find((b) => b.height === height);
  const state = useAsync(
    () => (live !== undefined ? Promise.resolve(live) : rpc.request<BlockView>('chain_block', { height })),
    [height, live],
  );
  const b = state.value;
  // The newest block the page knows of (live from the node): no block after it to link to yet (-1: not loaded).
  const head = blocks.value.reduce((max, kept) => Math.max(max, kept.height), -1);
  return (
    <>
      <PageTitle>Block #{height}</PageTitle>
      {/* Neighbours of a block that exists: a height past the head leads nowhere. */}
      {b === undefined ? null : (
        <nav class="pager" aria-label="Neighbouring blocks">
          {height > 0 ? <a href={href.block(height - 1)}>← #{height - 1}</a> : null}
          {head < 0 || height < head ? <a href={href.block(height + 1)}>#{height + 1} →</a> : <span class="muted">newest block</span>}
        </nav>
      )}
      {b === undefined ? (
        <Pending state={state} what={`block ${height}`} />
      ) : (
        <>
          <Section title="Header">
            <dl class="kv">
              <dt>Hash</dt>
              <dd>
                <code class="wrap">{b.hash}</code>
              </dd>
              <dt>Parent</dt>
              <dd>
                <code class="wrap">{b.parentHash}</code>
              </dd>
              <dt>State root</dt>
              <dd>
                <code class="wrap">{b.stateRoot}</code>
              </dd>
              <dt>Time</dt>
              <dd>
                <Time value={b.timestamp} />
              </dd>
            </dl>
          </Section>
          <Section title="Inputs">
            {b.inputs.length === 0 ? (
              <p class="muted">No inputs.</p>
            ) : (
              <ul class="plain">
                {b.inputs.map((i, n) => (
                  <li key={n}>
                    <strong>{i.kind}</strong>{' '}
                    {i.signer !== undefined ? (
                      <>
                        by <Addr address={i.signer} />
                      </>
                    ) : null}
                    {i.nonce !== undefined ? <span class="muted"> nonce {String(i.nonce)}</span> : null}
                    {i.messageId !== undefined ? (
                      <>
                        {' '}
                        → <Hex value={i.messageId} link={href.message(i.messageId)} />
                      </>
                    ) : null}
                    {i.error !== undefined ? (
                      <>
                        {' '}
                        <span class="badge err">failed: {i.error}</span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Messages">
            <MessageTable messages={b.messages} caption={`Messages of block ${b.height}`} />
          </Section>
        </>
      )}
    </>
  );
}
