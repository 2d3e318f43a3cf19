// The `sprocket` command line: gen, idl, client, encode, decode. Exit codes: 0 ok, 1 user or diagnostic
// errors, 2 usage errors.
import { existsSync, watch as fsWatch, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  codecFromType,
  fromHex,
  interfaceIdBytes,
  isScaleError,
  readHeader,
  ScaleReader,
  ScaleWriter,
  SprocketError,
  toHex,
  writeHeader,
} from '@sprocket/sdk';
import { type Diagnostic, formatDiagnostic } from '../diagnostics.js';
import { emitGenerated } from '../emit/generated.js';
import { CompilerError } from '../errors.js';
import { emitIdl } from '../idl/emitter.js';
import { loadIdlFile, parseIdlFile } from '../idl/include.js';
import type { Manifest } from '../manifest/types.js';
import { argsUsageError, CliError, CliUsageError } from './errors.js';
// The extractor and generator load TypeScript (about a second): only the verbs that read actor sources import them.
import type { GenerateResult, Generator } from './generate.js';
import { init } from './init.js';
import { manifestCache, readCachedManifests, writeCachedManifests } from './manifest-cache.js';
import { NET_VERBS, runNetVerb } from './net/index.js';
import { encodeJsonCall, parseJsonArgument } from './net/messages.js';
import { nodeVerb } from './node-verb.js';
import { formatCliError, reportable } from './report.js';
import { displayPath, writeGenerated } from './safe-write.js';
import { findTarget, isUnitRef, parseRoute, splitSpec } from './target.js';
import { USAGE } from './usage.js';
import { breakingReplacement, reportWireChanges } from './wire-diff.js';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The working directory (default `process.cwd()`). */
  readonly cwd?: string;
  /** Stops `gen --watch` (default: SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** The commands `main` runs itself (the node verbs are in NET_VERBS). */
const LOCAL_COMMANDS: ReadonlySet<string> = new Set(['help', 'gen', 'idl', 'client', 'encode', 'decode', 'node', 'init']);

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    switch (verb) {
      case undefined:
        io.stderr(USAGE.main as string);
        return 2;
      case '-h':
      case '--help':
      case 'help': {
        // `sprocket help <command>` is `sprocket <command> --help`.
        const topic = rest[0];
        if (topic !== undefined && topic !== 'main' && USAGE[topic] !== undefined) io.stdout(USAGE[topic] as string);
        else if (topic !== undefined && verb === 'help') throw new CliUsageError(`unknown command ${topic}`);
        else io.stdout(USAGE.main as string);
        return 0;
      }
      case 'gen':
        return await gen(rest, io);
      case 'idl':
        return await idl(rest, io);
      case 'client':
        return client(rest, io);
      case 'encode':
        return await encodeCmd(rest, io);
      case 'decode':
        return await decodeCmd(rest, io);
      case 'node':
        return await nodeVerb(rest, io);
      case 'init':
        return await init(rest, io);
      default:
        if (NET_VERBS.has(verb)) return await runNetVerb(verb, rest, io, { loadManifests, findTarget });
        throw new CliUsageError(`unknown command ${verb}`);
    }
  } catch (e) {
    // A command's name only once it is one (`sprocket frobnicate` has none).
    const command = verb !== undefined && (LOCAL_COMMANDS.has(verb) || NET_VERBS.has(verb)) ? verb : undefined;
    if (e instanceof CliUsageError) {
      io.stderr(`${formatCliError(command, e)}\n${USAGE[e.verb ?? 'main'] ?? USAGE.main}`);
      return 2;
    }
    if (e instanceof CompilerError || e instanceof SprocketError || isScaleError(e)) {
      io.stderr(formatCliError(command, e));
      return 1;
    }
    throw e;
  }
}

type Spec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse(
  verb: string,
  args: readonly string[],
  options: Spec,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (e) {
    throw argsUsageError(e, args, verb);
  }
}

function cwdOf(io: CliIo): string {
  return io.cwd ?? process.cwd();
}

