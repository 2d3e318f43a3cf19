import { describe, expect, it } from 'vitest';
import { Counter } from './__fixtures__/counter.js';
import { isRuntimeError } from './errors.js';
import { createTestSystem } from './testing/index.js';

function refusal(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('system options the runtime cannot use', () => {
  it('refuses a maxPayloadBytes or messagesPerBlock that is not a whole number in range', () => {
    for (const options of [
      { maxPayloadBytes: -5 },
      { maxPayloadBytes: 1.5 },
      { maxPayloadBytes: Number.NaN },
      { maxPayloadBytes: 8 },
      { messagesPerBlock: Number.NaN },
      { messagesPerBlock: 2.5 },
      { messagesPerBlock: 0 },
    ]) {
      const e = refusal(() => createTestSystem(options));
      expect(isRuntimeError(e, 'RUNTIME_BAD_OPTION'), JSON.stringify(options)).toBe(true);
      expect((e as Error).message).toContain(Object.keys(options)[0] as string);
    }
    expect(createTestSystem({ maxPayloadBytes: 16, messagesPerBlock: 1 }).blockHeight).toBe(0);
  });

  it('refuses a runUntilIdle maxBlocks that is not a whole number of blocks', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    counter.send.add(2);
    for (const maxBlocks of [-1, 1.5, Number.NaN]) {
      const e = await sys.runUntilIdle({ maxBlocks }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isRuntimeError(e, 'RUNTIME_BAD_OPTION'), String(maxBlocks)).toBe(true);
      expect((e as Error).message).toBe(`maxBlocks must be a whole number of blocks ≥ 0, got ${maxBlocks}`);
    }
    await sys.runUntilIdle({ maxBlocks: 10 });
    expect(await counter.value()).toBe(3);
  });

  it('rejects (never throws) a runBlocks count that is not a whole number of blocks', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    counter.send.add(2);
    for (const n of [-1, 1.5, Number.NaN]) {
      let returned: Promise<void> | undefined;
      expect(() => {
        returned = sys.runBlocks(n);
      }, String(n)).not.toThrow();
      await expect(returned, String(n)).rejects.toThrow(
        expect.objectContaining({
          code: 'RUNTIME_BAD_OPTION',
          message: `runBlocks must be a whole number of blocks ≥ 0, got ${n}`,
        }),
      );
    }
    expect(sys.blockHeight).toBe(0);
    await sys.runBlocks(1);
    expect(await counter.value()).toBe(3);
  });
});
