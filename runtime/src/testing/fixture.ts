// `fixture(setup)`: deploy once per file, start every test from the same state (Hardhat's `loadFixture`).
import { isRuntimeError, RuntimeError } from '../errors.js';
import type { SystemSnapshot } from '../snapshot.js';
import { TestSystem } from './test-system.js';

/** What a fixture's setup resolves with: its test system as `sys`, and anything else the tests use. */
export interface FixtureResult {
  /** The test system the setup created and deployed into. */
  readonly sys: TestSystem;
}

/** Loads a fixture: the first call runs the setup, every later call puts its system back to the state after it. */
export type LoadFixture<T extends FixtureResult> = () => Promise<T>;

interface Prepared<T> {
  readonly result: T;
  readonly snapshot: SystemSnapshot;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return `an object without a test system in sys (keys: ${Object.keys(value).join(', ') || 'none'})`;
}

async function prepare<T extends FixtureResult>(setup: () => T | Promise<T>): Promise<Prepared<T>> {
  const result = await setup();
  const sys = (result as { sys?: unknown } | null)?.sys;
  if (typeof result !== 'object' || result === null || !(sys instanceof TestSystem)) {
    throw new RuntimeError(
      'RUNTIME_BAD_FIXTURE',
      `a fixture's setup must resolve with an object holding its test system as sys (return { sys, ...clients }), not ${describe(result)}`,
    );
  }
  try {
    return { result, snapshot: sys.snapshot() };
  } catch (error) {
    if (!isRuntimeError(error, 'RUNTIME_BUSY')) throw error;
    throw new RuntimeError(
      'RUNTIME_BUSY',
      "a fixture's setup left a call in flight: await every call it makes (or `await sys.runUntilIdle()`) before it returns",
      { cause: error },
    );
  }
}

/**
 * Hardhat's `loadFixture` for Sprocket: `const load = fixture(async () => { const sys = createTestSystem(); ...;
 * return { sys, tally } })`, then `const { sys, tally } = await load()` in each test. The first call runs the setup
 * and takes a snapshot of its system; every later call restores that snapshot on the same system and resolves with the
 * same result objects, so clients and users stay valid and ids repeat. A call of the test before that is still in
 * flight makes it reject with `RUNTIME_BUSY`.
 */
export function fixture<T extends FixtureResult>(setup: () => T | Promise<T>): LoadFixture<T> {
  let prepared: Promise<Prepared<T>> | undefined;
  return async () => {
    if (prepared === undefined) {
      const running = prepare(setup);
      prepared = running;
      // A setup that failed runs again on the next call (and fails again, with its own error).
      running.catch(() => {
        if (prepared === running) prepared = undefined;
      });
      // The state right after the setup is the snapshot's state: nothing to restore.
      return (await running).result;
    }
    const { result, snapshot } = await prepared;
    try {
      result.sys.restore(snapshot);
    } catch (error) {
      if (!isRuntimeError(error, 'RUNTIME_BUSY')) throw error;
      throw new RuntimeError(
        'RUNTIME_BUSY',
        'cannot load the fixture again: a call on its system is still in flight (one the test before did not await?). Await every call (or `await sys.runUntilIdle()`) before a test ends',
        { cause: error },
      );
    }
    return result;
  };
}
