// The URL a connection opens: a node's WebSocket RPC endpoint, however the user wrote it.
import { SdkError } from '../errors/sprocket-error.js';
import { parseUrl } from './platform.js';

/** `url` as a ws(s) URL of the RPC endpoint: http(s) becomes ws(s), an empty path becomes `/rpc`; throws SDK_BAD_URL otherwise. */
export function rpcUrl(url: string): string {
  let parsed: ReturnType<typeof parseUrl>;
  try {
    parsed = parseUrl(url);
  } catch {
    throw new SdkError('SDK_BAD_URL', `not a node URL: ${JSON.stringify(url)} (expected ws://HOST:PORT/rpc)`);
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  else if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new SdkError('SDK_BAD_URL', `not a node URL: ${JSON.stringify(url)} (expected ws://HOST:PORT/rpc)`);
  }
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = '/rpc';
  return parsed.toString();
}
