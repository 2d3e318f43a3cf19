// The generator core behind `sprocket gen`, the vite/vitest plugin and the benchmarks: finds actor files,
// extracts their manifests (one incremental Extractor), emits `<file>.gen.ts` and `<file>.idl`, and writes
// or checks them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { emitGeneratedFile, generatedHeader } from '../emit/generated.js';
import { CompilerError } from '../errors.js';
import { Extractor } from '../extract/index.js';
import { emitIdl } from '../idl/emitter.js';
import type { Manifest } from '../manifest/types.js';
import { writeGenerated } from './safe-write.js';

/** Options of a {@link Generator}. */
export interface GeneratorOptions {
  /** The directory diagnostics are reported relative to (default `process.cwd()`). */
  readonly rootDir?: string;
  /** A tsconfig whose compiler options the extractor uses. */
  readonly tsConfigFilePath?: string;
  /** Called before an existing output is overwritten with new content (the vite plugin checks IDL files with it). */
  readonly beforeReplace?: (path: string, previous: string, next: string) => void;
}

/** One output file of the generator. */
export interface OutputFile {
  /** Absolute path. */
  readonly path: string;
  readonly content: string;
}

/** The result of a generator run. */
export interface GenerateResult {
  /** Absolute paths of the actor files that were extracted. */
  readonly actorFiles: string[];
  /** Every output the run computed. */
  readonly outputs: OutputFile[];
  /** Outputs whose file on disk differed (written, or reported by `check`). */
  readonly changed: string[];
  /** Every diagnostic (errors mean exit code 1). */
  readonly diagnostics: Diagnostic[];
  /** Outputs that were not written (a hand-written file in the way, a symlink, a directory, outside the project). */
  readonly writeErrors?: CompilerError[];
  /** Actor files of earlier runs found deleted: forgotten, their outputs left in place (now stale). */
  readonly deleted?: string[];
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage']);

/** True for a TypeScript source file the generator looks at (not generated, not a test, not a declaration file). */
export function isCandidateFile(path: string): boolean {
  const name = basename(path);
  if (!name.endsWith('.ts') || name.endsWith('.d.ts') || name.endsWith('.gen.ts')) return false;
  if (name.endsWith('.test.ts') || name.endsWith('.test-d.ts') || name.endsWith('.spec.ts')) return false;
  return true;
}

/** Cheap pre-filter: only files that mention `@actor` or extend `Actor` (a forgotten decorator) go to the type checker. */
function mentionsActor(path: string): boolean {
  try {
    const text = readFileSync(path, 'utf8');
    return text.includes('@actor') || /\bextends\s+Actor\b/.test(text);
  } catch {
    return false;
  }
}

/** Collects the candidate actor files under `paths` (files or directories), sorted. Missing paths are returned in `missing`. */
export function findActorFiles(
  paths: readonly string[],
  cwd = process.cwd(),
): { files: string[]; missing: string[]; symlinks: string[]; orphans: string[] } {
  const files = new Set<string>();
  const missing: string[] = [];
  const symlinks: string[] = [];
  const orphans: string[] = [];
  const walk = (dir: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isSymbolicLink()) {
        // Never followed (a link may lead outside the project or into a cycle); reported so nothing is silently missed.
        if (e.name.endsWith('.ts') || !e.name.includes('.')) symlinks.push(full);
      } else if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() && isCandidateFile(full) && mentionsActor(full)) files.add(full);
      else if (e.isFile() && isOrphanGenerated(full)) orphans.push(full);
    }
  };
  for (const p of paths.length === 0 ? ['.'] : paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) {
      missing.push(p);
      continue;
    }
    if (statSync(abs).isDirectory()) walk(abs);
    else if (abs.endsWith('.ts') && !abs.endsWith('.gen.ts')) files.add(abs);
  }
  return { files: [...files].sort(), missing, symlinks: symlinks.sort(), orphans: orphans.sort() };
}

