// The numeric options of `connect()`, checked when the connection is made: a timeout of 0, NaN or beyond what a
// timer can hold would otherwise fail every request at once with a NODE_UNAVAILABLE that blames a running node.
import { SdkError } from '../errors/sprocket-error.js';
import type { ReconnectOptions } from './rpc-socket.js';

/** The longest delay a platform timer holds (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** `connect()`'s `timeout` option, checked: a positive number of ms up to MAX_TIMER_MS, or Infinity for none. */
export function checkTimeout(timeout: number): number {
  if (timeout === Number.POSITIVE_INFINITY || (typeof timeout === 'number' && timeout > 0 && timeout <= MAX_TIMER_MS)) return timeout;
  throw new SdkError(
    'SDK_BAD_OPTION',
    `connect(): timeout must be a number of milliseconds from 1 to ${MAX_TIMER_MS}, or Infinity for none, got ${String(timeout)}`,
  );
}

/** `connect()`'s `reconnect` option, checked: whole attempts >= 0 (Infinity: no end), delays in ms >= 0. */
export function checkReconnect(reconnect: ReconnectOptions | false | undefined): ReconnectOptions | false | undefined {
  if (reconnect === undefined || reconnect === false) return reconnect;
  const { attempts, delayMs, maxDelayMs } = reconnect;
  if (attempts !== undefined && !(attempts === Number.POSITIVE_INFINITY || (Number.isSafeInteger(attempts) && attempts >= 0))) {
    throw new SdkError(
      'SDK_BAD_OPTION',
      `connect(): reconnect.attempts must be a whole number >= 0 (or Infinity), got ${String(attempts)}`,
    );
  }
  for (const [name, value] of [
    ['delayMs', delayMs],
    ['maxDelayMs', maxDelayMs],
  ] as const) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= MAX_TIMER_MS)) {
      throw new SdkError(
        'SDK_BAD_OPTION',
        `connect(): reconnect.${name} must be milliseconds from 0 to ${MAX_TIMER_MS}, got ${String(value)}`,
      );
    }
  }
  return reconnect;
}
