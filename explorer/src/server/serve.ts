import { createReadStream, type Stats, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { explorerAssets } from './assets.js';
import { mimeType } from './mime.js';

/** Options of {@link createExplorerHandler}. */
export interface ExplorerHandlerOptions {
  /** The directory to serve (default: {@link explorerAssets}). */
  readonly root?: string;
  /** URL paths left to the caller (default: `/rpc` and `/health`, with anything below them). */
  readonly reserved?: readonly string[];
}

/** A static-file handler: answers and returns true, or returns false to let the caller answer. */
export type ExplorerHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
};

function fileStats(path: string): Stats | undefined {
  try {
    const s = statSync(path);
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra });
  res.end(`${text}\n`);
}

/**
 * Makes the explorer's static-file handler: GET and HEAD of files under the root with their MIME type, index.html
 * for `/` and, as a single-page app, for any extensionless path; 404 for a missing asset, 400 for a malformed or
 * escaping path. Other methods and the reserved paths return false untouched.
 */
export function createExplorerHandler(options: ExplorerHandlerOptions = {}): ExplorerHandler {
  const root = resolve(options.root ?? explorerAssets());
  const reserved = options.reserved ?? ['/rpc', '/health'];
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const raw = (req.url ?? '/').split('?')[0]?.split('#')[0] ?? '/';
    if (reserved.some((r) => raw === r || raw.startsWith(`${r}/`))) return false;
    let path: string;
    try {
      path = decodeURIComponent(raw);
    } catch {
      plain(res, 400, 'bad request: the path is not valid percent-encoding');
      return true;
    }
    if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) {
      plain(res, 400, 'bad request: malformed path');
      return true;
    }
    const target = resolve(join(root, path));
    if (target !== root && !target.startsWith(root + sep)) {
      plain(res, 400, 'bad request: the path leaves the explorer directory');
      return true;
    }
    let file = target;
    let stats = target === root ? undefined : fileStats(target);
    if (stats === undefined) {
      if (target !== root && extname(target) !== '') {
        plain(res, 404, `not found: ${path}`);
        return true;
      }
      file = join(root, 'index.html');
      stats = fileStats(file);
      if (stats === undefined) {
        plain(res, 503, 'the explorer page is not built: run `npm run build` in the repository');
        return true;
      }
    }
    const immutable = file.startsWith(join(root, 'assets') + sep);
    res.writeHead(200, {
      'Content-Type': mimeType(file),
      'Content-Length': String(stats.size),
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return true;
  };
}

let shared: ExplorerHandler | undefined;

/**
 * Serves the built explorer page for a node:http request; returns false when the request is not the explorer's
 * (another method, `/rpc`, `/health`), so a server wires it in one line: `if (serveExplorer(req, res)) return;`.
 */
export function serveExplorer(req: IncomingMessage, res: ServerResponse): boolean {
  shared ??= createExplorerHandler();
  return shared(req, res);
}
