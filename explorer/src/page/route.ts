import { signal } from '@preact/signals';

/** A page of the explorer, from the address's hash. */
export type Route =
  | { readonly page: 'blocks' }
  | { readonly page: 'block'; readonly height: number }
  | { readonly page: 'message'; readonly id: string }
  | { readonly page: 'actors' }
  | { readonly page: 'actor'; readonly address: string }
  | { readonly page: 'accounts' }
  | { readonly page: 'account'; readonly address: string }
  | { readonly page: 'codes' }
  | { readonly page: 'code'; readonly id: string }
  | { readonly page: 'not-found'; readonly path: string };

/** Parses `#/block/12`, `#/message/0x…` etc. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+|\/+$/g, '');
  const [head = '', arg = ''] = path.split('/');
  switch (head) {
    case '':
    case 'blocks':
      return { page: 'blocks' };
    case 'block':
      // A height past 2^53 would round to another block's number: named as not found rather than shown as that block.
      return /^\d+$/.test(arg) && Number.isSafeInteger(Number(arg)) ? { page: 'block', height: Number(arg) } : { page: 'not-found', path };
    case 'message':
      return arg ? { page: 'message', id: arg } : { page: 'not-found', path };
    case 'actors':
      return { page: 'actors' };
    case 'actor':
      return arg ? { page: 'actor', address: arg } : { page: 'actors' };
    case 'accounts':
      return { page: 'accounts' };
    case 'account':
      return arg ? { page: 'account', address: arg } : { page: 'accounts' };
    case 'codes':
      return { page: 'codes' };
    case 'code':
      return arg ? { page: 'code', id: arg } : { page: 'codes' };
    default:
      return { page: 'not-found', path };
  }
}

/** The current route; follows `hashchange`. */
export const route = signal<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

/** Starts following the address bar. */
export function followHash(): void {
  addEventListener('hashchange', () => {
    route.value = parseRoute(location.hash);
    // Move focus to the new page's heading so keyboard and screen-reader users land on it.
    queueMicrotask(() => document.querySelector<HTMLElement>('main h1')?.focus());
  });
}

/** Links. */
export const href = {
  blocks: () => '#/',
  block: (h: number) => `#/block/${h}`,
  message: (id: string) => `#/message/${id}`,
  actors: () => '#/actors',
  actor: (a: string) => `#/actor/${a}`,
  accounts: () => '#/accounts',
  account: (a: string) => `#/account/${a}`,
  codes: () => '#/codes',
  code: (id: string) => `#/code/${id}`,
};
