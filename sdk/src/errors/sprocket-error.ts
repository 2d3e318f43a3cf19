/** Options of every Sprocket error: the underlying cause, if any. */
export interface SprocketErrorOptions {
  readonly cause?: unknown;
}

/** The root of the sdk's error family: every error carries a stable `code`. */
export class SprocketError extends Error {
  /** A stable, machine-readable code such as `SDK_NOT_GENERATED`. */
  readonly code: string;

  constructor(code: string, message: string, options: SprocketErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** Codes of errors raised by the sdk outside the codec. */
export type SdkErrorCode =
  | 'SDK_NOT_GENERATED'
  | 'SDK_NO_CONTEXT'
  | 'SDK_BAD_DECORATOR'
  /** A decorator ran in TC39 (standard) mode: the project lacks `experimentalDecorators`. */
  | 'SDK_DECORATOR_MODE'
  | 'SDK_UNKNOWN_ROUTE'
  | 'SDK_UNKNOWN_EVENT'
  /** A generated client's `deploy` was given a constructor name the actor does not have. */
  | 'SDK_UNKNOWN_CONSTRUCTOR'
  | 'SDK_BAD_REPLY'
  | 'SDK_DUPLICATE_DEFINITION'
  | 'SDK_BAD_ACCOUNT'
  | 'SDK_NO_WEBSOCKET'
  | 'SDK_BAD_URL'
  /** A call option a node transaction cannot carry (e.g. a `gasLimit` that is not a positive safe integer). */
  | 'SDK_BAD_OPTION';

/** An sdk usage error: a missing generation step, a decorator in the wrong place, an unknown route. */
export class SdkError extends SprocketError {
  declare readonly code: SdkErrorCode;

  constructor(code: SdkErrorCode, message: string, options: SprocketErrorOptions = {}) {
    super(code, message, options);
  }
}