/**
 * Whether `path` is a `*.gen.ts` that `sprocket gen` wrote from the actor file beside it (its header names that
 * file), which no longer exists. Output generated from elsewhere (a fixture from in-memory manifests) is not.
 */
function isOrphanGenerated(path: string): boolean {
  if (!path.endsWith('.gen.ts')) return false;
  const source = path.replace(/\.gen\.ts$/, '.ts');
  if (existsSync(source)) return false;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  return text.startsWith(`${generatedHeader(stableSource(source))}\n`);
}

/**
 * The files beside `source`, an actor file that no longer exists, that `sprocket gen` wrote from it (their header
 * names it): its `*.gen.ts` and IDL, sorted. None while `source` exists.
 */
export function staleOutputsOf(source: string): string[] {
  if (existsSync(source)) return [];
  const dir = dirname(source);
  const base = basename(source).replace(/\.ts$/, '');
  const header = `${generatedHeader(stableSource(source))}\n`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n === `${base}.gen.ts` || (n.startsWith(`${base}.`) && n.endsWith('.idl')))
    .map((n) => join(dir, n))
    .filter((path) => readOrUndefined(path)?.startsWith(header) === true)
    .sort();
}

/** The warning of `sprocket gen` about `orphan`, a `*.gen.ts` whose actor file no longer exists (`rel` shows a path). */
export function orphanWarning(orphan: string, rel: (path: string) => string): string {
  const source = rel(orphan.replace(/\.gen\.ts$/, '.ts'));
  return `sprocket gen: warning: ${rel(orphan)} was generated from ${source}, which no longer exists: delete it and the IDL beside it, or restore ${source}\n`;
}

/**
 * The warning of `sprocket gen --watch` when it sees the actor file `source` deleted: the files generated from it,
 * `outputs`, are stale (they are not deleted); undefined when there are none.
 */
export function deletedWarning(source: string, outputs: readonly string[], rel: (path: string) => string): string | undefined {
  if (outputs.length === 0) return undefined;
  const names = outputs.map(rel);
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const them = names.length === 1 ? 'it' : 'them';
  return `sprocket gen: warning: ${rel(source)} was deleted: ${listed}, generated from it, ${names.length === 1 ? 'is' : 'are'} stale: delete ${them}, or restore ${rel(source)}\n`;
}

const packageRoots = new Map<string, string>();

/** The nearest directory above `file` with a package.json (the file's directory if none). */
function packageRootOf(file: string): string {
  const start = dirname(file);
  const cached = packageRoots.get(start);
  if (cached !== undefined) return cached;
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) break;
    const parent = dirname(dir);
    if (parent === dir) {
      dir = start;
      break;
    }
    dir = parent;
  }
  packageRoots.set(start, dir);
  return dir;
}

/** The `source` written into generated files: relative to the file's package, so output does not depend on the cwd. */
export function stableSource(file: string): string {
  return relative(packageRootOf(file), file).split(sep).join('/');
}

/** `counter.ts` → `counter.gen.ts`. */
export function genPathOf(file: string): string {
  return file.replace(/\.ts$/, '.gen.ts');
}

