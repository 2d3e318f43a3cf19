import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Project } from 'ts-morph';
import { ts } from 'ts-morph';
import type { Diagnostic } from '../diagnostics.js';
import type { Manifest } from '../manifest/types.js';
import { extractFile } from './actor.js';
import { diagnostic, type ExtractCode } from './codes.js';
import type { FileHost } from './file-host.js';
import { createExtractorProject, type ExtractOptions } from './project.js';

/** What an extraction produces: one manifest per clean `@actor` class, and every problem found. */
export interface ExtractResult {
  /** Manifests of the actors without errors, in file order then declaration order. */
  readonly manifests: Manifest[];
  /** All diagnostics, sorted by file, line and column. An actor with any error has no manifest. */
  readonly diagnostics: Diagnostic[];
}

/**
 * A reusable extractor over one ts-morph project: files are added on demand (no tsconfig file list),
 * so a cold run parses only the actor files and what they import, and `update()` re-extracts a changed
 * file (and the tracked files that import it) against an incrementally rebuilt program.
 */
export class Extractor {
  /** The ts-morph project (shared with callers that pass `options.project`). */
  readonly project: Project;
  /** Absolute root that manifest sources and diagnostic locations are relative to. */
  readonly rootDir: string;
  private readonly tracked = new Set<string>();

  constructor(options: ExtractOptions = {}) {
    this.rootDir = resolve(options.rootDir ?? process.cwd());
    this.project = createExtractorProject(options);
  }

  /** Extracts the actors of the given files (paths absolute or relative to `rootDir`). */
  extract(files: readonly string[]): ExtractResult {
    const paths = files.map((f) => this.absolute(f));
    const missing: Diagnostic[] = [];
    const present: string[] = [];
    for (const path of paths) {
      if (this.project.getSourceFile(path) !== undefined) {
        present.push(path);
      } else if (existsSync(path)) {
        this.project.addSourceFileAtPath(path);
        present.push(path);
      } else {
        missing.push(diagnostic('SPK1000', this.relative(path), 1, 1, `${this.relative(path)}: file not found`, 'check the path'));
      }
      this.tracked.add(path);
    }
    const result = this.run(present);
    return { manifests: result.manifests, diagnostics: [...missing, ...result.diagnostics] };
  }

  /**
   * Re-reads a changed (or deleted) file and re-extracts it together with every tracked file that imports it,
   * directly or not. The result covers exactly those files.
   */
  update(file: string): ExtractResult & { readonly files: string[] } {
    const path = this.absolute(file);
    const sf = this.project.getSourceFile(path);
    if (sf !== undefined) {
      if (!existsSync(path)) {
        this.project.removeSourceFile(sf);
        this.tracked.delete(path);
      } else {
        sf.refreshFromFileSystemSync();
      }
    } else if (existsSync(path) && this.tracked.has(path)) {
      this.project.addSourceFileAtPath(path);
    }
    const affected = this.dependents(path);
    if (this.tracked.has(path) && existsSync(path) && !affected.includes(path)) affected.unshift(path);
    const result = this.run(affected);
    return { ...result, files: affected.map((f) => this.relative(f)) };
  }

  /** Whether `file` is part of the program extracted so far (an actor file or a module one imports). */
  knows(file: string): boolean {
    return this.project.getSourceFile(this.absolute(file)) !== undefined;
  }

  /** Extracts a source text held in memory under `fileName` (not written to disk; removed from the project afterwards). */
  extractSource(fileName: string, text: string): ExtractResult {
    const path = this.absolute(fileName);
    const sf = this.project.createSourceFile(path, text, { overwrite: true });
    try {
      return this.run([path]);
    } finally {
      this.project.removeSourceFile(sf);
    }
  }

  /** Forgets a file (it is no longer an actor file). */
  forget(file: string): void {
    const path = this.absolute(file);
    this.tracked.delete(path);
    const sf = this.project.getSourceFile(path);
    if (sf !== undefined) this.project.removeSourceFile(sf);
  }

