/** Stable machine-readable codes of {@link ScaleError}. */
import { SprocketError } from '../errors/sprocket-error.js';
export type ScaleErrorCode =
  | 'SCALE_SHORT_INPUT'
  | 'SCALE_TRAILING_BYTES'
  | 'SCALE_BAD_BOOL'
  | 'SCALE_BAD_TAG'
  | 'SCALE_NON_CANONICAL_COMPACT'
  | 'SCALE_BAD_UTF8'
  | 'SCALE_LENGTH_OVERFLOW'
  | 'SCALE_RANGE'
  | 'SCALE_BAD_LENGTH'
  | 'SCALE_BAD_VALUE'
  | 'SCALE_MAP_ORDER'
  | 'SCALE_BAD_JSON'
  | 'SCALE_UNKNOWN_TYPE'
  | 'SCALE_BAD_TYPE_EXPR'
  | 'SCALE_TOO_DEEP';

/** Options of a {@link ScaleError}: the underlying cause and, for decode errors, the byte offset. */
export interface ScaleErrorOptions {
  readonly cause?: unknown;
  readonly offset?: number;
}

/** Any encode, decode, JSON or type-resolution failure of the SCALE codec; the message is `${path}: ${detail}`. */
export class ScaleError extends SprocketError {
  /** Stable error code. */
  declare readonly code: ScaleErrorCode;
  /** Field path of the failing value, e.g. `Transfer.amount`; empty at the top level. */
  readonly path: string;
  /** The message without the path prefix. */
  readonly detail: string;
  /** Byte offset in the input where a decode error was detected. */
  readonly offset?: number;

  constructor(code: ScaleErrorCode, path: string, detail: string, options?: ScaleErrorOptions) {
    super(code, path === '' ? detail : `${path}: ${detail}`, { cause: options?.cause });
    this.path = path;
    this.detail = detail;
    if (options?.offset !== undefined) this.offset = options.offset;
  }

  /** Returns a copy of this error with another path (same code, detail, cause and offset). */
  withPath(path: string): ScaleError {
    return new ScaleError(this.code, path, this.detail, { cause: this.cause, offset: this.offset });
  }
}

/** True when `e` is a {@link ScaleError} (optionally with the given code). */
export function isScaleError(e: unknown, code?: ScaleErrorCode): e is ScaleError {
  return e instanceof ScaleError && (code === undefined || e.code === code);
}

/**
 * Inserts a path segment into an error raised by a child that was given `path` as its path:
 * combinators pass their own path down on the hot path and fix it here, only when something failed.
 */
export function addPathSegment(e: unknown, path: string, segment: string): unknown {
  if (e instanceof ScaleError && e.path.startsWith(path)) {
    return e.withPath(path + segment + e.path.slice(path.length));
  }
  return e;
}
