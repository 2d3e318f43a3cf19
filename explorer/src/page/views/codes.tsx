import { useState } from 'preact/hooks';
import { CallForm } from '../form/call-form.js';
import { href } from '../route.js';
import { signers, submit } from '../signer.js';
import { actors, loadCode } from '../state.js';
import { Hex, PageTitle, Pending, Section, useAsync } from '../ui.js';

/** Codes in use (from the actors) and a form to upload a bundle. */
export function CodesPage() {
  const ids = [...new Set(actors.value.map((a) => a.codeId))];
  return (
    <>
      <PageTitle>Codes</PageTitle>
      {ids.length === 0 ? (
        <p class="muted">No code in use yet.</p>
      ) : (
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
      )}
      <Upload />
    </>
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
              <dt>Actors running it</dt>
              <dd>
                {actors.value
                  .filter((a) => a.codeId === id)
                  .map((a) => (
                    <span key={a.address}>
                      <a href={href.actor(a.address)}>{a.label ?? a.actor}</a>{' '}
                    </span>
                  ))}
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
