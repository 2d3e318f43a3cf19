// The committed generated files (`*.gen.ts`, `*.idl`) of examples/, the benchmark actors, the metered-script fixture,
// the contract-author regression contracts, the Sails ports and the state-range fixtures are up to date: `sprocket gen --check <folder>` for each, in-process.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../compiler-plugin/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** Each folder with committed generated code, and how many generated files it holds. */
const FOLDERS: readonly (readonly [folder: string, files: number])[] = [
  ['examples', 14],
  ['bench/actors', 7],
  ['test/gas/script', 2],
  ['test/authors/a', 10],
  ['test/authors/b', 10],
  ['test/sails-ports', 4],
  ['test/state-ranges', 8],
];

describe('committed generated code', () => {
  it.each(FOLDERS)('sprocket gen --check %s finds nothing stale', async (folder, files) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['gen', '--check', folder], { cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`sprocket gen --check: ${files} generated file\\(s\\) up to date`));
  });
});
