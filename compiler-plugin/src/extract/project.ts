import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Project, ts } from 'ts-morph';

/** Options shared by every entry point of the extractor. */
export interface ExtractOptions {
  /** A tsconfig whose compiler options are used (its file list is not loaded). */
  readonly tsConfigFilePath?: string;
  /** A ts-morph project to reuse (its compiler options are used as they are). */
  readonly project?: Project;
  /** The project root: `source` and locations are relative to it. Defaults to `process.cwd()`. */
  readonly rootDir?: string;
}

/** The `@sprocket/source` export condition of the workspace packages (TypeScript sources instead of dist). */
export const SOURCE_CONDITION = '@sprocket/source';

/**
 * Finds the TypeScript entry of @sprocket/sdk (`src/index.ts`) above `from`, if the installed package ships it.
 * The sdk's `exports` lists `types` (dist) before the source condition, so a stale or missing dist would win;
 * mapping the import to the sources avoids that in the monorepo and in watch mode. When only dist exists
 * (a user's project with a published sdk), normal resolution through `types` is used.
 */
export function findSdkSourceEntry(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'node_modules', '@sprocket', 'sdk');
    if (existsSync(join(pkg, 'package.json'))) {
      const entry = join(realpathSync(pkg), 'src', 'index.ts');
      return existsSync(entry) ? entry : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Compiler options the extractor uses when no tsconfig is given. */
export function defaultCompilerOptions(): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    strict: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    customConditions: [SOURCE_CONDITION],
  };
}

function readTsConfig(path: string): ts.CompilerOptions {
  const file = ts.readConfigFile(path, ts.sys.readFile);
  if (file.error !== undefined) return defaultCompilerOptions();
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, dirname(path), undefined, path);
  return parsed.options;
}

/** Adjusts a user's compiler options so that `@sprocket/sdk` resolves through its `exports` and extraction stays cheap. */
function adjust(options: ts.CompilerOptions, rootDir: string): ts.CompilerOptions {
  const out: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    skipLibCheck: true,
    declaration: false,
    composite: false,
    incremental: false,
  };
  delete out.tsBuildInfoFile;
  const mr = out.moduleResolution;
  const modern = mr === ts.ModuleResolutionKind.Node16 || mr === ts.ModuleResolutionKind.NodeNext || mr === ts.ModuleResolutionKind.Bundler;
  if (!modern) {
    out.module = ts.ModuleKind.ESNext;
    out.moduleResolution = ts.ModuleResolutionKind.Bundler;
  }
  const conditions = out.customConditions ?? [];
  if (!conditions.includes(SOURCE_CONDITION)) out.customConditions = [...conditions, SOURCE_CONDITION];
  out.experimentalDecorators = true;
  const sdkEntry = findSdkSourceEntry(rootDir);
  if (sdkEntry !== undefined && out.paths?.['@sprocket/sdk'] === undefined) {
    out.paths = { ...(out.paths ?? {}), '@sprocket/sdk': [sdkEntry] };
  }
  return out;
}

/** Creates the one ts-morph project of an extractor (no files added: actor files are added on demand). */
export function createExtractorProject(options: ExtractOptions): Project {
  if (options.project !== undefined) return options.project;
  const rootDir = resolve(options.rootDir ?? process.cwd());
  const base = options.tsConfigFilePath !== undefined ? readTsConfig(resolve(options.tsConfigFilePath)) : defaultCompilerOptions();
  return new Project({ compilerOptions: adjust(base, rootDir), skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
}
