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

/** Whether a value is a client of an actor (a generated client or a ClientOf): an address and a transport. */
function isClient(value: unknown): value is { readonly address: string; readonly transport: unknown } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { address?: unknown }).address === 'string' && 'transport' in value
  );
}

/** The longest text `show` prints of one value; a longer one is cut, saying how much was left out. */
const SHOW_LIMIT = 1_000;

/**
 * A value on one line, as vitest prints it (`{ "amount": 5n }`, `3n`, `"text"`). A client is named by its actor
 * (`a client of Tally (0x…)`) rather than printed with its transport and the whole test system behind it.
 */
export function show(state: MatcherState, value: unknown): string {
  if (isClient(value)) {
    const label = labelOf(value);
    return label === value.address ? `a client of ${value.address}` : `a client of ${label} (${value.address})`;
  }
  const text = state.utils.stringify(value, 10, { min: true });
  return text.length <= SHOW_LIMIT ? text : `${text.slice(0, SHOW_LIMIT)}… (${text.length - SHOW_LIMIT} more characters)`;
}
