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

/**
 * The usage error for a failure of `node:util` parseArgs over `args`, in one line. parseArgs calls a value that starts
 * with a dash (`--value -5`, or `--value --node` where the value was forgotten) "ambiguous"; this names the option and
 * what followed it, and how to pass such a value.
 */
export function argsUsageError(e: unknown, args: readonly string[], verb?: string): CliUsageError {
  const message = e instanceof Error ? e.message : String(e);
  const ambiguous = /^Option '(-[^' ]+)' argument is ambiguous/.exec(message);
  if (ambiguous !== null) {
    const option = ambiguous[1] as string;
    const at = args.indexOf(option);
    const next = at < 0 ? undefined : args[at + 1];
    if (next !== undefined) {
      const joined = option.startsWith('--') ? `${option}=${next}` : `${option}${next}`;
      return new CliUsageError(
        `${option} needs a value, and ${JSON.stringify(next)} after it starts with a dash: write ${joined} if that is the value`,
        verb,
      );
    }
    return new CliUsageError(`${option} needs a value`, verb);
  }
  return new CliUsageError(message.split('\n').join(' '), verb);
}
