// How every `sprocket` command prints a failure: one line `sprocket <command>: <CODE>: <message>`, then
// `hint: <text>` when the error carries a hint (a usage error is followed by the command's usage instead).
import { CliError } from './errors.js';
import { printable } from './printable.js';

/** What a printed failure needs: a stable code, a message, and an optional hint. */
export interface Reportable {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
}

/** `error` when it carries a string code (every error family of Sprocket does), else a `CLI_FAILED` error wrapping it. */
export function reportable(error: unknown): Reportable {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error as Error & { code: string };
  return new CliError('CLI_FAILED', error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * The text of a failure of `command` (undefined before a command is known): `sprocket <command>: <CODE>: <message>`
 * and, when the error has one, a `hint: …` line; ends with a newline. A message that already starts with its code
 * (a CallError's does) does not repeat it.
 */
export function formatCliError(command: string | undefined, error: Reportable): string {
  const { code } = error;
  const message = error.message.startsWith(`${code}: `) ? error.message.slice(code.length + 2) : error.message;
  const head = `sprocket${command === undefined ? '' : ` ${command}`}: ${code}: ${printable(message)}\n`;
  return typeof error.hint === 'string' && error.hint !== '' ? `${head}hint: ${printable(error.hint)}\n` : head;
}
