import { describe, expect, it } from 'vitest';
import { CallError } from '../errors/call-error.js';
import type { GeneratedFunction } from '../generated/definition.js';
import { typedFailure } from './typed-failure.js';

const HEADER = Uint8Array.from([0x47, 0x4d, 1, 16, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 1, 0]);

/** A `-> u8 throws u8` function whose error payload is header ‖ u8. */
const withdraw = {
  name: 'Withdraw',
  decodeError(payload: Uint8Array): unknown {
    if (payload.length !== 17 || HEADER.some((b, i) => payload[i] !== b)) throw new Error('not header ‖ u8');
    return payload[16];
  },
} as unknown as GeneratedFunction;

describe('typedFailure', () => {
  it('carries the decoded E of a throws failure', () => {
    const bytes = Uint8Array.from([...HEADER, 7]);
    const e = typedFailure(withdraw, new CallError('HANDLER_FAILED', { actor: '0x01', reason: 'returned err(7)', replyPayload: bytes }));
    expect(e).toBeInstanceOf(CallError);
    expect((e as CallError).code).toBe('HANDLER_FAILED');
    expect((e as CallError).payload).toBe(7);
  });

  it('keeps the readable name of the callee and the note of the failure it decodes', () => {
    const bytes = Uint8Array.from([...HEADER, 7]);
    const original = new CallError('HANDLER_FAILED', {
      actor: '0x01',
      label: 'Vault',
      route: 'Vault.Withdraw',
      reason: 'returned err(7)',
      note: 'the failure came after an await: earlier segments stayed committed',
      replyPayload: bytes,
    });
    const e = typedFailure(withdraw, original) as CallError;
    expect(e).not.toBe(original);
    expect(e.payload).toBe(7);
    expect(e.label).toBe('Vault');
    expect(e.note).toBe(original.note);
    expect(e.message).toBe(original.message);
    expect(e.message).toBe(
      'HANDLER_FAILED: Vault.Withdraw on Vault: returned err(7) (the failure came after an await: earlier segments stayed committed)',
    );
  });

  it('keeps the original failure when the payload is not header ‖ E (a plain panic), as Sails clients do', () => {
    // A Rust program that panics in a throws function for another reason replies with the panic message.
    const panic = new TextEncoder().encode("panicked with 'attempt to subtract with overflow'");
    const original = new CallError('HANDLER_FAILED', { actor: '0x01', route: 'Vault.Withdraw', reason: 'overflow', replyPayload: panic });
    const e = typedFailure(withdraw, original);
    expect(e).toBe(original);
    expect((e as CallError).code).toBe('HANDLER_FAILED');
    expect((e as CallError).payload).toBeUndefined();
  });
});
