// The vite / vitest plugin: runs the generator when the server or the test run starts and again when a
// watched file changes, so tests always see fresh `*.gen.ts` files. An actor file with diagnostics fails
// only the modules (tests) that import it, with the located diagnostics. Every loaded actor module gets
// its generated definitions registered: its `*.gen.ts` is imported when there is one, else the generated
// code is injected in memory, so a test that declares an actor and deploys it works without a generate
// step. With `check` (default under CI) a committed `*.gen.ts` that differs from what the generator
// would write fails the modules that import its actor file.
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { findActorFiles, type GenerateResult, Generator, genPathOf, outputsOf } from '../cli/generate.js';
import { breakingReplacement } from '../cli/wire-diff.js';
import { type Diagnostic, formatDiagnostic } from '../diagnostics.js';
import { CompilerError } from '../errors.js';
import { Extractor } from '../extract/index.js';
import { instrumentGas, unmeteredImports } from '../gas/index.js';
import { isMeteredModule } from '../gas/select.js';
import { type GasReportOptions, gasReportSettings } from './gas-report/options.js';
import { addGasReport, type GasReportPluginContext } from './gas-report/vitest.js';

export { type GasReportFigures, type GasReportJson, gasReportJson } from './gas-report/json.js';
export {
  GAS_REPORT_ENV,
  GAS_REPORT_JSON_ENV,
  type GasReportOptions,
  type GasReportSettings,
  gasReportSettings,
} from './gas-report/options.js';
export { collectGasTally, GasReporter, type ReportedTestModule } from './gas-report/reporter.js';
export { gasReportTable } from './gas-report/table.js';
export { type GasFigures, type GasRouteTally, GasTally, type GasTallyWire } from './gas-report/tally.js';
export { GAS_REPORT_SETUP_FILE } from './gas-report/vitest.js';

/** Suffix of the virtual module that carries an actor file's injected generated code. */
const VIRTUAL_SUFFIX = '.sprocket-inject.gen.ts';

/** Options of the {@link sprocket} plugin. */
export interface SprocketPluginOptions {
  /** Files or directories to scan for `@actor` classes, relative to the vite root (default `['.']`). */
  readonly roots?: readonly string[];
  /** A tsconfig whose compiler options the extractor uses. */
  readonly tsconfig?: string;
  /** Fail the modules that import an actor file with diagnostics (default true); false only logs them. */
  readonly failOnError?: boolean;
  /**
   * Write `*.gen.ts` and `.idl` files under `roots` at start and on change (default: true, false under CI so that
   * committed generated files are checked, never silently refreshed).
   */
  readonly write?: boolean;
  /**
   * Inject generated definitions into any loaded actor module without a `*.gen.ts` beside it and without
   * hand-written registrations (default true). Nothing is written to disk.
   */
  readonly inject?: boolean;
  /**
   * Fail a module that imports an actor file whose committed `*.gen.ts` is stale (default: on when the `CI`
   * environment variable is set and not `false`/`0`).
   */
  readonly check?: boolean;
  /**
   * Meter actor modules (default true): every loaded TS module with an `@actor` class gets gas charges at
   * function entries and loop iterations, so a handler that spins ends with OUT_OF_GAS. Libraries from
   * `node_modules` are not instrumented (a warning names the ones an actor module imports).
   */
  readonly gas?: boolean;
  /**
   * A gas report of the test run (vitest only): per actor and route, handled messages and their least, average and
   * most gas, failures apart; printed at the end of the run, and written as JSON with `{ json: 'file' }`. Default
   * off; the environment overrides it for one run: `SPROCKET_GAS_REPORT=1` (or `0`), `SPROCKET_GAS_REPORT_JSON=file`.
   */
  readonly gasReport?: boolean | GasReportOptions;
}

