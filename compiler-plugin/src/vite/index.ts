// The vite / vitest plugin: runs the generator when the server or the test run starts and again when a
// watched file changes, so tests always see fresh `*.gen.ts` files. Diagnostics are reported as errors
// with their locations.
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { findActorFiles, type GenerateResult, Generator } from '../cli/generate.js';
import { formatDiagnostic } from '../diagnostics.js';
import { CompilerError } from '../errors.js';

/** Options of the {@link sprocket} plugin. */
export interface SprocketPluginOptions {
  /** Files or directories to scan for `@actor` classes, relative to the vite root (default `['.']`). */
  readonly roots?: readonly string[];
  /** A tsconfig whose compiler options the extractor uses. */
  readonly tsconfig?: string;
  /** Throw on diagnostics (fail the build / test run) instead of only logging them (default true). */
  readonly failOnError?: boolean;
}

/** The Sprocket vite/vitest plugin: `plugins: [sprocket()]` in vite.config.ts or vitest.config.ts. */
export function sprocket(options: SprocketPluginOptions = {}): Plugin {
  let root = process.cwd();
  let generator: Generator | undefined;
  const failOnError = options.failOnError ?? true;

  const check = (result: GenerateResult, warn: (msg: string) => void): void => {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    for (const d of result.diagnostics) if (d.severity !== 'error') warn(formatDiagnostic(d));
    if (errors.length > 0) {
      const text = errors.map(formatDiagnostic).join('\n');
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
      full((msg) => this.warn(msg));
    },
    watchChange(id) {
      try {
        onChange(id, (msg) => this.warn(msg));
      } catch (e) {
        this.warn(e instanceof Error ? e.message : String(e));
      }
    },
    handleHotUpdate(ctx) {
      try {
        onChange(ctx.file, (msg) => ctx.server.config.logger.warn(msg));
      } catch (e) {
        ctx.server.config.logger.error(e instanceof Error ? e.message : String(e));
      }
    },
  };
}

export default sprocket;
