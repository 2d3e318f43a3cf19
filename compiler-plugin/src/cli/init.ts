// `sprocket init <dir>`: scaffolds a contract project (package.json, tsconfig, one actor and its tests, the vitest
// plugin, a README). Until the @sprocket packages are published, the project gets them as tarballs: the
// installed sdk, runtime and compiler-plugin are packed with `npm pack` into `<dir>/vendor/` and referenced as
// `file:` dependencies, so `npm install` needs the npm registry only for third-party packages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { argsUsageError, CliError, CliUsageError } from './errors.js';
import { scaffoldFiles } from './init-template.js';

/** Help text of `sprocket init`. */
export const INIT_USAGE = `Usage: sprocket init <dir>

Creates a contract project in <dir> (created if missing; it must be empty): package.json, tsconfig.json
(experimentalDecorators, useDefineForClassFields false), src/counter.ts (one actor), src/counter.test.ts
(its tests), src/main.ts (npm start), vitest.config.ts (with the Sprocket plugin) and a README.
Then: cd <dir> && npm install && npm test.

The @sprocket packages this command runs from are packed with \`npm pack\` into <dir>/vendor/*.tgz and
referenced as file: dependencies; everything else comes from the npm registry.

Options:
  -h, --help
`;

/** Where the CLI writes. */
interface InitIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly cwd?: string;
}

/** The three packages a project needs, by npm name. */
const PACKAGES = ['@sprocket/sdk', '@sprocket/runtime', '@sprocket/compiler-plugin'] as const;

/** Runs `sprocket init`; resolves with the exit code. */
export async function init(args: readonly string[], io: InitIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: { help: { type: 'boolean'; short: 'h' } }; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw argsUsageError(e, args, 'init');
  }
  if (parsed.values.help === true) {
    io.stdout(INIT_USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new CliUsageError('expected exactly one <dir>', 'init');
  const cwd = io.cwd ?? process.cwd();
  const target = resolve(cwd, parsed.positionals[0] as string);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new CliError('CLI_WRITE_FAILED', `${target}: a file, not a directory; give a new or empty directory`);
  }
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CliError('CLI_INIT_NOT_EMPTY', `${target}: the directory is not empty; give a new or empty directory`);
  }
  const packageDirs = PACKAGES.map((name) => ({ name, dir: findPackageDir(name) }));
  const vendor = join(target, 'vendor');
  try {
    mkdirSync(vendor, { recursive: true });
  } catch (e) {
    // A path below a file (ENOTDIR), a directory it may not write (EACCES): said as a CLI error, not a stack trace.
    throw new CliError('CLI_WRITE_FAILED', `${target}: cannot create the project there: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  const tarballs: Record<string, string> = {};
  for (const { name, dir } of packageDirs) tarballs[name] = `file:vendor/${pack(name, dir, vendor)}`;
  const projectName = npmName(basename(target));
  for (const file of scaffoldFiles(projectName, tarballs)) {
    const path = join(target, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  const shown = parsed.positionals[0] as string;
  io.stdout(`Created ${projectName} in ${shown}\n\nNext:\n  cd ${shellWord(shown)}\n  npm install\n  npm test\n`);
  return 0;
}

/** `dir` as one POSIX shell word, so the printed `cd` line works when pasted (a path may hold spaces or quotes). */
export function shellWord(dir: string): string {
  return /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replaceAll("'", `'\\''`)}'`;
}

/** The directory of an installed @sprocket package: found from this package's own location, walking up node_modules. */
function findPackageDir(name: string): string {
  const self = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  if (name === '@sprocket/compiler-plugin') return self;
  for (let dir = self; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', ...name.split('/'));
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new CliError(
    'CLI_INIT_PACKAGE_MISSING',
    `${name} is not installed next to @sprocket/compiler-plugin (${self}): install it, then run init again`,
  );
}

/** Packs a package directory into `vendor` with `npm pack`; returns the tarball's file name. */
function pack(name: string, dir: string, vendor: string): string {
  if (!existsSync(join(dir, 'dist'))) {
    throw new CliError('CLI_INIT_PACK', `${name} at ${dir} has no dist/ folder: build it first (npm run build)`);
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', dir, '--pack-destination', vendor, '--json', '--ignore-scripts', '--silent'], {
    cwd: vendor,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error?.message ?? result.stderr.trim().split('\n').slice(-3).join(' ');
    throw new CliError('CLI_INIT_PACK', `npm pack ${name} (${dir}) failed: ${why}`, { cause: result.error });
  }
  const filename = tarballName(result.stdout);
  if (filename === undefined || !existsSync(join(vendor, filename))) {
    throw new CliError('CLI_INIT_PACK', `npm pack ${name} (${dir}) did not report the tarball it wrote`);
  }
  return filename;
}

/** The `filename` npm pack --json reports. */
function tarballName(stdout: string): string | undefined {
  try {
    const json = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename?: unknown }[];
    const name = json[0]?.filename;
    return typeof name === 'string' ? basename(name.replace(/^@/, '').replace('/', '-')) : undefined;
  } catch {
    return undefined;
  }
}

/** A valid npm package name made from a directory name. */
function npmName(dir: string): string {
  const name = dir
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, 200);
  return name === '' ? 'sprocket-contracts' : name;
}
