// `!@include: <path>` as Sails preprocesses it: line by line, an include line is replaced by the included file's
// text (itself expanded), each file at most once; paths are relative to the including file and must stay inside
// the entry file's folder. Git includes (`git://…`) are refused with a clear error, never skipped.
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { IdlParseError, type IdlParseErrorCode } from '../errors.js';
import type { Manifest } from '../manifest/types.js';
import { type ParseIdlOptions, parseIdl } from './parser.js';

const INCLUDE = '!@include:';

/** Where a line of an expanded IDL text comes from: the file (as errors name it) and its 1-based line. */
export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

/** Reads an included file by absolute path; throws if it cannot. */
export type IncludeReader = (path: string) => string;

/** The include path of a line, or undefined if the line is not an `!@include:` directive. */
export function includeTarget(line: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith(INCLUDE)) return undefined;
  return trimmed
    .slice(INCLUDE.length)
    .trim()
    .replace(/^["']+|["']+$/g, '');
}

/** Whether the text has any `!@include:` line. */
export function hasIncludes(text: string): boolean {
  return text.split(/\r?\n/).some((l) => includeTarget(l) !== undefined);
}

/**
 * Expands the `!@include` lines of `text` (the content of the file at absolute path `file`). `root` is the folder
 * includes must stay in (the entry file's folder); `display` is how errors name files. `origins` receives, for each
 * line of the result, the file and line it comes from.
 */
export function expandIncludes(
  text: string,
  file: string,
  read: IncludeReader,
  root = dirname(file),
  visited: Set<string> = new Set([file]),
  display: (path: string) => string = (p) => p,
  origins: SourceLine[] = [],
): string {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const target = includeTarget(line);
    if (target === undefined) {
      out.push(line);
      origins.push({ file: display(file), line: index + 1 });
      continue;
    }
    const fail = (message: string, cause?: unknown): never => {
      throw new IdlParseError(
        'IDL_INCLUDE',
        message,
        display(file),
        index + 1,
        line.indexOf('!') + 1,
        cause === undefined ? {} : { cause },
      );
    };
    if (target === '') fail('invalid include directive: `!@include:` needs a path');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target))
      fail(
        `cannot include ${target}: only local files can be included (git and other remote includes are not supported); copy the file next to this one and include it by relative path`,
      );
    if (isAbsolute(target)) fail(`cannot include ${target}: an include path must be relative to the including file`);
    const path = resolve(dirname(file), target);
    let real: string;
    try {
      real = realpathSync(path);
    } catch (e) {
      return fail(`cannot include ${target}: no such file (${display(path)})`, e);
    }
    const rel = relative(root, real);
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel))
      fail(`cannot include ${target}: it is outside the folder of the entry IDL file`);
    if (visited.has(real)) continue;
    visited.add(real);
    let content: string;
    try {
      content = read(real);
    } catch (e) {
      return fail(`cannot include ${target}: the file cannot be read`, e);
    }
    out.push(expandIncludes(content, real, read, root, visited, display, origins));
  }
  return out.join('\n');
}

/** Reads an IDL file from disk with its local `!@include`s expanded (errors name `displayName`). */
export function readIdlFile(path: string, displayName = path): string {
  return expandFile(path, displayName, []);
}

/** Expands the file's includes; `origins` receives where each line of the result comes from. */
function expandFile(path: string, displayName: string, origins: SourceLine[]): string {
  const abs = resolve(path);
  const text = readFileSync(abs, 'utf8');
  if (!hasIncludes(text)) return text;
  const real = realpathSync(abs);
  return expandIncludes(
    text,
    real,
    (p) => readFileSync(p, 'utf8'),
    dirname(real),
    new Set([real]),
    (p) => (p === real ? displayName : relative(process.cwd(), p)),
    origins,
  );
}

/**
 * Reads an IDL file from disk (its local `!@include`s expanded) and parses it: the expanded text and the manifest.
 * An error inside an included file, or after an include line, names the file and line it was written at.
 */
export function loadIdlFile(
  path: string,
  displayName = path,
  options: ParseIdlOptions = {},
): { readonly text: string; readonly manifest: Manifest } {
  const origins: SourceLine[] = [];
  const text = expandFile(path, displayName, origins);
  try {
    return { text, manifest: parseIdl(text, displayName, options) };
  } catch (e) {
    throw relocate(e, displayName, origins);
  }
}

/** Parses an IDL file from disk, expanding its local `!@include`s first (errors name `displayName`). */
export function parseIdlFile(path: string, displayName = path, options: ParseIdlOptions = {}): Manifest {
  return loadIdlFile(path, displayName, options).manifest;
}

/** An error located in the expanded text, moved to the file and line the text came from. */
function relocate(e: unknown, displayName: string, origins: readonly SourceLine[]): unknown {
  if (!(e instanceof IdlParseError) || e.file !== displayName) return e;
  const at = origins[e.line - 1];
  if (at === undefined || (at.file === e.file && at.line === e.line)) return e;
  const prefix = `${e.file}:${e.line}:${e.column}: `;
  const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
  return new IdlParseError(
    e.code as IdlParseErrorCode,
    message,
    at.file,
    at.line,
    e.column,
    e.cause === undefined ? {} : { cause: e.cause },
  );
}
