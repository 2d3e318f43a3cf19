// Contract code that keeps running after its handler's segment ended: a promise chain the handler started and did
// not await. It runs in microtasks, outside any segment, so its gas meter is gone; unbounded, it starves the event
// loop (runUntilIdle never returns) and a chain of promises grows the heap until the process dies.
import { Actor, actor, type u32 } from '@sprocket/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { isRuntimeError } from './errors.js';
import { createTestSystem } from './testing/index.js';

/** Far more hops than any budget: without a bound, the chain runs all of them. */
const CAP = 20_000_000;
let hops = 0;
/** What stopped the chain: pushed by a builtin (a bound `push` charges no gas, unlike contract code). */
const stoppedBy: unknown[] = [];
const record = stoppedBy.push.bind(stoppedBy);

@actor()
class Detacher extends Actor {
  n: u32 = 0;

  /** Starts a microtask chain that hops on by itself and returns at once. */
  start(): u32 {
    this.n += 1;
    const hop = (): void => {
      hops++;
      if (hops < CAP) {
        void Promise.resolve().then(hop).catch(record);
      }
    };
    hop();
    return this.n;
  }

  value(): u32 {
    return this.n;
  }
}

describe('contract code that runs on after its segment ended', () => {
  afterEach(() => {
    hops = 0;
    stoppedBy.length = 0;
  });

  it('is stopped by a gas budget with RUNTIME_DETACHED_WORK; the system goes on', async () => {
    const sys = createTestSystem({ seed: 'detached' });
    const a = await sys.deploy(Detacher);
    expect(await a.start({ gasLimit: 1_000_000 })).toBe(1);
    await sys.runUntilIdle();
    // Let the chain run out (it hops in microtasks; a macrotask comes only once it has stopped).
    await new Promise((resolve) => setImmediate(resolve));
    expect(hops).toBeLessThan(CAP);
    expect(stoppedBy).toHaveLength(1);
    expect(isRuntimeError(stoppedBy[0], 'RUNTIME_DETACHED_WORK')).toBe(true);
    expect((stoppedBy[0] as Error).message).toMatch(/after its segment ended/);
    // The actor and the system keep working, and contract code in a later segment is metered as usual.
    expect(await a.value()).toBe(1);
    expect(await a.start()).toBe(2);
  });
});
