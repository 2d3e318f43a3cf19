import { describe, expect, it } from 'vitest';
import { parseTrace, participants } from './trace.js';

const TEXT = [
  '[b2 0x12345678…abcd] alice -> Counter#1 Counter.Sub[5]',
  '[b2 0x12345678…abcd] Counter#1 ROLLBACK Counter.Sub: HANDLER_ERROR underflow: 0 - 5',
  '[b2 0x12345678…abcd] Counter#1 -> alice error HANDLER_ERROR (Counter.Sub): underflow: 0 - 5',
  '[b3 0x9abcdef0…1234] alice -> Counter#1 Counter.Add[2]',
  '[b3 0x9abcdef0…1234] Counter#1 event Added(2)',
  '[b3 0x9abcdef0…1234] Counter#1 -> alice reply 2',
  'not a trace line',
].join('\n');

describe('parseTrace', () => {
  it('reads messages, replies, errors, events and rollbacks', () => {
    const steps = parseTrace(TEXT);
    expect(steps.map((s) => s.type)).toEqual(['message', 'rollback', 'error', 'message', 'event', 'reply']);
    expect(steps[0]).toMatchObject({ block: 2, from: 'alice', to: 'Counter#1', text: 'Counter.Sub[5]' });
    expect(steps[1]).toMatchObject({ from: 'Counter#1', to: 'Counter#1', text: 'Counter.Sub: HANDLER_ERROR underflow: 0 - 5' });
    expect(steps[4]).toMatchObject({ type: 'event', text: 'Added(2)' });
    expect(participants(steps)).toEqual(['alice', 'Counter#1']);
  });
});
