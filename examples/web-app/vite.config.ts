import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// Builds the page into dist/ (`npm run web-app` builds, serves and prints the address to open). In this repository
// the workspace packages resolve to their TypeScript sources (the `@sprocket/source` condition); an app of your own
// drops that line and bundles the published @sprocket/sdk.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { conditions: ['@sprocket/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
