import { IdlParseError } from '../errors.js';
import type { Manifest } from '../manifest/types.js';
import { type ResolveOptions, resolveDocument } from './resolver.js';
import { parseSyntax } from './syntax.js';

/** Options of {@link parseIdl}. */
export interface ParseIdlOptions extends ResolveOptions {}

/**
 * Parses Sails IDL v2 text into a manifest. Throws an `IdlParseError` (with `code`, `file`, `line`, `column`)
 * on a syntax error, an unknown or duplicate name, or (unless `verifyIds: false`) an interface id that does not
 * match the one computed from the service; `IDL_EMPTY` for a text that declares no program and no service.
 */
export function parseIdl(text: string, file = '<idl>', options: ParseIdlOptions = {}): Manifest {
  refuseIncludes(text, file);
  const doc = parseSyntax(text, file);
  // An empty file (a failed export, a file created and never written) would give a client with nothing in it.
  if (doc.program === undefined && doc.services.length === 0) {
    const what = text.trim() === '' ? `${file} is empty: it` : `${file} has only comments and annotations: it`;
    throw new IdlParseError('IDL_EMPTY', `${what} declares no program and no service, so there is nothing to generate`, file, 1, 1);
  }
  return resolveDocument(doc, file, options);
}

/** `!@include` needs the including file's path: text without one cannot follow it, and never skips it silently. */
function refuseIncludes(text: string, file: string): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const trimmed = (lines[i] as string).trim();
    if (!trimmed.startsWith('!@include:')) continue;
    const target = trimmed.slice('!@include:'.length).trim();
    const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
    throw new IdlParseError(
      'IDL_INCLUDE',
      remote
        ? `cannot include ${target}: only local files can be included (git and other remote includes are not supported)`
        : `cannot include ${target}: includes are expanded when the IDL is read from a file (parseIdlFile, \`sprocket client <file.idl>\`)`,
      file,
      i + 1,
      (lines[i] as string).indexOf('!') + 1,
    );
  }
}

/** Routes of a manifest's services: from its program, or, for a services-only file, the position in the file from 1. */
export function serviceRoutes(manifest: Manifest): Map<string, number> {
  if (manifest.program !== undefined) return new Map(manifest.program.services.map((e) => [e.name, e.route] as const));
  return new Map(manifest.services.map((s, i) => [s.name, i + 1] as const));
}
