import { describe, expect, it } from 'vitest';
import { encodeJsonCall, type NetTarget } from './messages.js';

const target = (params: NetTarget['params']): NetTarget => ({
  what: 'Poll.Vote',
  interfaceId: '0x28ecf9d1d31dd497',
  entryId: 3,
  route: 1,
  params,
  reply: undefined,
  types: new Map(),
});
const vote = target([{ name: 'option', type: { kind: 'primitive', name: 'u32' } }]);
const tally = target([]);
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { code?: string }).code} ${(e as Error).message}`;
  }
  return 'no error';
};

describe('encodeJsonCall', () => {
  it('takes no argument text as [] for a function without parameters', () => {
    expect(encodeJsonCall(tally, undefined)).toEqual(encodeJsonCall(tally, '[]'));
    expect(encodeJsonCall(tally, undefined)).toHaveLength(16);
  });
  it('names the signature with its types when the arguments are missing, not an array, or miscounted', () => {
    const expected = 'Poll.Vote(option: u32) takes 1 argument, as a JSON array in that order';
    expect(message(() => encodeJsonCall(vote, undefined))).toBe(`CLI_BAD_JSON no arguments given: ${expected}`);
    expect(message(() => encodeJsonCall(vote, '{"option":1}'))).toBe(
      `CLI_BAD_JSON the arguments must be a JSON array, got object: ${expected}`,
    );
    expect(message(() => encodeJsonCall(vote, '[1,2]'))).toBe(`CLI_BAD_JSON ${expected}, got 2`);
    expect(encodeJsonCall(vote, '[7]').at(-4)).toBe(7);
  });
});
