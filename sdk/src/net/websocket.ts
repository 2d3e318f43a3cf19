// The slice of the WebSocket API a node connection uses: the browser's `WebSocket`, Node 22's global one and the
// `ws` package's class all provide it, so the sdk imports none of them.
import { SdkError } from '../errors/sprocket-error.js';
import { utf8Decoder } from '../scale/utf8.js';

/** A WebSocket class: `globalThis.WebSocket` in browsers and Node 22+, the `ws` package's export in Node 20. */
export type WebSocketClass = new (url: string) => object;

/** The members of a WebSocket instance the connection uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code?: number; readonly reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** The WebSocket class to use: the one given, else the platform's; a clear error when there is none. */
export function resolveWebSocket(given: WebSocketClass | undefined): new (url: string) => WebSocketLike {
  const found = given ?? (globalThis as { WebSocket?: WebSocketClass }).WebSocket;
  if (found === undefined) {
    throw new SdkError(
      'SDK_NO_WEBSOCKET',
      'this platform has no global WebSocket (Node 20): pass one, e.g. connect(url, { WebSocket }) with `import WebSocket from "ws"`',
    );
  }
  return found as new (
    url: string,
  ) => WebSocketLike;
}

/** The text of a message event's data (a string from browsers and `ws`; bytes from some polyfills); undefined if none. */
export function frameText(data: unknown): string | undefined {
  try {
    if (typeof data === 'string') return data;
    if (data instanceof ArrayBuffer) return utf8Decoder.decode(new Uint8Array(data));
    if (ArrayBuffer.isView(data)) return utf8Decoder.decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } catch {
    // Not UTF-8: not a JSON-RPC frame.
  }
  return undefined;
}
