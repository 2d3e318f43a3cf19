import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./__fixtures__/floating-rejection.ts', import.meta.url));

function run(mode: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--conditions=@sprocket/source', '--import', 'tsx', fixture, mode], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rejections that contract code leaves unhandled', () => {
  it('do not bring the node process down (a promise of a contract realm is the contract’s own business)', () => {
    const r = run('code');
    expect(r.stderr).not.toMatch(/floating/);
    expect(r.stdout.trim().split('\n')).toEqual(['refused BAD_CODE', 'alive']);
    expect(r.status).toBe(0);
  });

  it('a rejection the host leaves unhandled still ends the process, as Node does', () => {
    const r = run('host');
    expect(r.stderr).toMatch(/a rejection of the host/);
    expect(r.stdout).not.toMatch(/alive/);
    expect(r.status).not.toBe(0);
  });
});
