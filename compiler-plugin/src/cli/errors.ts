import { CompilerError } from '../errors.js';

/** A command-line usage error (unknown verb or option, missing argument): exit code 2. */
export class CliUsageError extends CompilerError {
  /** The verb whose usage to print, if any. */
  readonly verb: string | undefined;

  constructor(message: string, verb?: string) {
    super('CLI_USAGE', message);
    this.name = 'CliUsageError';
    this.verb = verb;
  }
}

/** A user error found by the CLI (file not found, bad JSON, unknown function, bad bytes): exit code 1. */
export class CliError extends CompilerError {
  /** What to do about it, printed on a `hint:` line under the error. */
  readonly hint: string | undefined;

  constructor(code: `CLI_${string}`, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'CliError';
    this.hint = options.hint;
  }
}
