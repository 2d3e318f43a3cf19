// The committed generated files of examples/, of the benchmark actors, of the metered-script fixture and of test/authors/b
// (`*.gen.ts`, `*.idl`) are up to date: `sprocket gen --check <folder>` for each, in-process.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../compiler-plugin/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

describe('generated code of examples/ and bench/actors', () => {
  it('sprocket gen --check examples finds nothing stale', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['gen', '--check', 'examples'], { cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/sprocket gen --check: 14 generated file\(s\) up to date/);
  });

  it('sprocket gen --check bench/actors finds nothing stale', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['gen', '--check', 'bench/actors'], {
      cwd: root,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/sprocket gen --check: 7 generated file\(s\) up to date/);
  });

  it('sprocket gen --check test/gas/script (the metered-script fixture) finds nothing stale', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['gen', '--check', 'test/gas/script'], {
      cwd: root,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/sprocket gen --check: 2 generated file\(s\) up to date/);
  });

  it('sprocket gen --check test/authors/b (contracts written from the guide) finds nothing stale', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['gen', '--check', 'test/authors/b'], {
      cwd: root,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/sprocket gen --check: 10 generated file\(s\) up to date/);
  });
});