  private run(paths: readonly string[]): ExtractResult {
    const program = this.project.getProgram().compilerObject;
    const checker = program.getTypeChecker();
    const diagnostics: Diagnostic[] = [];
    const seen = new Set<string>();
    // Counted before the duplicates are dropped: a second actor extending the same faulty base class is as broken
    // as the first, though its error is listed once.
    let errors = 0;
    const sink =
      (severity: Diagnostic['severity']) =>
      (code: ExtractCode, node: ts.Node, message: string, fix: string): void => {
        if (severity === 'error') errors++;
        const sf = node.getSourceFile();
        const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const file = this.relative(sf.fileName);
        const key = `${code}:${file}:${line}:${character}`;
        // The same node reached from two handlers is one problem.
        if (seen.has(key)) return;
        seen.add(key);
        diagnostics.push(diagnostic(code, file, line + 1, character + 1, message, fix, severity));
      };
    const host: FileHost = {
      checker,
      program,
      relative: (f) => this.relative(f),
      errorCount: () => errors,
      report: sink('error'),
      warn: sink('warning'),
    };
    const manifests: Manifest[] = [];
    for (const path of paths) {
      const sf = program.getSourceFile(path);
      if (sf === undefined) continue;
      // A file that does not parse yields a partial tree whose diagnostics would describe the recovery, not the
      // mistake (`f(: void {}` reads as an overloaded handler): its syntax error is the one to report.
      const syntax = program.getSyntacticDiagnostics(sf)[0];
      if (syntax !== undefined) {
        diagnostics.push(syntaxDiagnostic(this.relative(sf.fileName), sf, syntax));
        continue;
      }
      manifests.push(...extractFile(sf, host));
    }
    diagnostics.sort(
      (a, b) =>
        compare(a.location.file, b.location.file) ||
        a.location.line - b.location.line ||
        a.location.column - b.location.column ||
        compare(a.code, b.code),
    );
    return { manifests, diagnostics };
  }

  /** Tracked files that import `path`, directly or transitively (through the current program). */
  private dependents(path: string): string[] {
    const program = this.project.getProgram().compilerObject;
    const checker = program.getTypeChecker();
    const importsOf = new Map<string, string[]>();
    const direct = (file: string): string[] => {
      let list = importsOf.get(file);
      if (list !== undefined) return list;
      list = [];
      importsOf.set(file, list);
      const sf = program.getSourceFile(file);
      if (sf === undefined) return list;
      for (const statement of sf.statements) {
        const spec =
          (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined
            ? statement.moduleSpecifier
            : undefined;
        if (spec === undefined) continue;
        const target = checker.getSymbolAtLocation(spec)?.valueDeclaration;
        if (target !== undefined && ts.isSourceFile(target) && !target.isDeclarationFile && !target.fileName.includes('/node_modules/')) {
          list.push(resolve(target.fileName));
        }
      }
      return list;
    };
    const out: string[] = [];
    for (const file of this.tracked) {
      const stack = [file];
      const visited = new Set<string>();
      while (stack.length > 0) {
        const current = stack.pop()!;
        if (current === path) {
          out.push(file);
          break;
        }
        if (visited.has(current)) continue;
        visited.add(current);
        stack.push(...direct(current));
      }
    }
    return out.sort();
  }

  private absolute(file: string): string {
    return resolve(isAbsolute(file) ? file : resolve(this.rootDir, file));
  }

  private relative(file: string): string {
    return relative(this.rootDir, file).split(sep).join('/');
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Extracts the actors of the given files with a fresh extractor (one project for all of them). */
export function extractFromFiles(files: readonly string[], options: ExtractOptions = {}): ExtractResult {
  return new Extractor(options).extract(files);
}

const shared = new Map<string, Extractor>();

/**
 * Extracts the actors of a source text held in memory (tests, editors). Without a project or tsconfig,
 * the extractor of the root directory is reused between calls.
 */
export function extractFromSource(fileName: string, text: string, options: ExtractOptions = {}): ExtractResult {
  if (options.project !== undefined || options.tsConfigFilePath !== undefined) return new Extractor(options).extractSource(fileName, text);
  const root = resolve(options.rootDir ?? process.cwd());
  let extractor = shared.get(root);
  if (extractor === undefined) {
    extractor = new Extractor({ rootDir: root });
    shared.set(root, extractor);
  }
  return extractor.extractSource(fileName, text);
}

/** SPK1000 for a file with a syntax error: TypeScript's first one, where it is. */
function syntaxDiagnostic(file: string, sf: ts.SourceFile, d: ts.Diagnostic): Diagnostic {
  const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
  const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  return diagnostic(
    'SPK1000',
    file,
    line + 1,
    character + 1,
    `${file} does not parse: ${text}`,
    'fix the syntax (`npx tsc --noEmit` lists every error)',
  );
}
