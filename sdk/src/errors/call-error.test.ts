import { describe, expect, it } from 'vitest';
import { CallError } from './call-error.js';

describe('CallError message', () => {
  it('puts the callee (and route) in front of a reason from the callee side', () => {
    const e = new CallError('HANDLER_FAILED', { actor: '0x01', label: 'Counter', route: 'Counter.Add', reason: 'boom' });
    expect(e.message).toBe('HANDLER_FAILED: Counter.Add on Counter: boom');
    expect(e.sender).toBeUndefined();
  });

  it("reads a refusal on the sender's side from its reason alone, which names the sender first and the callee last", () => {
    const e = new CallError('VALUE_REJECTED', {
      actor: '0x02',
      label: 'Target',
      sender: 'Multisig',
      reason: 'Multisig has 600 available and cannot send 700 to Target',
    });
    expect(e.message).toBe('VALUE_REJECTED: Multisig has 600 available and cannot send 700 to Target');
    expect([e.sender, e.label, e.actor, e.reason]).toEqual([
      'Multisig',
      'Target',
      '0x02',
      'Multisig has 600 available and cannot send 700 to Target',
    ]);
  });
});
