import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { reasonOf } from './values.js';

describe('reasonOf', () => {
  it('reads the message of an Error from another realm, as of one from this realm', () => {
    let thrown: unknown;
    try {
      runInNewContext('undefined.x');
    } catch (e) {
      thrown = e;
    }
    expect(thrown instanceof Error).toBe(false);
    expect(reasonOf(thrown)).toBe("Cannot read properties of undefined (reading 'x')");
    expect(reasonOf(runInNewContext('new RangeError("too far")'))).toBe('too far');
  });

  it('reads a thrown plain object as its JSON, not [object Object]', () => {
    expect(reasonOf({ code: 42, amount: 5n })).toBe('{"code":42,"amount":"5"}');
    expect(reasonOf(runInNewContext('({ code: 1 })'))).toBe('{"code":1}');
    expect(reasonOf('a string')).toBe('a string');
    expect(reasonOf({ toString: () => 'custom' })).toBe('custom');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(reasonOf(cyclic)).toBe('[object Object]');
    expect(reasonOf({ items: Array.from({ length: 1000 }, (_, i) => i) })).toBe('[object Object]');
  });
});

describe('a deploy salt', () => {
  it('is bytes: the CLI text form or a number is refused with RUNTIME_BAD_OPTION, naming what was given', async () => {
    const { createTestSystem } = await import('./testing/index.js');
    const { CounterClient } = await import('./__fixtures__/counter.js');
    const sys = createTestSystem();
    const salted = await sys.deploy(CounterClient, 'new', [1], { salt: new Uint8Array([1]) });
    expect(await salted.value()).toBe(1);
    await expect(sys.deploy(CounterClient, 'new', [1], { salt: '0x01' as never })).rejects.toMatchObject({
      code: 'RUNTIME_BAD_OPTION',
      message: expect.stringContaining('deploy: salt must be a Uint8Array (bytes, e.g. new Uint8Array([1])), got "0x01"'),
    });
    await expect(sys.deploy(CounterClient, 'new', [1], { salt: 1 as never })).rejects.toMatchObject({ code: 'RUNTIME_BAD_OPTION' });
  });
});
