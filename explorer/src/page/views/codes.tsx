import { useState } from 'preact/hooks';
import { CallForm } from '../form/call-form.js';
import { href } from '../route.js';
import { signers, submit } from '../signer.js';
import { actors, blocks, listAll, loadCode } from '../state.js';
import type { CodeListItem } from '../types.js';
import { Addr, Hex, PageTitle, Pending, Section, useAsync } from '../ui.js';

/** Every uploaded code (`code_list`; deployed or not), else the codes the actors run, and a form to upload a bundle. */
export function CodesPage() {
  const list = useAsync(() => listAll<CodeListItem>('code_list'), [blocks.value[0]?.height]);
  const rows = list.value?.items;
  return (
    <>
      <PageTitle>Codes</PageTitle>
      {list.value === undefined && list.loading ? (
        <Pending state={list} what="the codes" />
      ) : rows !== undefined ? (
        rows.length === 0 ? (
          <p class="muted">No code uploaded yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="responsive code-list">
              <caption class="sr-only">Uploaded codes</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Programs</th>
                  <th scope="col">Uploaded</th>
                  <th scope="col">Actors</th>
                  <th scope="col">Size</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.codeId}>
                    <td data-label="Code">
                      <Hex value={c.codeId} link={href.code(c.codeId)} />
                    </td>
                    <td data-label="Programs">{c.actors.join(', ')}</td>
                    <td data-label="Uploaded">
                      <span>
                        {c.block === null ? '—' : <a href={href.block(c.block)}>#{c.block}</a>}
                        {c.uploader !== null ? (
                          <>
                            {' '}
                            <span class="muted">by</span> <Addr address={c.uploader} />
                          </>
                        ) : null}
                      </span>
                    </td>
                    <td data-label="Actors" class="num">
                      {c.deployed === 0 ? <span class="muted">not deployed</span> : c.deployed}
                    </td>
                    <td data-label="Size" class="num">
                      {c.size} B
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : (
        <InUse />
      )}
      {list.value !== undefined && list.value.total > list.value.items.length ? (
        <p class="muted">
          Showing {list.value.items.length} of {list.value.total} codes.
        </p>
      ) : null}
      {list.error !== undefined ? <Pending state={list} what="the codes" /> : null}
      <Upload />
    </>
  );
}

/** The codes the deployed actors run (for a node without `code_list`). */
function InUse() {
  const ids = [...new Set(actors.value.map((a) => a.codeId))];
  if (ids.length === 0) return <p class="muted">No code in use yet.</p>;
  return (
    <ul class="plain code-list">
      {ids.map((id) => (
        <li key={id}>
          <Hex value={id} link={href.code(id)} />{' '}
          <span class="muted">
            {actors.value
              .filter((a) => a.codeId === id)
              .map((a) => a.actor)
              .filter((n, i, all) => all.indexOf(n) === i)
              .join(', ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Upload() {
  const [status, setStatus] = useState<{ ok: boolean; text: string; codeId?: string } | undefined>(undefined);
  return (
    <Section title="Upload code">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const file = (e.currentTarget.elements.namedItem('bundle') as HTMLInputElement).files?.[0];
          const account = signers()[0];
          if (file === undefined) return setStatus({ ok: false, text: 'choose a bundle file (what `sprocket deploy` builds)' });
          if (account === undefined)
            return setStatus({ ok: false, text: 'no account to sign with: import a key in a call form, or use a --dev node' });
          try {
            const code = new Uint8Array(await file.arrayBuffer());
            const r = await submit<{ codeId: string }>(account, 'code_upload', { kind: 'UploadCode', code });
            setStatus({ ok: true, text: 'Uploaded', codeId: r.codeId });
          } catch (err) {
            setStatus({ ok: false, text: err instanceof Error ? err.message : String(err) });
          }
        }}
      >
        <div class="field">
          <label for="bundle">Bundle (CommonJS, as `sprocket deploy` builds it)</label>
          <input id="bundle" name="bundle" type="file" accept=".js,.cjs,text/javascript" />
        </div>
        <button type="submit">Upload</button>
        <div aria-live="polite">
          {status === undefined ? null : status.ok ? (
            <p class="result ok">
              {status.text}: <Hex value={status.codeId} link={status.codeId === undefined ? undefined : href.code(status.codeId)} />
            </p>
          ) : (
            <p class="error" role="alert">
              {status.text}
            </p>
          )}
        </div>
      </form>
    </Section>
  );
}

/** One code: its size, programs, IDLs and a deploy form per program. */
export function CodePage({ id }: { id: string }) {
  const state = useAsync(() => loadCode(id), [id]);
  const c = state.value;
  const running = actors.value.filter((a) => a.codeId === id);
  return (
    <>
      <PageTitle>
        Code <code class="wrap">{id}</code>
      </PageTitle>
      {c === undefined ? (
        <Pending state={state} what="the code" />
      ) : (
        <>
          <Section title="Summary">
            <dl class="kv">
              <dt>Size</dt>
              <dd>{c.code.size} bytes</dd>
              <dt>Programs</dt>
              <dd>{c.code.actors.join(', ') || '—'}</dd>
              {c.code.block !== undefined && c.code.block !== null ? (
                <>
                  <dt>Uploaded</dt>
                  <dd>
                    in <a href={href.block(c.code.block)}>#{c.code.block}</a>
                    {c.code.uploader !== undefined && c.code.uploader !== null ? (
                      <>
                        {' '}
                        by <Addr address={c.code.uploader} />
                      </>
                    ) : null}
                  </dd>
                </>
              ) : null}
              <dt>Actors running it</dt>
              <dd>
                {running.length === 0 ? (
                  <span class="muted">none: not deployed yet (deploy it below)</span>
                ) : (
                  running.map((a) => (
                    <span key={a.address}>
                      <a href={href.actor(a.address)}>{a.label ?? a.actor}</a>{' '}
                    </span>
                  ))
                )}
              </dd>
            </dl>
          </Section>
          {[...c.models].map(([name, model]) => (
            <Section key={name} title={`Program ${name}`} id={`prog-${name}`}>
              {model instanceof Error ? (
                <p class="error">The IDL does not parse: {model.message}</p>
              ) : (
                <>
                  <h3>Deploy</h3>
                  <CallForm model={model} codeId={id} />
                  <details>
                    <summary>IDL of {name}</summary>
                    <pre class="idl">{model.idl}</pre>
                  </details>
                </>
              )}
            </Section>
          ))}
        </>
      )}
    </>
  );
}
