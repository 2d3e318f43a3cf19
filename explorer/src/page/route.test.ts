import { describe, expect, it } from 'vitest';
import { parseRoute } from './route.js';

describe('parseRoute', () => {
  it('reads every page from the hash', () => {
    expect(parseRoute('')).toEqual({ page: 'blocks' });
    expect(parseRoute('#/block/12')).toEqual({ page: 'block', height: 12 });
    expect(parseRoute('#/message/0xab')).toEqual({ page: 'message', id: '0xab' });
    expect(parseRoute('#/actor/0x01/')).toEqual({ page: 'actor', address: '0x01' });
    expect(parseRoute('#/account/0x02')).toEqual({ page: 'account', address: '0x02' });
    expect(parseRoute('#/code/0x03')).toEqual({ page: 'code', id: '0x03' });
    expect(parseRoute('#/codes')).toEqual({ page: 'codes' });
  });

  it('names an unknown path instead of guessing', () => {
    expect(parseRoute('#/block/x')).toEqual({ page: 'not-found', path: 'block/x' });
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: 'nope' });
    // Number() would round it to 100000000000000000000 and show a block the link never named.
    expect(parseRoute('#/block/99999999999999999999')).toEqual({ page: 'not-found', path: 'block/99999999999999999999' });
  });
});
