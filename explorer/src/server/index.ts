// The public surface of @sprocket/explorer (the Node side): where the built page is and how a server serves it.
export { explorerAssets, requireExplorerAssets } from './assets.js';
export { ExplorerError, type ExplorerErrorCode } from './errors.js';
export { mimeType } from './mime.js';
export { createExplorerHandler, type ExplorerHandler, type ExplorerHandlerOptions, serveExplorer } from './serve.js';
