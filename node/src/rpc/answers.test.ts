import { describe, expect, it } from 'vitest';
import { AnswerBudget } from './answers.js';

describe('AnswerBudget', () => {
  it('answers FRAME_TOO_LARGE for an answer JSON cannot write, instead of throwing', () => {
    // What JSON.stringify throws past V8's longest string, without making one.
    const huge = {
      toJSON(): never {
        throw new RangeError('Invalid string length');
      },
    };
    const text = new AnswerBudget(1024).encode({ jsonrpc: '2.0', id: 7, result: huge }, false);
    expect(JSON.parse(text)).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: 1010, message: expect.stringMatching(/too long to write as JSON/), data: { code: 'FRAME_TOO_LARGE', limit: 1024 } },
    });
  });

  it('answers INTERNAL for an answer that does not encode for another reason', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const text = new AnswerBudget(1024).encode({ jsonrpc: '2.0', id: 'a', result: cyclic }, false);
    expect(JSON.parse(text).error.data).toEqual({ code: 'INTERNAL' });
  });

  it('lets the first answer and small answers of a batch through, and refuses large ones past the limit', () => {
    const budget = new AnswerBudget(200_000);
    const big = 'x'.repeat(100_000);
    const first = budget.encode({ jsonrpc: '2.0', id: 1, result: 'y'.repeat(300_000) }, true);
    expect(JSON.parse(first).result).toHaveLength(300_000);
    expect(JSON.parse(budget.encode({ jsonrpc: '2.0', id: 2, result: big }, true)).error.data).toEqual({
      code: 'FRAME_TOO_LARGE',
      limit: 200_000,
    });
    expect(JSON.parse(budget.encode({ jsonrpc: '2.0', id: 3, result: 'small' }, true)).result).toBe('small');
    // Outside a batch an answer is not counted against the others.
    expect(JSON.parse(budget.encode({ jsonrpc: '2.0', id: 4, result: big }, false)).result).toBe(big);
  });
});
