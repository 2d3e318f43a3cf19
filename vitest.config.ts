import { sprocket } from '@sprocket/compiler-plugin/vite';
import { defineConfig } from 'vitest/config';

// The Sprocket plugin regenerates examples/**/*.gen.ts and .idl when a run starts (and on watched changes),
// so local test runs always see fresh generated code; it writes only files that differ. In CI (`CI` set)
// it writes nothing: the committed files must already be fresh, and test/examples-gen.test.ts fails if not.
// Either way it injects generated code into actor modules that have no *.gen.ts beside them.
const regenerate = process.env.CI === undefined || process.env.CI === '' || process.env.CI === 'false';

export default defineConfig({
  plugins: [sprocket({ roots: ['examples'], write: regenerate })],
  resolve: { conditions: ['@sprocket/source'] },
  ssr: { resolve: { conditions: ['@sprocket/source'] } },
  test: {
    include: ['{sdk,runtime,compiler-plugin,node,explorer}/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/__fixtures__/**', 'test/.tmp/**'],
    typecheck: { enabled: true, include: ['**/*.test-d.ts'], tsconfig: './tsconfig.test.json' },
    setupFiles: ['./test/setup-fast-check.ts'],
    testTimeout: 60_000,
  },
});
