// The CLI's cache of extracted manifests. `sprocket call|send|query|events|encode|decode|idl` given an actor file
// would otherwise load TypeScript and type-check the file on every run (seconds); with the cache, a run whose
// inputs did not change reads one small JSON file instead. An entry is kept per actor file and project root,
// with every file the extraction read (the actor, what it imports, the sdk's types): it is used only if each of
// them still has its recorded size and content (a changed modification time alone costs a hash, not a miss).
// Entries are written only for extractions without errors, with their warnings, which are printed again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics.js';
import type { Manifest } from '../manifest/types.js';

/** Bumped when the entry layout changes: older entries are then misses. */
const FORMAT = 1;

/** Entries kept: past this, a write removes the least recently written ones (projects in temp folders add up). */
export const MAX_ENTRIES = 256;

/** One file an extraction read, as it was then. */
interface CachedInput {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/** What the cache keeps of one clean extraction. */
interface CacheEntry {
  readonly format: number;
  readonly tool: string;
  readonly file: string;
  readonly rootDir: string;
  readonly inputs: readonly CachedInput[];
  readonly manifests: Manifest[];
  readonly warnings: Diagnostic[];
}

/** A cached extraction: its manifests and the warnings it gave. */
export interface CachedExtraction {
  readonly manifests: Manifest[];
  readonly warnings: Diagnostic[];
}

/** Where the cache lives and what it is valid for; undefined when caching is off. */
export interface ManifestCache {
  /** The directory of the entries. */
  readonly dir: string;
  /** A stamp of the extractor's own code and TypeScript version: entries of another stamp are misses. */
  readonly tool: string;
}

/**
 * The cache for a project at `rootDir`: `$SPROCKET_CACHE_DIR`, else `node_modules/.cache/sprocket/manifests` of the
 * nearest folder with a `node_modules`; undefined with `SPROCKET_CACHE=off` or without a `node_modules` above.
 */
export function manifestCache(rootDir: string, env: NodeJS.ProcessEnv = process.env): ManifestCache | undefined {
  if (env.SPROCKET_CACHE === 'off' || env.SPROCKET_CACHE === '0') return undefined;
  const tool = toolStamp();
  if (tool === undefined) return undefined;
  const given = env.SPROCKET_CACHE_DIR;
  if (given !== undefined && given !== '') return { dir: resolve(rootDir, given), tool };
  for (let dir = resolve(rootDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return { dir: join(dir, 'node_modules', '.cache', 'sprocket', 'manifests'), tool };
    if (dirname(dir) === dir) return undefined;
  }
}

/** The cached extraction of `file` (absolute) under `rootDir`, if every file it read is unchanged. */
export function readCachedManifests(cache: ManifestCache, file: string, rootDir: string): CachedExtraction | undefined {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(entryPath(cache, file, rootDir), 'utf8')) as CacheEntry;
  } catch {
    // No entry, or one that is not JSON (a write cut short): a miss.
    return undefined;
  }
  if (entry.format !== FORMAT || entry.tool !== cache.tool || entry.file !== file || entry.rootDir !== rootDir) return undefined;
  if (!Array.isArray(entry.inputs) || !Array.isArray(entry.manifests) || !Array.isArray(entry.warnings)) return undefined;
  for (const input of entry.inputs) if (!unchanged(input)) return undefined;
  return { manifests: entry.manifests, warnings: entry.warnings };
}

/** Stores a clean extraction of `file` with the files it read; a cache that cannot be written is skipped silently. */
export function writeCachedManifests(
  cache: ManifestCache,
  file: string,
  rootDir: string,
  extraction: CachedExtraction,
  inputs: readonly string[],
): void {
  try {
    const recorded: CachedInput[] = [];
    for (const path of [...new Set(inputs)].sort()) {
      const stat = statSync(path);
      recorded.push({ path, size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(readFileSync(path)) });
    }
    const entry: CacheEntry = {
      format: FORMAT,
      tool: cache.tool,
      file,
      rootDir,
      inputs: recorded,
      manifests: extraction.manifests,
      warnings: extraction.warnings,
    };
    mkdirSync(cache.dir, { recursive: true });
    const target = entryPath(cache, file, rootDir);
    // Written aside and renamed: a reader never sees half an entry, and two runs at once both leave a whole one.
    const aside = `${target}.${process.pid}.tmp`;
    writeFileSync(aside, JSON.stringify(entry));
    renameSync(aside, target);
    prune(cache.dir);
  } catch {
    // A read-only project or a full disk: the next run extracts again.
  }
}

/** Removes the oldest entries past {@link MAX_ENTRIES}. */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged: [number, string][] = [];
  for (const name of names) {
    try {
      aged.push([statSync(join(dir, name)).mtimeMs, name]);
    } catch {
      // Removed meanwhile by another run.
    }
  }
  aged.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  for (const [, name] of aged.slice(0, aged.length - MAX_ENTRIES)) rmSync(join(dir, name), { force: true });
}

function entryPath(cache: ManifestCache, file: string, rootDir: string): string {
  return join(cache.dir, `${sha256(`${rootDir}\0${file}`).slice(0, 32)}.json`);
}

function unchanged(input: CachedInput): boolean {
  try {
    const stat = statSync(input.path);
    if (stat.size !== input.size) return false;
    if (stat.mtimeMs === input.mtimeMs) return true;
    return sha256(readFileSync(input.path)) === input.sha256;
  } catch {
    return false;
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

let stamp: string | undefined | null = null;

/**
 * The extractor's identity: the TypeScript version it type-checks with, and the size and modification time of every
 * file of its own code (the extractor and the manifest model), so a changed generator never reads an older entry.
 */
function toolStamp(): string | undefined {
  if (stamp !== null) return stamp;
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const parts: string[] = [`format ${FORMAT}`];
    const require = createRequire(import.meta.url);
    const tsMorph = JSON.parse(readFileSync(require.resolve('ts-morph/package.json'), 'utf8')) as { version?: string };
    parts.push(`ts-morph ${tsMorph.version ?? '?'}`);
    for (const folder of ['../extract', '../manifest']) {
      const dir = resolve(here, folder);
      for (const name of readdirSync(dir).sort()) {
        const stat = statSync(join(dir, name));
        if (stat.isFile()) parts.push(`${folder}/${name} ${stat.size} ${stat.mtimeMs}`);
      }
    }
    stamp = sha256(parts.join('\n'));
  } catch {
    // The plugin's own files cannot be read: no cache rather than a cache that cannot tell it is stale.
    stamp = undefined;
  }
  return stamp;
}