function printWriteErrors(result: GenerateResult, io: CliIo): number {
  const failed = result.writeErrors ?? [];
  for (const e of failed) io.stderr(formatCliError('gen', e));
  return failed.length;
}

function printDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo): number {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) io.stderr(`${errors} error${errors === 1 ? '' : 's'}\n`);
  return errors;
}

// ---- gen

async function gen(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('gen', args, {
    check: { type: 'boolean' },
    watch: { type: 'boolean' },
    'allow-breaking': { type: 'boolean' },
  });
  if (values.help === true) {
    io.stdout(USAGE.gen as string);
    return 0;
  }
  if (values.check === true && values.watch === true) throw new CliUsageError('--check and --watch cannot be combined', 'gen');
  const cwd = cwdOf(io);
  const { deletedWarning, findActorFiles, Generator, orphanWarning, staleOutputsOf } = await import('./generate.js');
  const { files, missing, symlinks, orphans } = findActorFiles(positionals, cwd);
  for (const m of missing) io.stderr(formatCliError('gen', new CliError('CLI_NOT_FOUND', `${m}: no such file or directory`)));
  if (missing.length > 0) return 1;
  const rel = (p: string): string => displayPath(p, cwd);
  for (const link of symlinks) io.stderr(`sprocket gen: skipped symlink ${rel(link)} (symlinks are not followed)\n`);
  for (const orphan of orphans) io.stderr(orphanWarning(orphan, rel));
  // Under --watch, saves after the first run are written as they come: a breaking IDL change, with a warning.
  let watching = false;
  const beforeReplace = (path: string, previous: string, next: string): void => {
    const text = watching ? breakingReplacement('sprocket gen', rel(path), previous, next) : undefined;
    if (text !== undefined) io.stderr(`${text}\n`);
  };
  const generator = new Generator({ rootDir: cwd, beforeReplace });
  const allowBreaking = values['allow-breaking'] === true;
  const accept = ['npx sprocket gen --allow-breaking', ...positionals].join(' ');
  if (values.check === true) {
    const result = generator.run(files, 'check');
    const errors = printDiagnostics(result.diagnostics, io);
    if (result.changed.length > 0) {
      const stale = result.changed.map((f) => `\n  ${rel(f)}`).join('');
      io.stderr(
        formatCliError('gen', { code: 'GEN_STALE', message: `${result.changed.length} generated file(s) are stale or missing:${stale}` }),
      );
      if (!reportWireChanges(result, rel, io, true, accept)) io.stderr('hint: run `npx sprocket gen` to update them\n');
    }
    if (errors === 0 && result.changed.length === 0)
      io.stdout(`sprocket gen --check: ${result.outputs.length} generated file(s) up to date\n`);
    return errors > 0 || result.changed.length > 0 ? 1 : 0;
  }
  const report = (result: GenerateResult, ms: number): number => {
    const errors = printDiagnostics(result.diagnostics, io) + printWriteErrors(result, io);
    for (const f of result.changed) io.stdout(`wrote ${rel(f)}\n`);
    io.stdout(`sprocket gen: ${result.actorFiles.length} actor file(s), ${result.changed.length} file(s) written in ${ms} ms\n`);
    return errors;
  };
  const t0 = Date.now();
  if (!allowBreaking && reportWireChanges(generator.run(files, 'check'), rel, io, false, accept)) return 1;
  const first = generator.run(files, 'write');
  const errors = report(first, Date.now() - t0);
  if (values.watch !== true) return errors > 0 ? 1 : 0;
  watching = true;
  // An actor file deleted while watched: its outputs are left in place, stale, and it says so.
  const deleted = (file: string): void => {
    const text = deletedWarning(file, staleOutputsOf(file), rel);
    if (text !== undefined) io.stderr(text);
  };
  return watchLoop(generator, positionals.length === 0 ? ['.'] : positionals, io, report, deleted, t0);
}

