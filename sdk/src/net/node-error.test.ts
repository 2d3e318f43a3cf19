import { describe, expect, it } from 'vitest';
import { callErrorFromNode } from './node-error.js';

const actor = `0x${'bb'.repeat(32)}`;
const signer = `0x${'aa'.repeat(32)}`;

describe('a node refusal as a CallError', () => {
  it('a short balance is VALUE_REJECTED naming the sender first, with error.sender, as in process', () => {
    const e = callErrorFromNode(
      {
        code: 1005,
        message: `${signer} has 5 available and cannot send 7 to ${actor}`,
        data: { code: 'INSUFFICIENT_BALANCE', balance: '5', value: '7', signer },
      },
      actor,
    );
    expect(e.code).toBe('VALUE_REJECTED');
    expect(e.sender).toBe(signer);
    expect(e.message).toBe(`VALUE_REJECTED: ${signer} has 5 available and cannot send 7 to ${actor}`);
    expect(e.cause).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  });

  it('a node that names no signer keeps the callee in front', () => {
    const e = callErrorFromNode({ code: 1005, message: 'short', data: { code: 'INSUFFICIENT_BALANCE' } }, actor);
    expect(e.code).toBe('VALUE_REJECTED');
    expect(e.sender).toBeUndefined();
    expect(e.message).toBe(`VALUE_REJECTED: ${actor}: short`);
  });
});
