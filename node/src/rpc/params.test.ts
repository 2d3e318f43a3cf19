import { describe, expect, it } from 'vitest';
import { intParam, onlyParams, paramsOf, u128Param } from './params.js';

/** An array nested `depth` levels deep, as a JSON frame of `[` × depth parses to (JSON.parse does not recurse). */
function nested(depth: number): unknown {
  return JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

const refusal = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new TypeError('expected a refusal');
};

describe('RPC params', () => {
  it('refuses a number param given deep, long or odd JSON with INVALID_PARAMS naming it, echoing at most 80 characters', () => {
    for (const v of [nested(100_000), { a: nested(100_000) }, 'x'.repeat(1_000_000), ['y'.repeat(1_000_000)], 1.5, '7.5', true, null]) {
      for (const read of [() => intParam({ height: v }, 'height', 0, 10), () => u128Param({ height: v }, 'height')]) {
        const error = refusal(read) as { code: string; message: string; data: unknown };
        expect(error).toMatchObject({ code: 'INVALID_PARAMS', data: { path: 'height' } });
        expect(error.message.length).toBeLessThan(160);
      }
    }
    expect((refusal(() => intParam({ n: 'seven' }, 'n', 0, 10)) as Error).message).toBe('n: expected a whole number, got "seven"');
    expect((refusal(() => intParam({ n: [1, 2] }, 'n', 0, 10)) as Error).message).toBe('n: expected a whole number, got an array');
    expect((refusal(() => u128Param({ v: { x: 1 } }, 'v')) as Error).message).toBe('v: expected a u128 as a decimal string, got an object');
  });

  it('refuses a param name the method does not take, in the object and the array form, naming it in data.path', () => {
    for (const raw of [{ offset: 1, ofset: 5 }, [{ ofset: 5 }]]) {
      const error = refusal(() => onlyParams(paramsOf(raw), ['offset', 'limit'], 'account_list')) as {
        code: string;
        message: string;
        data: unknown;
      };
      expect(error).toMatchObject({ code: 'INVALID_PARAMS', data: { path: 'ofset' } });
      expect(error.message).toBe('params: unknown param "ofset" for account_list (it takes: offset, limit)');
    }
    expect((refusal(() => onlyParams(JSON.parse('{"__proto__":1}'), [], 'node_info')) as Error).message).toBe(
      'params: unknown param "__proto__" for node_info (it takes none)',
    );
    for (const raw of [undefined, null, [], {}, [{}], { offset: 1, limit: 2 }]) onlyParams(paramsOf(raw), ['offset', 'limit'], 'code_list');
  });
});
