import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emitIdl } from '../idl/emitter.js';
import { main } from './main.js';
import { MAX_ENTRIES, manifestCache, readCachedManifests } from './manifest-cache.js';

// A project folder inside the repository (so `@sprocket/sdk` resolves), with the cache in a folder of its own.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = join(root, 'test', '.tmp', `manifest-cache-${process.pid}`);
const cacheDir = join(dir, 'cache');

const ACTOR = (fee: string, extra = '') => `import { Actor, actor, query, type u32, type u64 } from '@sprocket/sdk';
import type { Amount } from './amount.js';

@actor()
export class Vault extends Actor {
  total: u64 = 0n;

  deposit(amount: Amount): u64 {
    this.total += BigInt(amount);
    return this.total;
  }

  fee(): ${fee} {
    return 1;
  }
${extra}}
`;

async function sprocket(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
  return { code, stdout, stderr };
}

function entries(): string[] {
  try {
    return readdirSync(cacheDir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
}

/** Rewrites the one cache entry so that a run served from it is recognisable (its IDL names `Marked`). */
function markEntry(): void {
  const [name] = entries();
  const path = join(cacheDir, name as string);
  writeFileSync(path, readFileSync(path, 'utf8').replaceAll('"Vault"', '"Marked"'));
}

beforeEach(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'vault.ts'), ACTOR('u32'));
  writeFileSync(join(dir, 'amount.ts'), "import type { u32 } from '@sprocket/sdk';\nexport type Amount = u32;\n");
  vi.stubEnv('SPROCKET_CACHE_DIR', cacheDir);
  vi.stubEnv('SPROCKET_CACHE', '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI cache of extracted manifests', () => {
  it('serves a second run from the cache, with the same output', async () => {
    const first = await sprocket('idl', 'vault.ts');
    expect(first.code).toBe(0);
    expect(entries()).toHaveLength(1);
    expect(await sprocket('idl', 'vault.ts')).toEqual(first);
    markEntry();
    expect((await sprocket('idl', 'vault.ts')).stdout).toContain('service Marked@');
  });

  it('extracts again when the actor or a file it imports changed, not when only its time changed', async () => {
    const before = (await sprocket('idl', 'vault.ts')).stdout;
    expect(before).toContain('Deposit(amount: u32) -> u64');
    markEntry();
    const later = new Date(Date.UTC(2030, 0, 1));
    utimesSync(join(dir, 'vault.ts'), later, later);
    expect((await sprocket('idl', 'vault.ts')).stdout).toContain('service Marked@');

    writeFileSync(join(dir, 'amount.ts'), "import type { u128 } from '@sprocket/sdk';\nexport type Amount = u128;\n");
    const imported = (await sprocket('idl', 'vault.ts')).stdout;
    expect(imported).toContain('Deposit(amount: u128) -> u64');
    expect(imported).not.toContain('Marked');

    writeFileSync(join(dir, 'vault.ts'), ACTOR('u32', '\n  @query()\n  peek(): u64 {\n    return this.total;\n  }\n'));
    expect((await sprocket('idl', 'vault.ts')).stdout).toContain('Peek() -> u64');
  });

  it('treats a damaged entry as a miss and writes a whole one again', async () => {
    const first = await sprocket('idl', 'vault.ts');
    const [name] = entries();
    writeFileSync(join(cacheDir, name as string), '{"format":1,"tool":');
    expect(await sprocket('idl', 'vault.ts')).toEqual(first);
    expect(() => JSON.parse(readFileSync(join(cacheDir, name as string), 'utf8'))).not.toThrow();
  });

  it('caches no failed extraction, and prints a cached extraction’s warnings again', async () => {
    writeFileSync(join(dir, 'vault.ts'), ACTOR('number'));
    const failed = await sprocket('idl', 'vault.ts');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('SPK1001');
    expect(entries()).toHaveLength(0);

    writeFileSync(join(dir, 'vault.ts'), `${ACTOR('u32')}export class Forgotten extends Actor {}\n`);
    const warned = await sprocket('idl', 'vault.ts');
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('SPK1029');
    expect(entries()).toHaveLength(1);
    expect(await sprocket('idl', 'vault.ts')).toEqual(warned);
  });

  it('is off with SPROCKET_CACHE=off', async () => {
    vi.stubEnv('SPROCKET_CACHE', 'off');
    expect((await sprocket('idl', 'vault.ts')).code).toBe(0);
    expect(entries()).toHaveLength(0);
    expect(manifestCache(dir)).toBeUndefined();
  });

  it(`keeps at most ${MAX_ENTRIES} entries, dropping the oldest`, async () => {
    mkdirSync(cacheDir, { recursive: true });
    const old = new Date(Date.UTC(2020, 0, 1));
    for (let i = 0; i < MAX_ENTRIES + 3; i++) {
      const path = join(cacheDir, `old-${String(i).padStart(3, '0')}.json`);
      writeFileSync(path, '{}');
      utimesSync(path, old, new Date(old.getTime() + i * 1000));
    }
    await sprocket('idl', 'vault.ts');
    const left = entries();
    expect(left).toHaveLength(MAX_ENTRIES);
    expect(left).not.toContain('old-000.json');
    expect(left).not.toContain('old-003.json');
    expect(left).toContain('old-004.json');
  });

  it('gives back the manifests of every example as extracted', async () => {
    const cache = manifestCache(dir);
    expect(cache).toBeDefined();
    const { Extractor } = await import('../extract/index.js');
    for (const file of ['examples/counter/counter.ts', 'examples/token/token.ts', 'examples/auction/auction.ts']) {
      const abs = join(root, file);
      const fresh = new Extractor({ rootDir: dir }).extract([abs]).manifests;
      expect(fresh.length).toBeGreaterThan(0);
      expect((await sprocket('idl', abs)).code).toBe(0);
      const cached = readCachedManifests(cache as NonNullable<typeof cache>, abs, dir);
      expect(cached?.manifests).toEqual(fresh);
      expect(cached?.manifests.map((m) => emitIdl(m))).toEqual(fresh.map((m) => emitIdl(m)));
    }
  });
});
