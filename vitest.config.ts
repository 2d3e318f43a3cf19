import { sprocket } from '@sprocket/compiler-plugin/vite';
import { defineConfig } from 'vitest/config';

// The Sprocket plugin regenerates examples/**/*.gen.ts and .idl when a run starts (and on watched changes),
// so local test runs always see fresh generated code; it writes only files that differ. In CI (`CI` set)
// it writes nothing: the committed files must already be fresh, and test/examples-gen.test.ts fails if not.
// Either way every actor module a test loads gets its generated code: its *.gen.ts is imported, or, when it
// has none, the code is injected in memory. An actor file with diagnostics fails only the tests importing it.
const regenerate = process.env.CI === undefined || process.env.CI === '' || process.env.CI === 'false';

// `npm run test:quick` (SPROCKET_TEST_QUICK=1): the edit-test loop, without the end-to-end files that spawn
// compilers or run every example; `npm test` runs everything.
const quick = process.env.SPROCKET_TEST_QUICK === '1';
const slow = [
  'test/cli-e2e.test.ts',
  'test/cli-watch.test.ts',
  'test/codegen-transformer.test.ts',
  'test/extract-perf.test.ts',
  'test/examples-main.test.ts',
  'test/gas-report/**',
  'test/init.test.ts',
  'test/docs/code-blocks.test.ts',
  'test/explorer/**',
  'test/node/**',
  'test/retention/**',
  'test/adversary/*.e2e.test.ts',
  'test/web-app.e2e.test.ts',
];

export default defineConfig({
  plugins: [sprocket({ roots: ['examples'], write: regenerate })],
  resolve: { conditions: ['@sprocket/source'] },
  ssr: { resolve: { conditions: ['@sprocket/source'] } },
  test: {
    include: ['{sdk,runtime,compiler-plugin,node,explorer}/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/__fixtures__/**', 'test/.tmp/**', ...(quick ? slow : [])],
    // Vitest does not type-check: `npm test` runs `tsc -p tsconfig.test.json` first, which checks every test
    // file, the type-level tests (*.test-d.ts, expectTypeOf) and the examples.
    setupFiles: ['./test/setup-fast-check.ts'],
    testTimeout: 60_000,
  },
});
