// Answers as text, bounded: an answer JSON cannot write (past V8's longest string) or a batch whose answers together
// pass the server's limit becomes an error answer for that request, instead of an exception that ends the process
// (a batch of 40 `message_get` of one 8 MiB message once needed a 640 MB string and brought the node down).
import { type NodeErrorCode, RPC_ERROR_NUMBERS } from '../errors.js';

/** A JSON-RPC error object. */
export interface ErrorBody {
  readonly code: number;
  readonly message: string;
  readonly data: Record<string, unknown>;
}

/** The error object of a node error code. */
export function errorBody(code: NodeErrorCode, message: string, data: Record<string, unknown> = {}): ErrorBody {
  return { code: RPC_ERROR_NUMBERS[code], message, data: { code, ...data } };
}

const bigintAsString = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/** JSON with bigints as decimal strings: the plain (much cheaper) stringify first, the replacer only when it meets a bigint. */
export function stringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(value, bigintAsString);
  }
}

/** An answer of one request: its `id` and a result or an error. */
export interface Answer {
  readonly jsonrpc: '2.0';
  readonly id: string | number | null;
  readonly result?: unknown;
  readonly error?: ErrorBody;
}

/** Answers at most this long always fit a batch: what a write answers is never left out for a large read beside it. */
const SMALL_ANSWER = 64 * 1024;

/** The error answer that replaces the answer of request `id`. */
function replaced(id: Answer['id'], code: NodeErrorCode, message: string, data: Record<string, unknown> = {}): string {
  return stringify({ jsonrpc: '2.0', id, error: errorBody(code, message, data) });
}

/**
 * Encodes the answers of one frame or body against a limit in characters: each answer on its own (one that JSON cannot
 * write is refused with FRAME_TOO_LARGE), and in a batch every answer past the limit, once the answers before it used
 * it up, is refused too (`data.limit`; the request ran, only its answer is left out; the first answer and answers up
 * to 64 KiB always fit).
 */
export class AnswerBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** The text of `answer`, or of the error that replaces it. */
  encode(answer: Answer, inBatch: boolean): string {
    let text: string;
    try {
      text = stringify(answer);
    } catch (error) {
      // V8 cannot make a string that long (RangeError): the answer cannot be sent, whatever the limit.
      if (error instanceof RangeError)
        return replaced(
          answer.id,
          'FRAME_TOO_LARGE',
          'the answer is too long to write as JSON (past the longest string JavaScript makes); ask for less',
          {
            limit: this.limit,
          },
        );
      return replaced(answer.id, 'INTERNAL', `internal error: the answer does not encode as JSON: ${(error as Error).message}`);
    }
    // The first answer always goes out, as it would alone: a client cannot split one request further.
    if (inBatch && this.used > 0 && text.length > SMALL_ANSWER && this.used + text.length > this.limit) {
      return replaced(
        answer.id,
        'FRAME_TOO_LARGE',
        `the answers of this batch would exceed the limit of ${this.limit} bytes: this one is left out (the request ran); ask for it alone or in a smaller batch`,
        { limit: this.limit },
      );
    }
    this.used += text.length;
    return text;
  }
}
