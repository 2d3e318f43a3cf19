// `sprocket init` end to end: scaffold a project outside the repository, install it (the @sprocket packages
// from the packed vendor/*.tgz, the rest from the npm registry or its cache) and run its own `npm test`.
// Slow by nature (an npm install): one test with bounded waits.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@sprocket/compiler-plugin';
import { afterAll, describe, expect, it } from 'vitest';

const base = mkdtempSync(join(tmpdir(), 'sprocket-init-'));
// Removing the scaffold's node_modules can take a while on a busy machine.
afterAll(() => rmSync(base, { recursive: true, force: true }), 120_000);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: base });
  return { code, out, err };
}

function npm(args: string[], cwd: string, timeoutMs: number): { status: number | null; output: string } {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, CI: '', NODE_OPTIONS: '', npm_config_update_notifier: 'false' },
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}\n${r.error?.message ?? ''}` };
}

describe('sprocket init', () => {
  it('scaffolds a project whose npm install, npm test and npm start pass, and refuses a non-empty directory', async () => {
    const created = await cli(['init', 'my-contracts']);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('npm install');
    const dir = join(base, 'my-contracts');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.name).toBe('my-contracts');
    expect(pkg.dependencies['@sprocket/sdk']).toMatch(/^file:vendor\/sprocket-sdk-.*\.tgz$/);
    expect(readdirSync(join(dir, 'vendor')).sort()).toEqual([
      expect.stringMatching(/^sprocket-compiler-plugin-.*\.tgz$/),
      expect.stringMatching(/^sprocket-runtime-.*\.tgz$/),
      expect.stringMatching(/^sprocket-sdk-.*\.tgz$/),
    ]);
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions).toMatchObject({ experimentalDecorators: true, useDefineForClassFields: false });
    for (const file of ['vitest.config.ts', 'src/counter.ts', 'src/counter.test.ts', 'src/main.ts', 'README.md'])
      expect(existsSync(join(dir, file))).toBe(true);

    // A second init into the same (now non-empty) directory changes nothing.
    const again = await cli(['init', 'my-contracts']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/not empty/);
    // A usage error names the verb's usage.
    expect((await cli(['init'])).code).toBe(2);

    const install = npm(['install', '--no-audit', '--no-fund', '--prefer-offline'], dir, 300_000);
    expect(install.status, install.output).toBe(0);
    // No npm warning about install scripts the project did not list.
    expect(install.output).not.toMatch(/install-scripts/);
    const test = npm(['test'], dir, 180_000);
    expect(test.status, test.output).toBe(0);
    expect(test.output).toMatch(/1 passed/);
    expect(existsSync(join(dir, 'src', 'counter.gen.ts'))).toBe(true);
    const start = npm(['start'], dir, 120_000);
    expect(start.status, start.output).toBe(0);
    expect(start.output).toContain('value: 12');
    expect(start.output).toMatch(/ROLLBACK Counter\.Sub/);
  }, 660_000);
});
