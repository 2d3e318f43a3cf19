export { explorerAssets, requireExplorerAssets } from './assets.js';
export { ExplorerError, type ExplorerErrorCode } from './errors.js';
export { mimeType } from './mime.js';
export { createExplorerHandler, type ExplorerHandler, type ExplorerHandlerOptions, serveExplorer } from './serve.js';
//# sourceMappingURL=index.d.ts.map