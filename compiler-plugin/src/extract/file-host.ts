// The surroundings one file's extraction runs in (checker, program, diagnostics sink).
import type { ts } from 'ts-morph';
import type { Report } from './map-context.js';

/** What extracting one file needs from its surroundings. */
export interface FileHost {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  /** The file name as written in manifests and diagnostics (relative to the root, `/` separators). */
  relative(fileName: string): string;
  readonly report: Report;
  /** Reports a warning: printed, but nothing fails and the outputs are written. */
  readonly warn: Report;
  /** How many errors were reported so far (to tell whether an actor is clean). */
  errorCount(): number;
}
