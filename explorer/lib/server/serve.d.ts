import type { IncomingMessage, ServerResponse } from 'node:http';
/** Options of {@link createExplorerHandler}. */
export interface ExplorerHandlerOptions {
    /** The directory to serve (default: {@link explorerAssets}). */
    readonly root?: string;
    /** URL paths left to the caller (default: `/rpc` and `/health`, with anything below them). */
    readonly reserved?: readonly string[];
}
/** A static-file handler: answers and returns true, or returns false to let the caller answer. */
export type ExplorerHandler = (req: IncomingMessage, res: ServerResponse) => boolean;
/**
 * Makes the explorer's static-file handler: GET and HEAD of files under the root with their MIME type, index.html
 * for `/` and, as a single-page app, for any extensionless path; 404 for a missing asset, 400 for a malformed or
 * escaping path. Other methods and the reserved paths return false untouched.
 */
export declare function createExplorerHandler(options?: ExplorerHandlerOptions): ExplorerHandler;
/**
 * Serves the built explorer page for a node:http request; returns false when the request is not the explorer's
 * (another method, `/rpc`, `/health`), so a server wires it in one line: `if (serveExplorer(req, res)) return;`.
 */
export declare function serveExplorer(req: IncomingMessage, res: ServerResponse): boolean;
//# sourceMappingURL=serve.d.ts.map