// The failure side of `-> T throws E`: an error reply whose payload is Sails header ‖ SCALE(E) becomes a CallError
// carrying the decoded E.
import { CallError, isCallError } from '../errors/call-error.js';
import type { GeneratedConstructor, GeneratedFunction } from '../generated/definition.js';

/**
 * Turns the rejection of a call to `fn` (or of a deploy with constructor `fn`) into a CallError with the typed error
 * payload of a `throws` entry, when it has one: a failed handler (`HANDLER_FAILED`) or a failed init (`INIT_FAILED`).
 * A payload that is not header ‖ E leaves the rejection as it was.
 */
export function typedFailure(fn: GeneratedFunction | GeneratedConstructor, error: unknown): unknown {
  if (!isCallError(error) || fn.decodeError === undefined) return error;
  const bytes = error.replyPayload;
  if ((error.code !== 'HANDLER_FAILED' && error.code !== 'INIT_FAILED') || bytes === undefined || bytes.length === 0) return error;
  let payload: unknown;
  try {
    payload = fn.decodeError(bytes);
  } catch {
    // Not header ‖ E: the handler failed for another reason (a Rust panic replies with its message). Like Sails'
    // `decode_reply_or_throw`, keep the original failure rather than hide it behind a decoding error.
    return error;
  }
  // Everything the original said (the callee's readable name, the note, the sender) stays; only the payload is added.
  return new CallError(error.code, {
    actor: error.actor,
    label: error.label,
    ...(error.route === undefined ? {} : { route: error.route }),
    reason: error.reason,
    ...(error.sender === undefined ? {} : { sender: error.sender }),
    note: error.note,
    cause: error.cause,
    replyPayload: bytes,
    payload,
  });
}
