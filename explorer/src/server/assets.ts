import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExplorerError } from './errors.js';

// Both src/server/*.ts and lib/server/*.js sit two levels below the package root, beside dist/.
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The absolute path of the built page (`explorer/dist/`, with a trailing separator); it may not be built yet. */
export function explorerAssets(): string {
  return DIST;
}

/** The built page's directory; an ExplorerError EXPLORER_NOT_BUILT with the command to run when it is missing. */
export function requireExplorerAssets(): string {
  if (!existsSync(`${DIST}index.html`))
    throw new ExplorerError('EXPLORER_NOT_BUILT', `the explorer page is not built (no ${DIST}index.html): run \`npm run build\``);
  return DIST;
}
