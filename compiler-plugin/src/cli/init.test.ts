// The next steps `sprocket init` prints are pasted into a shell as they are, so its `cd` line must reach the new
// project whatever the directory's name holds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { init, shellWord } from './init.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'sprocket-init-cd-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** What `sh` prints for `pwd` after running `line` in `cwd`. */
function pwdAfter(line: string, cwd: string): string {
  const r = spawnSync('sh', ['-c', `${line} && pwd`], { cwd, encoding: 'utf8', timeout: 10_000 });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

describe('sprocket init: the printed cd line', () => {
  it('reaches a directory whose name has spaces and a quote', async () => {
    let out = '';
    const code = await init(["it's my poll"], { stdout: (t) => (out += t), stderr: () => undefined, cwd: base });
    expect(code).toBe(0);
    const cd = out.split('\n').find((line) => line.trim().startsWith('cd '));
    expect(cd, out).toBeDefined();
    expect(pwdAfter((cd as string).trim(), base)).toBe(join(base, "it's my poll"));
  }, 60_000);

  it('leaves a plain path as it was typed, and quotes what the shell would expand or split', () => {
    expect(shellWord('../poll')).toBe('../poll');
    expect(shellWord('/tmp/my-contracts_2')).toBe('/tmp/my-contracts_2');
    for (const dir of ['~', 'a b', '$HOME', 'x*', "it's", 'a;b'])
      expect(pwdAfter(`printf %s ${shellWord(dir)} && echo`, base)).toBe(`${dir}\n${base}`);
  });
});

describe('sprocket init: a path it cannot use', () => {
  it('refuses a file, or a path below one, with a CLI error instead of a stack trace', async () => {
    const file = join(base, 'notes.txt');
    writeFileSync(file, 'x');
    const io = { stdout: () => undefined, stderr: () => undefined, cwd: base };
    await expect(init(['notes.txt'], io)).rejects.toMatchObject({
      code: 'CLI_WRITE_FAILED',
      message: `${file}: a file, not a directory; give a new or empty directory`,
    });
    await expect(init(['notes.txt/poll'], io)).rejects.toMatchObject({
      code: 'CLI_WRITE_FAILED',
      message: expect.stringMatching(/poll: cannot create the project there: ENOTDIR/),
    });
    expect(existsSync(join(base, 'notes.txt'))).toBe(true);
  });
});
