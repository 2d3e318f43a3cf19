import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@sprocket/source'] },
  ssr: { resolve: { conditions: ['@sprocket/source'] } },
  test: {
    include: ['{sdk,runtime,compiler-plugin}/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/__fixtures__/**'],
    typecheck: { enabled: true, include: ['**/*.test-d.ts'], tsconfig: './tsconfig.test.json' },
    testTimeout: 60_000,
  },
});
