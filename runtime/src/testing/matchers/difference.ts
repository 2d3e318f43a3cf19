// Where an expected payload and the one an actor gave first differ, for the failure messages of the matchers.
import type { MatcherState } from 'vitest';
import { show } from './action.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isAsymmetric(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function';
}

/** A key as a path shows it: `.amount`, or `["odd key"]`. */
function step(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * The first field where `actual` differs from `expected`, with both values there (`payload.to.amount: expected 5n,
 * got 6n`), walking plain objects and arrays (a nested struct, an enum's fields, a vec); undefined when they are equal.
 * Asymmetric matchers (`expect.any(BigInt)`) and other values are compared whole, at their place.
 */
export function firstDifference(state: MatcherState, expected: unknown, actual: unknown, path = 'payload'): string | undefined {
  if (state.equals(actual, expected, state.customTesters)) return undefined;
  if (!isAsymmetric(expected)) {
    if (Array.isArray(expected) && Array.isArray(actual)) {
      for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
        const found = firstDifference(state, expected[i], actual[i], `${path}[${i}]`);
        if (found !== undefined) return found;
      }
      return `${path}.length: expected ${expected.length}, got ${actual.length}`;
    }
    if (isRecord(expected) && isRecord(actual)) {
      for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
        if (!(key in actual)) return `${path}${step(key)}: expected ${show(state, expected[key])}, got no such field`;
        if (!(key in expected)) return `${path}${step(key)}: not expected, got ${show(state, actual[key])}`;
        const found = firstDifference(state, expected[key], actual[key], `${path}${step(key)}`);
        if (found !== undefined) return found;
      }
    }
  }
  return `${path}: expected ${show(state, expected)}, got ${show(state, actual)}`;
}