/** Directories `gen --watch` never descends into. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);

function isWatchableDir(path: string): boolean {
  try {
    return statSync(path).isDirectory() && !SKIPPED_DIRS.has(basename(path));
  } catch {
    return false;
  }
}

function modifiedSince(path: string, since: number): boolean {
  try {
    return statSync(path).mtimeMs >= since;
  } catch {
    return false;
  }
}

function watchLoop(
  generator: Generator,
  paths: readonly string[],
  io: CliIo,
  report: (r: GenerateResult, ms: number) => number,
  deleted: (file: string) => void,
  since: number,
): Promise<number> {
  const cwd = cwdOf(io);
  return new Promise((done) => {
    const pending = new Map<string, NodeJS.Timeout>();
    const watchers: import('node:fs').FSWatcher[] = [];
    /** With `quiet`, a run that neither wrote nor diagnosed anything prints nothing (the catch-up below). */
    const onChange = (file: string, quiet = false): void => {
      if (!file.endsWith('.ts') || file.endsWith('.gen.ts') || /[\\/](node_modules|dist)[\\/]/.test(file)) return;
      const old = pending.get(file);
      if (old !== undefined) clearTimeout(old);
      pending.set(
        file,
        setTimeout(() => {
          pending.delete(file);
          const t0 = Date.now();
          try {
            const result = generator.update(file);
            const worth = quiet ? result.changed.length > 0 : result.actorFiles.length > 0;
            if (worth || result.diagnostics.length > 0) report(result, Date.now() - t0);
            for (const gone of result.deleted ?? []) deleted(gone);
          } catch (e) {
            io.stderr(formatCliError('gen', reportable(e)));
          }
        }, 25),
      );
    };
    // One non-recursive watcher per directory: a directory watch survives editors that save by renaming
    // a temporary file over the original, which a per-file watch (Node's recursive mode on Linux) loses.
    const watched = new Set<string>();
    // A file saved while the first generation ran (it takes seconds on a large project), before these
    // watchers existed, has no event coming: regenerate the files modified since that run started (to
    // the second, for file systems that keep coarse times).
    const sinceSecond = Math.floor(since / 1000) * 1000;
    const savedMeanwhile: string[] = [];
    const watchDir = (dir: string): void => {
      if (watched.has(dir)) return;
      watched.add(dir);
      const w = fsWatch(dir, (_event, name) => {
        if (name === null) return;
        const path = resolve(dir, name.toString());
        if (isWatchableDir(path)) watchDir(path);
        else onChange(path);
      });
      watchers.push(w);
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = resolve(dir, entry.name);
        if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) watchDir(path);
        else if (entry.isFile() && entry.name.endsWith('.ts') && modifiedSince(path, sinceSecond)) savedMeanwhile.push(path);
      }
    };
    for (const p of paths) {
      const abs = resolve(cwd, p);
      watchDir(statSync(abs).isDirectory() ? abs : dirname(abs));
    }
    io.stdout('sprocket gen: watching for changes (Ctrl-C to stop)\n');
    for (const file of savedMeanwhile) onChange(file, true);
    const stop = (): void => {
      for (const w of watchers) w.close();
      for (const t of pending.values()) clearTimeout(t);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(0);
    };
    if (io.signal !== undefined) {
      if (io.signal.aborted) stop();
      else io.signal.addEventListener('abort', stop, { once: true });
    } else {
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }
  });
}

// ---- idl / client

