// The vite / vitest plugin: runs the generator when the server or the test run starts and again when a
// watched file changes, so tests always see fresh `*.gen.ts` files. Diagnostics are reported as errors
// with their locations. It also injects the generated definitions into actor modules that have no
// `*.gen.ts` beside them, so a test that declares an actor and deploys it works without a generate step.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { findActorFiles, type GenerateResult, Generator, genPathOf, outputsOf } from '../cli/generate.js';
import { formatDiagnostic } from '../diagnostics.js';
import { CompilerError } from '../errors.js';
import { Extractor } from '../extract/index.js';
import { instrumentGas, unmeteredImports } from '../gas/index.js';

/** Suffix of the virtual module that carries an actor file's injected generated code. */
const VIRTUAL_SUFFIX = '.sprocket-inject.gen.ts';

/** Options of the {@link sprocket} plugin. */
export interface SprocketPluginOptions {
  /** Files or directories to scan for `@actor` classes, relative to the vite root (default `['.']`). */
  readonly roots?: readonly string[];
  /** A tsconfig whose compiler options the extractor uses. */
  readonly tsconfig?: string;
  /** Throw on diagnostics (fail the build / test run) instead of only logging them (default true). */
  readonly failOnError?: boolean;
  /** Write `*.gen.ts` and `.idl` files under `roots` at start and on change (default true; CI may turn it off to keep `gen --check` honest). */
  readonly write?: boolean;
  /**
   * Inject generated definitions into any loaded actor module without a `*.gen.ts` beside it and without
   * hand-written registrations (default true). Nothing is written to disk.
   */
  readonly inject?: boolean;
  /**
   * Meter actor modules (default true): every loaded TS module with an `@actor` class gets gas charges at
   * function entries and loop iterations, so a handler that spins ends with OUT_OF_GAS. Libraries from
   * `node_modules` are not instrumented (a warning names the ones an actor module imports).
   */
  readonly gas?: boolean;
}

/** Whether a module gets gas instrumentation: a TS source (not generated, not a library) that declares an actor. */
function wantsGas(file: string, code: string): boolean {
  if (!file.endsWith('.ts') || file.endsWith('.gen.ts') || file.endsWith('.d.ts')) return false;
  if (/[\\/](node_modules|dist)[\\/]/.test(file)) return false;
  return /^\s*@actor\s*\(/m.test(code);
}

/** Whether a module is a candidate for injection: a TS source with an `@actor(` class and no generated file beside it. */
function wantsInjection(file: string, code: string): boolean {
  if (!file.endsWith('.ts') || file.endsWith('.gen.ts') || file.endsWith('.d.ts')) return false;
  if (/[\\/](node_modules|dist|__fixtures__)[\\/]/.test(file)) return false;
  if (!/^\s*@actor\s*\(/m.test(code) || code.includes('registerGenerated')) return false;
  return !existsSync(genPathOf(file));
}

/** The Sprocket vite/vitest plugin: `plugins: [sprocket()]` in vite.config.ts or vitest.config.ts. */
export function sprocket(options: SprocketPluginOptions = {}): Plugin {
  let root = process.cwd();
  let generator: Generator | undefined;
  let injector: Extractor | undefined;
  const injected = new Map<string, string>();
  const failOnError = options.failOnError ?? true;
  const write = options.write ?? true;
  const inject = options.inject ?? true;
  const gas = options.gas ?? true;
  const warnedLibraries = new Set<string>();

  const check = (result: GenerateResult, warn: (msg: string) => void): void => {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    for (const d of result.diagnostics) if (d.severity !== 'error') warn(formatDiagnostic(d));
    const unwritten = (result.writeErrors ?? []).map((e) => e.message);
    if (errors.length > 0 || unwritten.length > 0) {
      const text = [...errors.map(formatDiagnostic), ...unwritten].join('\n');
      if (failOnError) throw new CompilerError('GEN_DIAGNOSTICS', `sprocket: ${errors.length} error(s) in actor files\n${text}`);
      warn(text);
    }
  };

  const full = (warn: (msg: string) => void): void => {
    generator ??= new Generator({
      rootDir: root,
      ...(options.tsconfig === undefined ? {} : { tsConfigFilePath: resolve(root, options.tsconfig) }),
    });
    const { files } = findActorFiles(options.roots ?? ['.'], root);
    check(generator.run(files, 'write'), warn);
  };

  const onChange = (file: string, warn: (msg: string) => void): void => {
    if (!file.endsWith('.ts') || file.endsWith('.gen.ts') || /[\\/](node_modules|dist)[\\/]/.test(file)) return;
    if (generator === undefined) return;
    check(generator.update(file), warn);
  };

  return {
    name: 'sprocket',
    enforce: 'pre',
    configResolved(config) {
      root = config.root;
    },
    buildStart() {
      if (write) full((msg) => this.warn(msg));
    },
    resolveId(id) {
      return injected.has(id) ? id : undefined;
    },
    load(id) {
      return injected.get(id);
    },
    transform(source, id) {
      const file = id.split('?')[0] ?? id;
      let code = source;
      let changed = false;
      if (gas && wantsGas(file, source)) {
        const unmetered = unmeteredImports(file, source).filter((name) => !warnedLibraries.has(`${file}\0${name}`));
        if (unmetered.length > 0) {
          for (const name of unmetered) warnedLibraries.add(`${file}\0${name}`);
          this.warn(
            `sprocket: ${file} imports ${unmetered.join(', ')}; library code is not gas-metered in tests (only the actor module's own code is)`,
          );
        }
        const metered = instrumentGas(file, source);
        if (metered !== undefined) {
          code = metered.code;
          changed = true;
        }
      }
      const done = changed ? { code, map: null } : undefined;
      if (!inject || !wantsInjection(file, source)) return done;
      injector ??= new Extractor({ rootDir: root });
      const result = injector.extractSource(file, source);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        // Not fatal here: the first use of such an actor fails with SDK_NOT_GENERATED, and this says why.
        this.warn(`sprocket: no generated code injected into ${file}:\n${errors.map(formatDiagnostic).join('\n')}`);
        return done;
      }
      const generated = outputsOf(file, result.manifests)[0];
      if (generated === undefined) return done;
      const virtualId = `${file}${VIRTUAL_SUFFIX}`;
      // Injected definitions register weakly, so a hand-written or generated one of the same name wins.
      injected.set(virtualId, generated.content.replace(/\bregisterGenerated\b/g, 'registerInjected'));
      // The import is hoisted: the definitions are registered before the module's own code runs.
      return { code: `${code}\nimport ${JSON.stringify(virtualId)};\n`, map: null };
    },
    watchChange(id) {
      if (!write) return;
      try {
        onChange(id, (msg) => this.warn(msg));
      } catch (e) {
        this.warn(e instanceof Error ? e.message : String(e));
      }
    },
    handleHotUpdate(ctx) {
      if (!write) return;
      try {
        onChange(ctx.file, (msg) => ctx.server.config.logger.warn(msg));
      } catch (e) {
        ctx.server.config.logger.error(e instanceof Error ? e.message : String(e));
      }
    },
  };
}

export default sprocket;
