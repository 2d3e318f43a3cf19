// The failure side of `-> T throws E`: an error reply whose payload is Sails header ‖ SCALE(E) becomes a CallError
// carrying the decoded E.
import { CallError, isCallError } from '../errors/call-error.js';
import type { GeneratedConstructor, GeneratedFunction } from '../generated/definition.js';

/**
 * Turns the rejection of a call to `fn` (or of a deploy with constructor `fn`) into a CallError with the typed error
 * payload of a `throws` entry, when it has one: a failed handler (`HANDLER_FAILED`) or a failed init (`INIT_FAILED`).
 */
export function typedFailure(fn: GeneratedFunction | GeneratedConstructor, error: unknown): unknown {
  if (!isCallError(error) || fn.decodeError === undefined) return error;
  const bytes = error.replyPayload;
  if ((error.code !== 'HANDLER_FAILED' && error.code !== 'INIT_FAILED') || bytes === undefined || bytes.length === 0) return error;
  let payload: unknown;
  try {
    payload = fn.decodeError(bytes);
  } catch (cause) {
    return new CallError('BAD_REPLY', {
      actor: error.actor,
      ...(error.route === undefined ? {} : { route: error.route }),
      reason: `the error payload of ${fn.name} does not decode: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
      replyPayload: bytes,
    });
  }
  return new CallError(error.code, {
    actor: error.actor,
    ...(error.route === undefined ? {} : { route: error.route }),
    reason: error.reason,
    cause: error.cause,
    replyPayload: bytes,
    payload,
  });
}
