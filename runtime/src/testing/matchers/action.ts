// What the contract matchers run: an action given as a function (or, where that is exact, a promise).
import type { MatcherState } from 'vitest';
import { RuntimeError } from '../../errors.js';

/** How an action ended: resolved with a value, or rejected (or threw) with an error. */
export type Settled = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Runs a function action (a synchronous throw counts as a rejection) or awaits a promise; never throws. */
export async function settle(action: unknown): Promise<Settled> {
  try {
    const value = typeof action === 'function' ? await (action as () => unknown)() : await action;
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The action of a matcher that must act before it starts (subscribe, read balances): a function, not a promise. */
export function requireFunction(received: unknown, matcher: string): () => unknown {
  if (typeof received === 'function') return received as () => unknown;
  const what = isThenable(received) ? 'a promise, which has already started' : `${typeof received}`;
  throw new RuntimeError(
    'RUNTIME_BAD_EXPECTATION',
    `${matcher} needs the action as a function, to watch it from its start: write expect(() => client.fn(...)).${matcher}(...), not expect(client.fn(...)) (got ${what})`,
  );
}

/** Whether the received value can be awaited or called by a matcher that accepts both. */
export function isAction(received: unknown): boolean {
  return typeof received === 'function' || isThenable(received);
}

/** The readable name of an account or actor, from the system a client's transport belongs to (else its address). */
export function labelOf(client: { readonly address: string; readonly transport?: unknown }): string {
  const transport = client.transport as { readonly system?: { label?: unknown } } | undefined;
  const system = transport?.system;
  if (system !== undefined && typeof system.label === 'function') return (system.label as (a: string) => string)(client.address);
  return client.address;
}

/** What a matcher returns to vitest. */
export interface MatchResult {
  readonly pass: boolean;
  readonly message: () => string;
  readonly actual?: unknown;
}

/** A value on one line, as vitest prints it (`{ "amount": 5n }`, `3n`, `"text"`). */
export function show(state: MatcherState, value: unknown): string {
  return state.utils.stringify(value, 10, { min: true });
}
