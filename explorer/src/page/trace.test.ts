import { describe, expect, it } from 'vitest';
import { parseTrace, participants, stepOfStory } from './trace.js';

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

describe('stepOfStory', () => {
  it('turns the node story into picture steps: sends with their cause, events on the emitter, rollbacks on the actor', () => {
    const steps = [
      { type: 'message', block: 4, messageId: '0x01', from: 'alice', to: 'Factory', route: 'Factory.AddToAll', json: [2], text: '' },
      {
        type: 'message',
        block: 4,
        messageId: '0x02',
        causeId: '0x01',
        from: 'Factory',
        to: 'Counter',
        route: 'Counter.Add',
        json: [2],
        text: '',
      },
      { type: 'event', block: 4, messageId: '0x02', from: 'Counter', to: '', route: 'Added', json: 2, text: '' },
      {
        type: 'rollback',
        block: 4,
        messageId: '0x01',
        from: 'alice',
        to: 'Factory',
        route: 'Factory.AddToAll',
        code: 'HANDLER_FAILED',
        reason: 'boom',
        text: '',
      },
      {
        type: 'error-reply',
        block: 4,
        messageId: '0x01',
        from: 'Factory',
        to: 'alice',
        route: 'Factory.AddToAll',
        code: 'HANDLER_FAILED',
        reason: 'boom',
        text: '',
      },
    ] as const;
    const out = steps.map(stepOfStory);
    expect(out.map((s) => s.type)).toEqual(['message', 'message', 'event', 'rollback', 'error']);
    expect(out[1]).toMatchObject({ from: 'Factory', to: 'Counter', text: 'Counter.Add[2]', causeId: '0x01' });
    expect(out[2]).toMatchObject({ from: 'Counter', to: 'Counter', text: 'Added(2)' });
    expect(out[3]).toMatchObject({ from: 'Factory', to: 'Factory', text: 'Factory.AddToAll: HANDLER_FAILED boom' });
    expect(out[4]?.text).toBe('HANDLER_FAILED (Factory.AddToAll): boom');
  });
});

describe('a TIMEOUT', () => {
  it('is drawn from the system to the caller, from the trace text and from the story alike', () => {
    const line = '[b7 0x12345678…abcd] (system) -> Factory error TIMEOUT (Counter.Add): no reply within 3 blocks';
    const parsed = parseTrace(['[b4 0x12345678…abcd] Factory -> Counter Counter.Add[2]', line].join('\n'));
    expect(parsed[1]).toMatchObject({
      type: 'error',
      from: '(system)',
      to: 'Factory',
      text: 'TIMEOUT (Counter.Add): no reply within 3 blocks',
    });
    const step = stepOfStory({
      type: 'timeout',
      block: 7,
      messageId: '0x02',
      from: '(system)',
      to: 'Factory',
      route: 'Counter.Add',
      code: 'TIMEOUT',
      reason: 'no reply within 3 blocks',
      text: line,
    });
    expect(step).toMatchObject({ type: 'error', from: parsed[1]?.from, to: parsed[1]?.to, text: parsed[1]?.text });
    expect(participants(parsed)).toEqual(['Factory', 'Counter', '(system)']);
  });
});
