/** Options of a {@link CompilerError}: the underlying cause, if any. */
export interface CompilerErrorOptions {
  readonly cause?: unknown;
}

/** The one error family of @sprocket/compiler-plugin: every failure carries a stable machine-readable `code`. */
export class CompilerError extends Error {
  /** A stable code such as `IDL_SYNTAX` or `HASH_RECURSIVE_TYPE`. */
  readonly code: string;

  /** Creates an error with a code, a message and an optional cause. */
  constructor(code: string, message: string, options: CompilerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CompilerError';
    this.code = code;
  }
}

/** Codes of {@link IdlParseError}. */
export type IdlParseErrorCode =
  | 'IDL_SYNTAX'
  /** A text that declares no program and no service: empty, white space, or only comments and annotations. */
  | 'IDL_EMPTY'
  /** A file in the legacy (Sails 0.x) IDL syntax, which Sprocket does not read: IDL v2 is written by Sails 1.0 and later. */
  | 'IDL_LEGACY'
  | 'IDL_UNKNOWN_TYPE'
  | 'IDL_UNKNOWN_SERVICE'
  | 'IDL_UNSUPPORTED_TYPE'
  | 'IDL_DUPLICATE'
  | 'IDL_GENERIC_ARITY'
  | 'IDL_MIXED_FIELDS'
  | 'IDL_ID_MISMATCH'
  | 'IDL_INVALID'
  /** A `@partial` service without an explicit interface id, or a member of one without `@entry_id`. */
  | 'IDL_PARTIAL'
  /** An `!@include` that cannot be followed (a git URL, a missing file, a path outside the entry's folder). */
  | 'IDL_INCLUDE'
  /** Nesting (type expressions, alias chains, chains of named types) deeper than the parser's limits. */
  | 'IDL_TOO_DEEP'
  /** A type that expands to more nodes than the parser's limit (aliases doubling at each level). */
  | 'IDL_TOO_LARGE';

/** An error in a Sails IDL text, with the 1-based line and column where it was found. */
export class IdlParseError extends CompilerError {
  /** The file name given to the parser (`<idl>` by default). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;

  /** Creates an error located at `file:line:column`; the message is prefixed with that location. */
  constructor(code: IdlParseErrorCode, message: string, file: string, line: number, column: number, options: CompilerErrorOptions = {}) {
    super(code, `${file}:${line}:${column}: ${message}`, options);
    this.name = 'IdlParseError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}
