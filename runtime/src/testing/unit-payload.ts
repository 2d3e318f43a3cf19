import { type ActorId, CallError } from '@sprocket/sdk';
import type { UnitSegments } from './unit-segments.js';

// The payload limits of the system, as unitActor applies them. What the system counts (segments.ts checkOut and
// ctxEmit, outcomes.ts tooLarge, dispatch.ts process), each mirrored here with the same code and reason text:
// - every payload a segment sends (call, query, send, deploy) and every event it emits adds to the segment's bytes,
//   in the order the handler makes them; past `limits.payloadBytesPerSegment` the segment fails with
//   PAYLOAD_LIMIT_EXCEEDED, even if the handler catches the throw;
// - one event larger than `maxPayloadBytes` fails the segment with PAYLOAD_LIMIT_EXCEEDED;
// - the reply is not counted toward the segment's bytes, but one larger than `maxPayloadBytes` fails the segment
//   with PAYLOAD_LIMIT_EXCEEDED (after the state checks of the segment's end);
// - one message larger than `maxPayloadBytes` leaves (its segment commits) and is refused by its target with
//   PAYLOAD_TOO_LARGE: an awaited call, query or deploy rejects with it and gives back its value; a send's sender
//   never hears of it, but its value comes back to the sender (dispatch.ts refuse settles it) once the segment that
//   sent it committed: `balance()` shows it spent until then, as the system's does.

/** The system's reason for a segment past its outgoing bytes (segments.ts), events and messages alike. */
function perSegmentReason(handler: string, limit: number): string {
  return `${handler} sent more than ${limit} payload bytes (messages and events) in one segment (limits.payloadBytesPerSegment)`;
}

/** The payload limits of one unitActor: what its handlers send, emit and reply, checked as the system checks them. */
export class UnitPayload {
  /** The segments of the instance (none with `rollback: false`: then nothing is counted per segment). */
  segments: UnitSegments | undefined = undefined;

  constructor(
    private readonly label: string,
    private readonly self: () => ActorId,
    private readonly maxPayloadBytes: number,
    private readonly perSegment: number,
  ) {}

  /** `Label.method` of the running handler, as the system names it in reasons. */
  private handler(method = this.segments?.handlerMethod): string {
    return `${this.label}.${method ?? 'handler'}`;
  }

  private limitError(reason: string): CallError {
    return new CallError('PAYLOAD_LIMIT_EXCEEDED', { actor: this.self(), label: this.label, reason });
  }

  /** Fails the running segment (thrown now, and again when it ends), or throws when there are no segments. */
  private fail(error: Error): never {
    if (this.segments === undefined) throw error;
    return this.segments.stop(error);
  }

  /** Adds `size` bytes to the running segment's outgoing payload bytes; fails it past `limits.payloadBytesPerSegment`. */
  private count(size: number): void {
    const segments = this.segments;
    if (segments === undefined) return;
    segments.payloadBytes += size;
    if (segments.payloadBytes > this.perSegment) this.fail(this.limitError(perSegmentReason(this.handler(), this.perSegment)));
  }

  /** An event of `size` encoded bytes: no larger than a message, and counted toward the segment (segments.ts ctxEmit). */
  event(name: string, size: number): void {
    if (size > this.maxPayloadBytes) {
      const reason = `${this.handler()}: its event ${name} of ${size} bytes is larger than a message may be (maxPayloadBytes ${this.maxPayloadBytes})`;
      this.fail(this.limitError(reason));
    }
    this.count(size);
  }

  /**
   * A call, query, send or deploy leaving with `payload`: counted toward the segment (segments.ts checkOut). A payload
   * that is not bytes is left to the mock's own handling (the system refuses it with RUNTIME_BAD_OPTION before counting).
   */
  message(payload: Uint8Array): void {
    if (payload instanceof Uint8Array) this.count(payload.length);
  }

  /** A send of `value` whose target refuses its payload (larger than a message): `refund` once its segment commits. */
  sendRefused(payload: Uint8Array, value: bigint, refund: () => void): void {
    if (value === 0n || !(payload instanceof Uint8Array) || payload.length <= this.maxPayloadBytes) return;
    if (this.segments === undefined) refund();
    else this.segments.whenCommitted(refund);
  }

  /** The refusal an awaited message larger than a message may be gets from its target (dispatch.ts), or undefined. */
  refused(target: string, payload: Uint8Array): CallError | undefined {
    if (!(payload instanceof Uint8Array) || payload.length <= this.maxPayloadBytes) return undefined;
    const reason = `payload of ${payload.length} bytes exceeds the limit of ${this.maxPayloadBytes}`;
    return new CallError('PAYLOAD_TOO_LARGE', { actor: target, reason });
  }

  /** The failure of a handler whose encoded reply (or `throws` error) of `size` bytes is larger than a message (outcomes.ts tooLarge). */
  replyTooLarge(method: string, size: number): CallError | undefined {
    if (size <= this.maxPayloadBytes) return undefined;
    return this.limitError(
      `${this.handler(method)}: its reply of ${size} bytes is larger than a message may be (maxPayloadBytes ${this.maxPayloadBytes}); the segment is rolled back`,
    );
  }
}
