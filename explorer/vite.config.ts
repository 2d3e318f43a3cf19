import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/**
 * The sdk's compiled field encoders use `new Function`, which the page's content security policy refuses (and the
 * browser logs the refusal as an error): the bundle takes `src/page/no-codegen.ts` in their place.
 */
function noCodeGeneration(): Plugin {
  const stub = fileURLToPath(new URL('./src/page/no-codegen.ts', import.meta.url));
  return {
    name: 'sprocket-no-codegen',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './fields-compiled.js' && importer !== undefined && /[\\/]sdk[\\/]src[\\/]scale[\\/]/.test(importer)) return stub;
      return null;
    },
  };
}

// Builds the page into dist/ at install time (root `prepare`); the node serves dist/ with `serveExplorer`.
// Workspace packages resolve to their TypeScript sources, so the page builds before or without `tsc -b`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [noCodeGeneration()],
  logLevel: 'warn',
  resolve: { conditions: ['@sprocket/source', ...defaultClientConditions] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
});
