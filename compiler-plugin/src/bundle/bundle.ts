// `bundleContract`: an actor module as the code a node runs (docs/rpc.md "Code"): one CommonJS text, platform
// neutral, ES2022, `@sprocket/sdk` left to the node's `require`, everything else bundled, and the actors' generated
// definitions included (the `*.gen.ts` beside the file, or generated in memory as the vite plugin injects them).
// The bytes are not gas-instrumented here: the node meters every uploaded bundle itself when it loads it (so a
// hand-made bundle cannot skip metering, and nothing is charged twice); the bundle is checked to be meterable.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Message, type Plugin } from 'esbuild';
import { ts } from 'ts-morph';
import { genPathOf, outputsOf } from '../cli/generate.js';
import { formatDiagnostic } from '../diagnostics.js';
import { CompilerError } from '../errors.js';
import { Extractor } from '../extract/index.js';
import { instrumentBundle } from '../gas/index.js';
import type { Manifest } from '../manifest/types.js';

/** Options of {@link bundleContract}. */
export interface BundleOptions {
  /** The tsconfig whose settings (decorators, class fields, paths) apply; default: the nearest above the file. */
  readonly tsconfig?: string;
  /** Export only this actor class (a node deploys the one actor its code exports); default: every actor of the file. */
  readonly actor?: string;
}

/** A bundled contract: the bytes to upload and the actor classes they export. */
export interface BundleResult {
  /** UTF-8 text of the CommonJS bundle. */
  readonly code: Uint8Array;
  /** Class names of the `@actor` classes the bundle exports, in declaration order. */
  readonly actors: string[];
  /** The manifests of the file's actors (to encode constructor arguments). */
  readonly manifests: Manifest[];
  /**
   * Gas charge points the node will insert when it loads the code (function entries and loop bodies, library
   * code from node_modules included).
   */
  readonly chargePoints: number;
}

const GEN_NAMESPACE = 'sprocket-generated';

/** Bundles the actor module `file` into the code format a node runs (see the file comment). */
export async function bundleContract(file: string, options: BundleOptions = {}): Promise<BundleResult> {
  const entry = resolve(file);
  if (!existsSync(entry) || !entry.endsWith('.ts')) {
    throw new CompilerError('BUNDLE_NO_FILE', `${file}: not a TypeScript actor file (expected an existing .ts file)`);
  }
  const tsconfig = options.tsconfig === undefined ? ts.findConfigFile(dirname(entry), ts.sys.fileExists) : resolve(options.tsconfig);
  if (tsconfig !== undefined) checkDecorators(tsconfig);
  const root = packageRootOf(entry);

  // The actors and their generated definitions, fresh from the source.
  const extractor = new Extractor({ rootDir: root, ...(tsconfig === undefined ? {} : { tsConfigFilePath: tsconfig }) });
  const extracted = extractor.extract([entry]);
  const errors = extracted.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new CompilerError('BUNDLE_DIAGNOSTICS', `${file}: the actor module has errors:\n${errors.map(formatDiagnostic).join('\n')}`);
  }
  const generated = outputsOf(entry, extracted.manifests)[0];
  if (generated === undefined) throw new CompilerError('BUNDLE_NO_ACTOR', `${file}: no @actor class in this file; nothing to deploy`);
  const genPath = genPathOf(entry);
  if (existsSync(genPath) && readFileSync(genPath, 'utf8') !== generated.content) {
    throw new CompilerError(
      'BUNDLE_STALE_GENERATED',
      `${genPath} is not what ${basename(entry)} generates now; run \`npx sprocket gen ${file}\` and deploy again`,
    );
  }

  const all = extracted.manifests.map((m) => m.actor?.className ?? m.program?.name ?? '').filter((name) => name !== '');
  if (options.actor !== undefined && !all.includes(options.actor)) {
    throw new CompilerError('BUNDLE_NO_ACTOR', `${file} has no actor ${options.actor} (it has: ${all.join(', ')})`);
  }
  const actors = options.actor === undefined ? all : [options.actor];
  const exported = options.actor === undefined ? '*' : `{ ${options.actor} }`;
  const result = await build({
    stdin: {
      // The definitions register before the actor classes are decorated; the classes become module.exports.
      contents: `import ${JSON.stringify(`./${basename(genPath)}`)};\nexport ${exported} from ${JSON.stringify(`./${basename(entry)}`)};\n`,
      resolveDir: dirname(entry),
      sourcefile: `${basename(entry)} (deploy entry)`,
      loader: 'ts',
    },
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    external: ['@sprocket/sdk', '@sprocket/sdk/*'],
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    ...(tsconfig === undefined ? { tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } } : { tsconfig }),
    plugins: [generatedModule(genPath, generated.content, root)],
  }).catch((error: unknown) => {
    const messages = (error as { errors?: Message[] }).errors ?? [];
    const text = messages.length > 0 ? messages.map(formatMessage).join('\n') : String(error);
    throw new CompilerError('BUNDLE_FAILED', `${file}: cannot bundle the actor module:\n${text}`, { cause: error });
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new CompilerError('BUNDLE_FAILED', `${file}: esbuild produced no output`);
  let chargePoints: number;
  try {
    const metered = instrumentBundle(`${basename(entry)} (bundle)`, output.text);
    chargePoints = metered.functions + metered.loops;
  } catch (error) {
    throw new CompilerError(
      'BUNDLE_UNMETERABLE',
      `${file}: the bundle cannot be gas-metered, so a node would refuse it: ${(error as Error).message}. ` +
        'Rename the identifier, or replace the `with` statement (in your code or in the library the location is in).',
      { cause: error },
    );
  }
  return { code: output.contents, actors, manifests: extracted.manifests, chargePoints };
}

/**
 * Serves the actor file's generated module from memory (imports of `./x.gen.js` included). Its path is relative to
 * the package root, as esbuild names the other modules: esbuild writes it into the bundle as a comment, and an
 * absolute path would make the bytes, and so the CodeId, depend on where the project lives.
 */
function generatedModule(genPath: string, content: string, root: string): Plugin {
  const shown = relative(root, genPath).split(sep).join('/');
  return {
    name: 'sprocket-generated',
    setup(builder) {
      builder.onResolve({ filter: /\.gen(\.js|\.ts)?$/ }, (args) => {
        const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        const candidate = target.endsWith('.ts') ? target : `${target}.ts`;
        return candidate === genPath ? { path: shown, namespace: GEN_NAMESPACE } : undefined;
      });
      builder.onLoad({ filter: /.*/, namespace: GEN_NAMESPACE }, () => ({ contents: content, loader: 'ts', resolveDir: dirname(genPath) }));
    },
  };
}

/** Refuses a tsconfig without `experimentalDecorators`: Sprocket's decorators are TypeScript's experimental ones. */
function checkDecorators(tsconfig: string): void {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error !== undefined) {
    throw new CompilerError('BUNDLE_BAD_TSCONFIG', `${tsconfig}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig), undefined, tsconfig);
  if (parsed.options.experimentalDecorators !== true) {
    throw new CompilerError(
      'BUNDLE_BAD_TSCONFIG',
      `${tsconfig}: Sprocket actors need "experimentalDecorators": true in compilerOptions (TypeScript's decorators, as the sdk uses)`,
    );
  }
}

/** The nearest directory above `file` with a package.json (paths in the bundle are relative to it). */
function packageRootOf(file: string): string {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return dirname(file);
    dir = parent;
  }
}

function formatMessage(message: Message): string {
  const where = message.location === null ? '' : `${message.location.file}:${message.location.line}:${message.location.column + 1}: `;
  return `  ${where}${message.text}`;
}
