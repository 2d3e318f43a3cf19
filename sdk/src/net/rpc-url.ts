// The URL a connection opens: a node's WebSocket RPC endpoint, however the user wrote it.
import { SdkError } from '../errors/sprocket-error.js';
import { parseUrl } from './platform.js';

/** A host (name, IPv4 or bracketed IPv6) and a port, with an optional path: an address written without a scheme. */
const SCHEMELESS = /^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}(?:\/\S*)?$/i;

/** `url` as a ws(s) URL of the RPC endpoint: no scheme or http(s) becomes ws(s), an empty path (or `/rpc/`) becomes `/rpc`; throws SDK_BAD_URL otherwise. */
export function rpcUrl(url: string): string {
  let parsed: ReturnType<typeof parseUrl>;
  try {
    // `127.0.0.1:9944` or `localhost:9944` (a host and port, as a node's address is often written) means ws://;
    // a bare word (`not-a-url`, a typo of a flag's value) is no address, and is refused rather than dialled.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) parsed = parseUrl(url);
    else if (SCHEMELESS.test(url)) parsed = parseUrl(`ws://${url}`);
    else throw new TypeError('no scheme and no port');
  } catch {
    throw new SdkError('SDK_BAD_URL', `not a node URL: ${JSON.stringify(url)} (expected ws://HOST:PORT/rpc)`);
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  else if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new SdkError('SDK_BAD_URL', `not a node URL: ${JSON.stringify(url)} (expected ws://HOST:PORT/rpc)`);
  }
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = '/rpc';
  // The node serves `/rpc` alone: a trailing slash, as URLs are often pasted, would fail the handshake.
  else if (parsed.pathname === '/rpc/') parsed.pathname = '/rpc';
  return parsed.toString();
}
