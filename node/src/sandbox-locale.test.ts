import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./__fixtures__/machine-locale.ts', import.meta.url));

function seen(tz: string, locale: string): string {
  const r = spawnSync(process.execPath, ['--conditions=@sprocket/source', '--import', 'tsx', fixture], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TZ: tz, LC_ALL: locale, LANG: locale },
  });
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe('contract code and the machine it runs on', () => {
  it('sees the same time zone (UTC) and locale (en-US) on every machine, so every node computes the same state', () => {
    const utc = seen('UTC', 'C.UTF-8');
    expect(JSON.parse(utc)).toContain('UTC');
    expect(seen('Asia/Tokyo', 'de_DE.UTF-8')).toBe(utc);
    expect(seen('America/New_York', 'tr_TR.UTF-8')).toBe(utc);
  });
});
