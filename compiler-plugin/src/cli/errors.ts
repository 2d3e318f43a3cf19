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
  constructor(code: `CLI_${string}`, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'CliError';
  }
}
