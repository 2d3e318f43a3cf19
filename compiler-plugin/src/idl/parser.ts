import type { Manifest } from '../manifest/types.js';
import { type ResolveOptions, resolveDocument } from './resolver.js';
import { parseSyntax } from './syntax.js';

/** Options of {@link parseIdl}. */
export interface ParseIdlOptions extends ResolveOptions {}

/**
 * Parses Sails IDL v2 text into a manifest. Throws an `IdlParseError` (with `code`, `file`, `line`, `column`)
 * on a syntax error, an unknown or duplicate name, or (unless `verifyIds: false`) an interface id that does not
 * match the one computed from the service.
 */
export function parseIdl(text: string, file = '<idl>', options: ParseIdlOptions = {}): Manifest {
  return resolveDocument(parseSyntax(text, file), file, options);
}

/** Routes of a manifest's services: from its program, or, for a services-only file, the position in the file from 1. */
export function serviceRoutes(manifest: Manifest): Map<string, number> {
  if (manifest.program !== undefined) return new Map(manifest.program.services.map((e) => [e.name, e.route] as const));
  return new Map(manifest.services.map((s, i) => [s.name, i + 1] as const));
}
