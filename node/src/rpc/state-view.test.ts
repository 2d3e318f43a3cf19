import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { stateView } from './state-view.js';

describe('stateView', () => {
  it('shows the fields of an instance from another realm as JSON, cut to its limits', () => {
    const instance = runInNewContext(`
      class Token {
        constructor() {
          this.supply = 10n ** 20n;
          this.meta = { name: 'Sprocket', decimals: 12, tags: new Set(['a', 'b']) };
          this.balances = new Map();
          for (let i = 0; i < 60; i++) this.balances.set('0x' + i.toString(16).padStart(2, '0'), BigInt(i));
          this.code = new Uint8Array([1, 2, 255]);
          this.since = new Date(0);
          this.log = ['x'.repeat(300)];
          this.nothing = undefined;
          this.ratio = NaN;
        }
        get total() { throw new Error('a getter of contract code must not run'); }
      }
      new Token();
    `) as object;
    const view = stateView(instance, { items: 3, depth: 6, chars: 10 });
    expect(view).toEqual({
      supply: '100000000000000000000',
      meta: { name: 'Sprocket', decimals: 12, tags: ['a', 'b'] },
      balances: [['0x00', '0'], ['0x01', '1'], ['0x02', '2'], '… 57 more'],
      code: '0x0102ff',
      since: '1970-01-01T00:00:00.000Z',
      log: ['xxxxxxxxxx… (300 characters)'],
      nothing: null,
      ratio: 'NaN',
    });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('shows an invalid Date in state as such, instead of failing the whole view', () => {
    // `new Date(NaN).toISOString()` throws: actor_get answered INTERNAL for such an actor, every time.
    const instance = { when: new Date(Number.NaN), list: [new Date('not a date'), new Date(5)] };
    expect(stateView(instance)).toEqual({ when: 'Invalid Date', list: ['Invalid Date', '1970-01-01T00:00:00.005Z'] });
  });

  it('reads no accessor and no proxy, and stops at its depth', () => {
    let ran = 0;
    const instance: Record<string, unknown> = { deep: { a: { b: { c: 1 } } } };
    Object.defineProperty(instance, 'lazy', { enumerable: true, get: () => ++ran });
    instance.trap = new Proxy(
      {},
      {
        ownKeys: () => {
          ran++;
          return [];
        },
      },
    );
    expect(stateView(instance, { items: 10, depth: 2, chars: 10 })).toEqual({ deep: { a: { b: '…' } }, lazy: null, trap: '(proxy)' });
    expect(ran).toBe(0);
    expect(stateView(new Proxy({}, {}))).toEqual({});
  });
});
