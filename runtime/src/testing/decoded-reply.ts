// The test kit's `sys.reply(id)`: a fire-and-forget message's reply record, decoded by the function it answers.
import { CallError, type GeneratedFunction, HEADER_SIZE, typedFailure } from '@sprocket/sdk';
import { RuntimeError } from '../errors.js';
import type { ActorSystem, ReplyRecord } from '../system.js';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The function a reply answers, found by its Sails header (interface id, entry id) among the loaded codes. */
function functionOfReply(system: ActorSystem, payload: Uint8Array): GeneratedFunction | undefined {
  const iface = payload.subarray(4, 12);
  const entryId = (payload[12] as number) | ((payload[13] as number) << 8);
  for (const code of system.internals.codes.values()) {
    for (const entry of code.allEntries()) if (entry.fn.entryId === entryId && sameBytes(entry.iface, iface)) return entry.fn;
  }
  return undefined;
}

/** `{ ok: value }` for a successful reply record (a unit result is `undefined`); throws the CallError of an error reply. */
export function decodeReplyRecord(system: ActorSystem, record: ReplyRecord): { readonly ok: unknown } {
  if (!record.ok) {
    const error = new CallError(record.code, {
      actor: record.actor,
      label: system.label(record.actor),
      route: record.route,
      reason: record.reason,
      ...(record.payload.length === 0 ? {} : { replyPayload: record.payload }),
    });
    // A `throws` error's payload starts with the header of the function that failed: the error is decoded by it.
    const fn = record.payload.length >= HEADER_SIZE ? functionOfReply(system, record.payload) : undefined;
    throw fn === undefined ? error : typedFailure(fn, error);
  }
  if (record.payload.length === 0) return { ok: undefined };
  const fn = record.payload.length >= HEADER_SIZE ? functionOfReply(system, record.payload) : undefined;
  if (fn === undefined) {
    throw new RuntimeError(
      'RUNTIME_UNKNOWN_CODE',
      'no loaded actor code has the function this reply answers (its Sails header names none)',
    );
  }
  return { ok: fn.decodeReply(record.payload) };
}
