// The public surface of @sprocket/explorer (the Node side): where the built page is and how a server serves it.
export { explorerAssets, requireExplorerAssets } from './assets.js';
export { ExplorerError } from './errors.js';
export { mimeType } from './mime.js';
export { createExplorerHandler, serveExplorer } from './serve.js';
//# sourceMappingURL=index.js.map