async function extractOrFail(file: string, io: CliIo): Promise<Manifest[] | undefined> {
  const cwd = cwdOf(io);
  const abs = resolve(cwd, file);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(abs).isDirectory();
  } catch {
    throw new CliError('CLI_NOT_FOUND', `${file}: no such file`);
  }
  if (isDirectory) throw directoryGiven(file);
  const cache = manifestCache(cwd);
  const cached = cache === undefined ? undefined : readCachedManifests(cache, abs, cwd);
  if (cached !== undefined) {
    printDiagnostics(cached.warnings, io);
    return cached.manifests;
  }
  const { Extractor } = await import('../extract/index.js');
  const extractor = new Extractor({ rootDir: cwd });
  const result = extractor.extract([abs]);
  if (printDiagnostics(result.diagnostics, io) > 0) return undefined;
  if (result.manifests.length === 0) throw new CliError('CLI_NO_ACTOR', `${file}: no @actor class found`);
  if (cache !== undefined) {
    // Every file the type checker read that is on disk (TypeScript's own lib files are not): the actor, its imports, the sdk.
    const inputs = extractor.project
      .getProgram()
      .compilerObject.getSourceFiles()
      .map((sf) => resolve(sf.fileName))
      .filter((path) => existsSync(path));
    writeCachedManifests(cache, abs, cwd, { manifests: result.manifests, warnings: result.diagnostics }, inputs);
  }
  return result.manifests;
}

async function idl(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('idl', args, {});
  if (values.help === true) {
    io.stdout(USAGE.idl as string);
    return 0;
  }
  if (positionals.length !== 1) throw new CliUsageError('expected one actor file', 'idl');
  const manifests = await extractOrFail(positionals[0] as string, io);
  if (manifests === undefined) return 1;
  io.stdout(manifests.map((m) => emitIdl(m)).join('\n'));
  return 0;
}

/** A directory where a command takes one file (`sprocket gen` alone takes directories). */
function directoryGiven(file: string): CliError {
  return new CliError('CLI_IS_DIRECTORY', `${file}: is a directory; give one file (sprocket gen takes directories)`);
}

