// @sprocket/runtime/testing/matchers — contract matchers for vitest's `expect`, registered by importing this module.
import type { CallErrorCode } from '@sprocket/sdk';
import { expect } from 'vitest';
import type { TestSystem } from '../test-system.js';
import type { BalanceChange } from './balances.js';
import { toChangeBalances } from './balances.js';
import { type CallErrorExpectation, toBeCallError, toFailWith } from './call-error.js';
import { type EventNameOf, type EventPayloadOf, type EventSource, toEmit } from './emit.js';

export type { BalanceChange } from './balances.js';
export type { CallErrorExpectation } from './call-error.js';
export type { EventNameOf, EventPayloadOf, EventSource } from './emit.js';

/** The matchers this module registers, for a project that calls `expect.extend` itself. */
export const sprocketMatchers = { toFailWith, toBeCallError, toEmit, toChangeBalances };

expect.extend(sprocketMatchers);

/** A call to check: its promise, or a function that makes it. */
type CallAction = PromiseLike<unknown> | (() => unknown);

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the declaration merges with vitest's, which defaults T to any
  interface Assertion<T = any> {
    /**
     * The call (a promise, or a function making one) rejects with a CallError of `code`, and of the route, reason
     * (exact text or RegExp), actor and decoded `throws` payload given. Await it.
     */
    toFailWith: T extends CallAction ? (code: CallErrorCode, details?: CallErrorExpectation) => Promise<void> : never;
    /** The value is a CallError (of `code`, and of the route, reason, actor and payload given). */
    toBeCallError(code?: CallErrorCode, details?: CallErrorExpectation): void;
    /**
     * While the action (a function) runs, the client's actor emits `event` (with a payload deep-equal to `payload`,
     * when given). Await it.
     */
    toEmit: T extends () => unknown
      ? <C extends EventSource, E extends EventNameOf<C>>(client: C, event: E, payload?: EventPayloadOf<C, E>) => Promise<void>
      : never;
    /** The action (a function) changes each account's balance by exactly its delta: `[[alice, -100n], [tally, 100n]]`. Await it. */
    toChangeBalances: T extends () => unknown ? (sys: TestSystem, changes: readonly BalanceChange[]) => Promise<void> : never;
  }
  interface AsymmetricMatchersContaining {
    /** Matches a CallError (of `code`, and of the route, reason, actor and payload given). */
    // biome-ignore lint/suspicious/noExplicitAny: asymmetric matchers are typed any, to stand in for any value
    toBeCallError(code?: CallErrorCode, details?: CallErrorExpectation): any;
  }
}
