import { type Route, route } from './route.js';
import { info, loadError, rpc } from './state.js';
import { PageTitle } from './ui.js';
import { AccountPage, AccountsPage } from './views/accounts.js';
import { ActorPage, ActorsPage } from './views/actors.js';
import { BlockPage, BlocksPage } from './views/blocks.js';
import { CodePage, CodesPage } from './views/codes.js';
import { MessagePage } from './views/message.js';

function Page({ r }: { r: Route }) {
  switch (r.page) {
    case 'blocks':
      return <BlocksPage />;
    case 'block':
      return <BlockPage height={r.height} />;
    case 'message':
      return <MessagePage id={r.id} />;
    case 'actors':
      return <ActorsPage />;
    case 'actor':
      return <ActorPage address={r.address} />;
    case 'accounts':
      return <AccountsPage />;
    case 'account':
      return <AccountPage address={r.address} />;
    case 'codes':
      return <CodesPage />;
    case 'code':
      return <CodePage id={r.id} />;
    case 'not-found':
      return (
        <>
          <PageTitle>Not found</PageTitle>
          <p>
            There is no page <code>{r.path}</code>. <a href="#/">Go to the blocks.</a>
          </p>
        </>
      );
  }
}

const NAV: readonly { readonly label: string; readonly hash: string; readonly pages: readonly Route['page'][] }[] = [
  { label: 'Blocks', hash: '#/', pages: ['blocks', 'block', 'message'] },
  { label: 'Actors', hash: '#/actors', pages: ['actors', 'actor'] },
  { label: 'Accounts', hash: '#/accounts', pages: ['accounts', 'account'] },
  { label: 'Codes', hash: '#/codes', pages: ['codes', 'code'] },
];

/** The page: header with navigation and connection state, then the current view. */
export function App() {
  const r = route.value;
  const i = info.value;
  const state = rpc.state.value;
  return (
    <>
      {/* The hash holds the route, so the skip control moves focus instead of linking to #main. */}
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href="#/">
          Sprocket <span>explorer</span>
        </a>
        <nav aria-label="Sections">
          <ul>
            {NAV.map((n) => (
              <li key={n.hash}>
                <a href={n.hash} aria-current={n.pages.includes(r.page) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class={`conn ${state}`} role="status" aria-live="polite">
          <span class="dot" aria-hidden="true" />
          {state === 'open'
            ? i !== undefined
              ? `${i.chainId} · #${i.height}${i.dev ? ' · dev' : ''}`
              : 'connected'
            : state === 'connecting'
              ? 'connecting…'
              : 'disconnected, retrying…'}
        </p>
      </header>
      {loadError.value !== undefined ? (
        <p class="banner error" role="alert">
          {loadError.value}
        </p>
      ) : null}
      <main id="main" tabIndex={-1}>
        <Page r={r} />
      </main>
    </>
  );
}