/** Whether `CI` is set to something other than empty, `false` or `0`. */
function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Whether a module is an actor module the plugin handles: a TS source with an `@actor(` class and no hand-written registrations. */
function isActorModule(file: string, code: string): boolean {
  if (!file.endsWith('.ts') || file.endsWith('.gen.ts') || file.endsWith('.d.ts')) return false;
  if (/[\\/](node_modules|dist|__fixtures__)[\\/]/.test(file)) return false;
  return /^\s*@actor\s*\(/m.test(code) && !code.includes('registerGenerated');
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The Sprocket vite/vitest plugin: `plugins: [sprocket()]` in vite.config.ts or vitest.config.ts. */
export function sprocket(options: SprocketPluginOptions = {}): Plugin {
  const gasReport = gasReportSettings(options.gasReport, process.env);
  let root = process.cwd();
  let generator: Generator | undefined;
  let injector: Extractor | undefined;
  const injected = new Map<string, string>();
  /** Actor files (absolute) with error diagnostics from the last generator run, formatted. */
  const failing = new Map<string, string>();
  const failOnError = options.failOnError ?? true;
  const write = options.write ?? !inCi();
  const inject = options.inject ?? true;
  const checkStale = options.check ?? inCi();
  const gas = options.gas ?? true;
  const warnedLibraries = new Set<string>();

  /** Remembers which files have errors (they fail their importers) and logs every diagnostic once. */
  const record = (result: GenerateResult, warn: (msg: string) => void): void => {
    for (const file of result.actorFiles) failing.delete(file);
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of result.diagnostics) {
      if (d.severity !== 'error') {
        warn(formatDiagnostic(d));
        continue;
      }
      const abs = resolve(root, d.location.file);
      byFile.set(abs, [...(byFile.get(abs) ?? []), d]);
    }
    for (const [file, errors] of byFile) {
      const text = errors.map(formatDiagnostic).join('\n');
      failing.set(file, text);
      warn(`sprocket: ${errors.length} error(s) in ${relative(root, file)}; the tests that import it fail\n${text}`);
    }
    // An output the generator may not write (a hand-written file in the way, a symlink) stops the run loudly.
    const unwritten = (result.writeErrors ?? []).map((e) => e.message);
    if (unwritten.length > 0) {
      const text = unwritten.join('\n');
      if (failOnError) throw new CompilerError('GEN_DIAGNOSTICS', `sprocket: ${unwritten.length} generated file(s) not written\n${text}`);
      warn(text);
    }
  };

  /** Warnings for the breaking wire changes of IDL files the last write replaced (`sprocket gen` refuses them). */
  const breaking: string[] = [];
  const checkWire = (path: string, previous: string, next: string): void => {
    const text = breakingReplacement('sprocket', relative(root, path), previous, next);
    if (text !== undefined) breaking.push(text);
  };
  const warnBreaking = (warn: (msg: string) => void): void => {
    for (const text of breaking.splice(0)) warn(text);
  };

  const full = (warn: (msg: string) => void): void => {
    generator ??= new Generator({
      rootDir: root,
      ...(options.tsconfig === undefined ? {} : { tsConfigFilePath: resolve(root, options.tsconfig) }),
      beforeReplace: checkWire,
    });
    const { files } = findActorFiles(options.roots ?? ['.'], root);
    record(generator.run(files, 'write'), warn);
    warnBreaking(warn);
  };

  const onChange = (file: string, warn: (msg: string) => void): void => {
    if (!file.endsWith('.ts') || file.endsWith('.gen.ts') || /[\\/](node_modules|dist)[\\/]/.test(file)) return;
    if (generator === undefined) return;
    record(generator.update(file), warn);
    warnBreaking(warn);
  };

  const diagnosticsError = (file: string, text: string): CompilerError =>
    new CompilerError(
      'GEN_DIAGNOSTICS',
      `sprocket: ${relative(root, file)} has errors, so no generated code is available for it:\n${text}`,
    );

  const plugin: Plugin & { configureVitest?(context: GasReportPluginContext): void } = {
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
      if (gas && isMeteredModule(file, source)) {
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
      if (!isActorModule(file, source)) return done;
      const known = failing.get(file);
      if (known !== undefined && failOnError) throw diagnosticsError(file, known);
      const genPath = genPathOf(file);
      const onDisk = existsSync(genPath);
      if (onDisk && !checkStale) {
        // Registers the definitions even when the test imports only the actor module.
        return { code: `${code}\nimport ${JSON.stringify(`./${basename(genPath).replace(/\.ts$/, '.js')}`)};\n`, map: null };
      }
      if (!onDisk && !inject) return done;
      injector ??= new Extractor({ rootDir: root });
      const result = injector.extractSource(file, source);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        const text = errors.map(formatDiagnostic).join('\n');
        if (failOnError) throw diagnosticsError(file, text);
        this.warn(`sprocket: no generated code for ${file}:\n${text}`);
        return done;
      }
      const generated = outputsOf(file, result.manifests)[0];
      if (generated === undefined) return done;
      if (onDisk) {
        if (readOrUndefined(genPath) !== generated.content) {
          throw new CompilerError(
            'GEN_STALE',
            `sprocket: ${relative(root, genPath)} is stale: it differs from what the generator writes for ${relative(root, file)} now. ` +
              `Run \`npx sprocket gen ${relative(root, file)}\` and commit the result.`,
          );
        }
        return { code: `${code}\nimport ${JSON.stringify(`./${basename(genPath).replace(/\.ts$/, '.js')}`)};\n`, map: null };
      }
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
  // Vitest calls this before it creates the reporters and serializes the config for the workers.
  if (gasReport !== undefined) plugin.configureVitest = (context) => addGasReport(context, gasReport);
  return plugin;
}

export default sprocket;
