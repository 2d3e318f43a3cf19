// The gas report's fixture project: run by test/gas-report/gas-report.test.ts in a child vitest, which turns the
// report on (or not) through the environment.
import { sprocket } from '@sprocket/compiler-plugin/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sprocket({ roots: [], write: false })],
  resolve: { conditions: ['@sprocket/source'] },
  ssr: { resolve: { conditions: ['@sprocket/source'] } },
  test: {
    include: ['*.test.ts'],
    // Two workers at most: the files run in parallel and each reports what its own test systems did.
    maxWorkers: 2,
  },
});