/** The outputs of one actor file: `<file>.gen.ts`, and `<file>.idl` (one actor) or `<file>.<Program>.idl` (several). */
export function outputsOf(file: string, manifests: readonly Manifest[]): OutputFile[] {
  if (manifests.length === 0) return [];
  const source = stableSource(file);
  const fixed = manifests.map((m) => ({ ...m, source }));
  const out: OutputFile[] = [{ path: genPathOf(file), content: emitGeneratedFile(fixed, { source }) }];
  const base = file.replace(/\.ts$/, '');
  // The IDL carries the generated header too (a `//` comment), so `gen` can tell it from a hand-written one.
  const idlOf = (m: Manifest): string => `${generatedHeader(source)}\n${emitIdl(m)}`;
  if (fixed.length === 1) out.push({ path: `${base}.idl`, content: idlOf(fixed[0] as Manifest) });
  else for (const m of fixed) out.push({ path: `${base}.${m.program?.name ?? m.services[0]?.name ?? 'actor'}.idl`, content: idlOf(m) });
  return out;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Generator state: one incremental extractor for repeated runs (watch mode, the vite plugin). */
export class Generator {
  readonly rootDir: string;
  private readonly extractor: Extractor;
  private readonly actorFiles = new Set<string>();
  private readonly beforeReplace: GeneratorOptions['beforeReplace'];

  constructor(options: GeneratorOptions = {}) {
    this.rootDir = resolve(options.rootDir ?? process.cwd());
    this.beforeReplace = options.beforeReplace;
    this.extractor = new Extractor({
      rootDir: this.rootDir,
      ...(options.tsConfigFilePath === undefined ? {} : { tsConfigFilePath: options.tsConfigFilePath }),
    });
  }

  /** Extracts `files` (absolute) and computes their outputs; with `write`, writes those that changed. */
  run(files: readonly string[], mode: 'write' | 'check'): GenerateResult {
    for (const f of files) this.actorFiles.add(f);
    const result = this.extractor.extract(files);
    return this.finish(files, result.manifests, result.diagnostics, mode);
  }

  /** Re-extracts a changed file (and the tracked files that import it) and rewrites their outputs. */
  update(file: string): GenerateResult {
    const abs = resolve(this.rootDir, file);
    // A deleted actor file is forgotten (restoring it generates it again); its outputs stay, now stale.
    const deleted = !existsSync(abs) && this.actorFiles.delete(abs);
    if (!deleted && !this.actorFiles.has(abs)) {
      if (existsSync(abs) && isCandidateFile(abs) && mentionsActor(abs)) return this.run([abs], 'write');
      // A module the actor files import (shared types): its importers' codecs and IDL change with it.
      if (!this.extractor.knows(abs)) return { actorFiles: [], outputs: [], changed: [], diagnostics: [] };
    }
    const result = this.extractor.update(abs);
    const affected = result.files.map((f) => resolve(this.rootDir, f));
    const finished = this.finish(affected, result.manifests, result.diagnostics, 'write');
    return deleted ? { ...finished, deleted: [abs] } : finished;
  }

  private finish(
    files: readonly string[],
    manifests: readonly Manifest[],
    diagnostics: Diagnostic[],
    mode: 'write' | 'check',
  ): GenerateResult {
    const byFile = new Map<string, Manifest[]>();
    for (const m of manifests) {
      const abs = resolve(this.rootDir, m.source);
      const list = byFile.get(abs) ?? [];
      list.push(m);
      byFile.set(abs, list);
    }
    const failing = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => resolve(this.rootDir, d.location.file)));
    const outputs: OutputFile[] = [];
    const changed: string[] = [];
    const writeErrors: CompilerError[] = [];
    for (const file of files) {
      const ms = byFile.get(file) ?? [];
      // A file with errors keeps its previous outputs (no half-generated client).
      if (failing.has(file) && mode === 'write') continue;
      for (const out of outputsOf(file, ms)) {
        outputs.push(out);
        const previous = readOrUndefined(out.path);
        if (previous !== out.content) {
          if (mode === 'write') {
            if (previous !== undefined) this.beforeReplace?.(out.path, previous, out.content);
            try {
              writeGenerated(out.path, out.content, { root: this.rootDir, legacyContent: legacyOf(out) });
            } catch (e) {
              if (!(e instanceof CompilerError)) throw e;
              writeErrors.push(e);
              continue;
            }
          }
          changed.push(out.path);
        }
      }
    }
    return { actorFiles: [...files], outputs, changed, diagnostics, writeErrors };
  }
}

/** An IDL output as versions without the generated header wrote it (such a file may still be replaced). */
function legacyOf(out: OutputFile): string | undefined {
  if (!out.path.endsWith('.idl')) return undefined;
  const nl = out.content.indexOf('\n');
  return nl < 0 ? undefined : out.content.slice(nl + 1);
}