function readText(file: string, io: CliIo): string {
  try {
    return readFileSync(resolve(cwdOf(io), file), 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EISDIR') throw directoryGiven(file);
    throw new CliError('CLI_NOT_FOUND', `${file}: no such file`);
  }
}

function client(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse('client', args, { out: { type: 'string', short: 'o' } });
  if (values.help === true) {
    io.stdout(USAGE.client as string);
    return 0;
  }
  if (positionals.length !== 1) throw new CliUsageError('expected one .idl file', 'client');
  const file = positionals[0] as string;
  readText(file, io); // a missing file is CLI_NOT_FOUND
  const { text, manifest } = loadIdlFile(resolve(cwdOf(io), file), file);
  const out = emitGenerated({ ...manifest, source: basename(file) }, { idl: text, command: 'sprocket client', source: basename(file) });
  if (typeof values.out === 'string') {
    const target = resolve(cwdOf(io), values.out);
    writeGenerated(target, out, { root: dirname(target), shown: values.out });
    io.stdout(`wrote ${values.out}\n`);
  } else io.stdout(out);
  return 0;
}

// ---- encode / decode

async function loadManifests(file: string, io: CliIo): Promise<Manifest[] | undefined> {
  if (file.endsWith('.idl')) {
    readText(file, io); // a missing file is CLI_NOT_FOUND
    return [parseIdlFile(resolve(cwdOf(io), file), file)];
  }
  return extractOrFail(file, io);
}

async function encodeCmd(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('encode', args, { route: { type: 'string' }, event: { type: 'boolean' } });
  if (values.help === true) {
    io.stdout(USAGE.encode as string);
    return 0;
  }
  if (positionals.length !== 3) throw new CliUsageError('expected <actor.ts|file.idl> <Service>.<Function> <JSON array>', 'encode');
  const [file, spec, jsonText] = positionals as [string, string, string];
  const route = parseRoute(typeof values.route === 'string' ? values.route : undefined, 'encode');
  splitSpec(spec, 'encode');
  const manifests = await loadManifests(file, io);
  if (manifests === undefined) return 1;
  const target = findTarget(manifests, spec, route, 'encode', values.event === true);
  if (target.event !== undefined) {
    // An event: the JSON is its payload, in the form `on` listeners get (an object, a value, an array or null).
    const json = parseJsonArgument(jsonText);
    const w = new ScaleWriter(64);
    writeHeader(w, interfaceIdBytes(target.interfaceId), target.entryId, target.route);
    const codec = codecFromType(target.event, target.types);
    codec.encodeTo(w, codec.fromJson(json, target.what), target.what);
    io.stdout(`${toHex(w.finish())}\n`);
    return 0;
  }
  io.stdout(`${toHex(encodeJsonCall(target, jsonText))}\n`);
  return 0;
}

async function decodeCmd(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('decode', args, {
    reply: { type: 'boolean' },
    error: { type: 'boolean' },
    event: { type: 'boolean' },
    route: { type: 'string' },
  });
  if (values.help === true) {
    io.stdout(USAGE.decode as string);
    return 0;
  }
  if (positionals.length !== 3) throw new CliUsageError('expected <actor.ts|file.idl> <Service>.<Function> <0xhex>', 'decode');
  const [file, spec, hex] = positionals as [string, string, string];
  const route = parseRoute(typeof values.route === 'string' ? values.route : undefined, 'decode');
  splitSpec(spec, 'decode');
  const manifests = await loadManifests(file, io);
  if (manifests === undefined) return 1;
  if (values.reply === true && values.error === true) throw new CliUsageError('--reply and --error exclude each other', 'decode');
  const target = findTarget(manifests, spec, route, 'decode', values.event === true);
  if (values.error === true && target.event === undefined && target.error === undefined)
    throw new CliUsageError(`${target.what} declares no \`throws\` type: its failures carry no error payload`, 'decode');
  const bytes = fromHex(hex.trim(), 'message');
  if (values.reply === true && bytes.length === 0 && target.reply !== undefined && isUnitRef(target.reply)) {
    // A unit result replies with an empty payload (no header).
    io.stdout('null\n');
    return 0;
  }
  const r = new ScaleReader(bytes);
  const header = readHeader(r);
  if (header.interfaceId !== target.interfaceId || header.entryId !== target.entryId || (route !== undefined && header.route !== route)) {
    throw new CliError(
      'CLI_HEADER_MISMATCH',
      `header: the message is for interface ${header.interfaceId} entry ${header.entryId} route ${header.route}, ` +
        `${target.what} is interface ${target.interfaceId} entry ${target.entryId}${route !== undefined ? ` route ${route}` : ''}`,
    );
  }
  let out: unknown;
  if (target.event !== undefined) {
    if (values.reply === true || values.error === true) throw new CliUsageError(`${target.what} is an event: it has no reply`, 'decode');
    const codec = codecFromType(target.event, target.types);
    const v = codec.decodeFrom(r, target.what);
    r.end(target.what);
    out = codec.toJson(v);
  } else if (values.error === true) {
    if (target.error === undefined)
      throw new CliUsageError(`${target.what} declares no \`throws\` type: its failures carry no error payload`, 'decode');
    const codec = codecFromType(target.error, target.types);
    const v = codec.decodeFrom(r, `${target.what}.error`);
    r.end(`${target.what}.error`);
    out = codec.toJson(v);
  } else if (values.reply === true) {
    if (target.reply === undefined) throw new CliUsageError(`${target.what} is a constructor: it has no reply`, 'decode');
    const codec = codecFromType(target.reply, target.types);
    const v = codec.decodeFrom(r, `${target.what}.reply`);
    r.end(`${target.what}.reply`);
    out = codec.toJson(v);
  } else {
    // Decode argument by argument so that an error names the parameter (`Counter.Add.value`).
    out = target.params.map((p) => {
      const codec = codecFromType(p.type, target.types);
      return codec.toJson(codec.decodeFrom(r, `${target.what}.${p.name}`));
    });
    r.end(target.what);
  }
  io.stdout(`${JSON.stringify(out)}\n`);
  return 0;
}

// Run when executed directly (the bin imports this module and calls `run`).
/** Entry point of the bin: runs `main` on `process.argv` and exits with its code. */
export async function run(): Promise<void> {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] !== undefined && resolve(process.argv[1]) === self) {
  void run();
}
