// A User handle a test keeps across sys.restore(): one whose user existed at the snapshot reads the restored account;
// one created after it (removed by the restore) reads no balance and refuses to act, saying why, rather than reading
// its old balance and sending as an address the system no longer knows.
import { describe, expect, it } from 'vitest';
import { Counter, CounterClient } from '../__fixtures__/counter.js';
import { createTestSystem } from './index.js';

describe('User handles across restore', () => {
  it('a user created after the snapshot reads 0 and refuses to act after the restore; sys.user() gives it again', async () => {
    const sys = createTestSystem({ seed: 'restore-users' });
    sys.registerCode(Counter);
    const counter = await sys.deploy(CounterClient, 'new', [1]);
    const alice = sys.user('alice', { balance: 50n });
    const snap = sys.snapshot();
    sys.mint(alice, 5n);
    const carol = sys.user('carol', { balance: 7n });
    expect(await CounterClient.at(carol, counter.address).add(1)).toBe(2);
    sys.restore(snap);

    expect(alice.balance()).toBe(50n);
    expect(carol.balance()).toBe(0n);
    expect(sys.balance(carol)).toBe(0n);
    expect(carol.mailbox()).toEqual([]);
    const gone = /the user "carol" does not exist any more: it was created after the snapshot sys\.restore\(\) went back to/;
    await expect(CounterClient.at(carol, counter.address).add(1)).rejects.toMatchObject({
      code: 'RUNTIME_UNKNOWN_ADDRESS',
      message: expect.stringMatching(gone),
    });
    expect(() => CounterClient.at(carol, counter.address).send.add(1)).toThrow(gone);
    expect(await counter.value()).toBe(1);

    const again = sys.user('carol', { balance: 3n });
    expect(again.balance()).toBe(3n);
    expect(carol.balance()).toBe(3n);
    expect(await CounterClient.at(carol, counter.address).add(4)).toBe(5);
  });
});
