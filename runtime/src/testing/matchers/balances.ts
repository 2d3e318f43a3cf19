// `toChangeBalances`: an action moved value between accounts by exactly the amounts given.
import type { ActorId } from '@sprocket/sdk';
import type { MatcherState } from 'vitest';
import { RuntimeError } from '../../errors.js';
import { User } from '../../user.js';
import type { AccountRef } from '../test-system.js';
import { type MatchResult, requireFunction, settle, show } from './action.js';

/** One expected change: an account (a user, a user's name, a client of an actor, an address) and its signed delta. */
export type BalanceChange = readonly [who: AccountRef, delta: bigint];

/** The part of a test system the matcher reads: balances and the names of accounts. */
interface BalanceSource {
  balance(who: AccountRef): bigint;
  readonly system: { label(address: string): string };
}

function isBalanceSource(value: unknown): value is BalanceSource {
  const system = (value as { system?: { label?: unknown } } | null)?.system;
  return typeof (value as { balance?: unknown } | null)?.balance === 'function' && typeof system?.label === 'function';
}

function isChange(value: unknown): value is BalanceChange {
  return Array.isArray(value) && value.length === 2 && typeof value[1] === 'bigint' && value[0] !== undefined && value[0] !== null;
}

function labelFor(sys: BalanceSource, who: AccountRef): string {
  if (who instanceof User) return who.name;
  if (typeof who === 'string') return who.startsWith('0x') && who.length === 66 ? sys.system.label(who) : who;
  return sys.system.label(who.address as ActorId);
}

function signed(delta: bigint): string {
  return delta > 0n ? `+${delta}` : `${delta}`;
}

/**
 * `await expect(() => action).toChangeBalances(sys, [[alice, -100n], [tally, 100n]])`: reads the balances, runs the
 * action, reads them again; passes when each account changed by exactly its delta. An action that rejects fails
 * the assertion with its own error.
 */
export async function toChangeBalances(this: MatcherState, received: unknown, sys: unknown, changes: unknown): Promise<MatchResult> {
  const action = requireFunction(received, 'toChangeBalances');
  if (!isBalanceSource(sys))
    throw new RuntimeError(
      'RUNTIME_BAD_EXPECTATION',
      `toChangeBalances: the first argument must be the test system (createTestSystem()), not ${show(this, sys)}`,
    );
  if (!Array.isArray(changes) || !changes.every(isChange))
    throw new RuntimeError(
      'RUNTIME_BAD_EXPECTATION',
      `toChangeBalances: the changes must be [account, delta] pairs with bigint deltas ([[alice, -100n], [tally, 100n]]), not ${show(this, changes)}`,
    );
  const before = changes.map(([who]) => sys.balance(who));
  const outcome = await settle(action);
  if (!outcome.ok) throw outcome.error;
  const rows = changes.map(([who, delta], i) => ({
    label: labelFor(sys, who),
    expected: delta,
    actual: sys.balance(who) - (before[i] as bigint),
  }));
  const wrong = rows.filter((row) => row.actual !== row.expected);
  const wanted = rows.map((row) => `${row.label} ${signed(row.expected)}`).join(', ');
  return {
    pass: wrong.length === 0,
    message: () =>
      wrong.length === 0
        ? `expected the action not to change the balances by ${wanted}, but it did`
        : `expected the action to change the balances by ${wanted}, but:\n${wrong
            .map((row) => `  ${row.label}: changed by ${signed(row.actual)} (expected ${signed(row.expected)})`)
            .join('\n')}`,
  };
}
