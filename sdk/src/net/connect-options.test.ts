import { describe, expect, it } from 'vitest';
import { checkReconnect, checkTimeout, MAX_TIMER_MS } from './connect-options.js';

describe('connect() options', () => {
  it('takes a timeout from 1 ms to the longest timer, or Infinity', () => {
    expect(checkTimeout(1)).toBe(1);
    expect(checkTimeout(MAX_TIMER_MS)).toBe(MAX_TIMER_MS);
    expect(checkTimeout(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a timeout that would fire at once with SDK_BAD_OPTION naming it', () => {
    for (const bad of [0, -1, Number.NaN, MAX_TIMER_MS + 1, '100' as unknown as number]) {
      expect(() => checkTimeout(bad)).toThrow(
        expect.objectContaining({ code: 'SDK_BAD_OPTION', message: expect.stringContaining('timeout') }),
      );
    }
  });

  it('checks reconnect attempts and delays', () => {
    expect(checkReconnect(false)).toBe(false);
    expect(checkReconnect({ attempts: 0, delayMs: 0, maxDelayMs: 10 })).toEqual({ attempts: 0, delayMs: 0, maxDelayMs: 10 });
    expect(checkReconnect({ attempts: Number.POSITIVE_INFINITY })).toEqual({ attempts: Number.POSITIVE_INFINITY });
    expect(() => checkReconnect({ attempts: 1.5 })).toThrow(
      expect.objectContaining({ code: 'SDK_BAD_OPTION', message: expect.stringContaining('attempts') }),
    );
    expect(() => checkReconnect({ delayMs: -1 })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('reconnect.delayMs') }),
    );
    expect(() => checkReconnect({ maxDelayMs: Number.NaN })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('maxDelayMs') }),
    );
  });
});
