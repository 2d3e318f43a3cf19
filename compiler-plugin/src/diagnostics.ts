import type { SourceLocation } from './manifest/types.js';

/** Stable diagnostic codes of the generator: `SPK` and four digits. */
export type DiagnosticCode = `SPK${number}`;

/** One problem found in a user's contract, with where it is and how to fix it. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  /** What is wrong, in one sentence that names the offending thing (`Counter.add(value): plain number ...`). */
  readonly message: string;
  /** How to fix it (`use u32, i64, ... from @sprocket/sdk`). */
  readonly fix: string;
  readonly location: SourceLocation;
}

/** Formats a diagnostic as `file:line:column - error SPK1001: message` plus an indented fix line. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const { file, line, column } = diagnostic.location;
  return `${file}:${line}:${column} - ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}\n    fix: ${diagnostic.fix}`;
}
