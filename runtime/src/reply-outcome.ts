// How a handler's return value becomes its reply: the payload of a success, or, for a `-> T throws E` function
// (`@handler({ throws: true })`), the typed failure of an `err(e)` result.
import type { GeneratedFunction } from '@sprocket/sdk';
import { RuntimeError } from './errors.js';

/** The reply a returned value makes: a success payload, or a failure whose payload is Sails header ‖ SCALE(E). */
export type ReplyOutcome =
  | { readonly ok: true; readonly payload: Uint8Array }
  | { readonly ok: false; readonly payload: Uint8Array; readonly reason: string };

/** Encodes a handler's result; throws (a codec error) when it does not encode. */
export function replyOutcome(fn: GeneratedFunction, result: unknown): ReplyOutcome {
  if (fn.encodeError === undefined) return { ok: true, payload: fn.encodeReply(result) };
  if (result !== null && typeof result === 'object') {
    if ('ok' in result) return { ok: true, payload: fn.encodeReply((result as { ok: unknown }).ok) };
    if ('err' in result) {
      const error = (result as { err: unknown }).err;
      const payload = fn.encodeError(error);
      return { ok: false, payload, reason: `returned err(${JSON.stringify(fn.errorToJson?.(error) ?? null)})` };
    }
  }
  throw new RuntimeError(
    'RUNTIME_BAD_RESULT',
    `${fn.name} is declared with throws: it must return ok(value) or err(error), got ${result === null ? 'null' : typeof result}`,
  );
}
