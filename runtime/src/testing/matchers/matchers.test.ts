import { Actor, type ActorId, actor, err, handler, init, ok, type Result, type u32, type u128 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Counter, CounterClient } from '../../__fixtures__/counter.js';
import { createTestSystem } from '../index.js';
import './index.js';

type BankError = { kind: 'TooMuch'; asked: u32 } | { kind: 'Closed' };

interface BankEvents {
  Deposited: { amount: u128; note: string };
  Paid: u128;
}

@actor()
class Bank extends Actor<BankEvents> {
  private open = true;

  @init()
  new(open: boolean): void {
    if (!open) throw new Error('born closed');
    this.open = open;
  }

  @handler({ payable: true })
  deposit(note: string): u128 {
    this.emit('Deposited', { amount: this.ctx.value, note });
    return this.ctx.value;
  }

  pay(to: ActorId, amount: u128): void {
    if (!this.open) throw new Error('closed');
    this.ctx.transfer(to, amount);
    this.emit('Paid', amount);
  }

  @handler({ throws: true })
  limit(asked: u32): Result<u32, BankError> {
    if (asked > 10) return err({ kind: 'TooMuch', asked });
    return ok(asked);
  }

  close(): void {
    this.open = false;
  }
}

/** The message of the assertion error an awaited matcher fails with (colours removed). */
async function failure(assertion: unknown): Promise<string> {
  try {
    await assertion;
  } catch (error) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    return (error as Error).message.replace(/\u001b\[[0-9;]*m/g, '');
  }
  return expect.unreachable('the assertion passed');
}

async function setup() {
  const sys = createTestSystem({ seed: 'matchers' });
  const alice = sys.user('alice', { balance: 1_000n });
  const bank = await sys.deploy(Bank, 'new', [true], { from: alice });
  return { sys, alice, bank };
}

describe('toFailWith', () => {
  it('passes on a rejected call of that code, with route, reason, actor and the typed payload', async () => {
    const { sys, bank } = await setup();
    await bank.close();
    await expect(bank.pay(bank.address, 1n)).toFailWith('HANDLER_FAILED');
    await expect(bank.pay(bank.address, 1n)).toFailWith('HANDLER_FAILED', { route: 'Bank.Pay', reason: 'closed', actor: bank });
    await expect(() => bank.pay(bank.address, 1n)).toFailWith('HANDLER_FAILED', { reason: /clo/, actor: bank.address });
    const global = /clo/g; // a RegExp with state matches every time
    await expect(bank.pay(bank.address, 1n)).toFailWith('HANDLER_FAILED', { reason: global });
    await expect(bank.pay(bank.address, 1n)).toFailWith('HANDLER_FAILED', { reason: global });
    // A `throws` function: the reply of a sent message carries the decoded error.
    await expect(sys.reply(bank.send.limit(20))).toFailWith('HANDLER_FAILED', { payload: { kind: 'TooMuch', asked: 20 } });
    await expect(sys.reply(bank.send.limit(20))).toFailWith('HANDLER_FAILED', {
      payload: expect.objectContaining({ kind: 'TooMuch' }),
    });
    // A deploy whose constructor fails.
    await expect(sys.deploy(Bank, 'new', [false])).toFailWith('INIT_FAILED', { reason: 'born closed' });
  });

  it('says what came instead: a value, another code, another reason or payload, a non-CallError', async () => {
    const { sys, bank } = await setup();
    expect(await failure(expect(bank.deposit('x')).toFailWith('HANDLER_FAILED'))).toBe(
      'expected the call to fail with HANDLER_FAILED, but it resolved with 0n',
    );
    expect(await failure(expect(bank.pay(bank.address, 1n, { value: 5n })).toFailWith('HANDLER_FAILED'))).toMatch(
      /^expected the call to fail with HANDLER_FAILED, but it failed with VALUE_REJECTED: Bank\.Pay on Bank: .*\n {2}code: expected HANDLER_FAILED, got VALUE_REJECTED$/,
    );
    await bank.close();
    expect(await failure(expect(bank.pay(bank.address, 1n)).toFailWith('HANDLER_FAILED', { reason: 'open', route: 'Bank.Pay' }))).toMatch(
      /^expected the call to fail with HANDLER_FAILED with route "Bank\.Pay" and reason "open", but it failed with HANDLER_FAILED: Bank\.Pay on Bank: closed\n {2}reason: expected "open", got "closed"$/,
    );
    expect(
      await failure(expect(bank.pay(bank.address, 1n)).toFailWith('HANDLER_FAILED', { reason: /^op/, actor: sys.defaultUser.id })),
    ).toContain(`  reason: expected to match /^op/, got "closed"\n  actor: expected ${sys.defaultUser.id}, got Bank`);
    const payload = await failure(
      expect(sys.reply(bank.send.limit(11))).toFailWith('HANDLER_FAILED', { payload: { kind: 'TooMuch', asked: 12 } }),
    );
    expect(payload).toContain('  payload: expected {"asked": 12, "kind": "TooMuch"}, got {"asked": 11, "kind": "TooMuch"}');
    expect(payload).toContain('-   "asked": 12,');
    expect(payload).toContain('+   "asked": 11,');
    expect(await failure(expect(Promise.reject(new RangeError('boom'))).toFailWith('TIMEOUT'))).toBe(
      'expected the call to fail with TIMEOUT, but it threw something other than a CallError: RangeError: boom',
    );
    expect(await failure(expect(() => JSON.parse('{')).toFailWith('TIMEOUT'))).toMatch(/other than a CallError: SyntaxError: /);
  });

  it('names a client it resolved with by its actor, and cuts a long value short', async () => {
    const { sys, bank } = await setup();
    const deployed = await failure(expect(sys.deploy(Bank, 'new', [true])).toFailWith('INIT_FAILED'));
    expect(deployed).toMatch(/^expected the call to fail with INIT_FAILED, but it resolved with a client of Bank#2 \(0x[0-9a-f]{64}\)$/);
    const long = await failure(expect(Promise.resolve('x'.repeat(5_000))).toFailWith('HANDLER_FAILED'));
    expect(long).toMatch(/… \(4002 more characters\)$/);
    expect(long.length).toBeLessThan(1_200);
    expect(await failure(expect(bank.deposit('x')).toFailWith('HANDLER_FAILED'))).toBe(
      'expected the call to fail with HANDLER_FAILED, but it resolved with 0n',
    );
  });

  it('hints at { err } when a ClientOf method of a throws function resolves with it', async () => {
    const { bank } = await setup();
    expect(await failure(expect(bank.limit(20)).toFailWith('HANDLER_FAILED'))).toMatch(
      /but it resolved with \{"err": \{"asked": 20, "kind": "TooMuch"\}\} \(a ClientOf method of a `throws` function resolves \{ err \}/,
    );
  });

  it('works with .not', async () => {
    const { bank } = await setup();
    await expect(bank.deposit('a')).not.toFailWith('HANDLER_FAILED');
    await expect(bank.pay(bank.address, 1n, { value: 1n })).not.toFailWith('HANDLER_FAILED');
    await bank.close();
    expect(await failure(expect(bank.pay(bank.address, 1n)).not.toFailWith('HANDLER_FAILED', { reason: 'closed' }))).toMatch(
      /^expected the call not to fail with HANDLER_FAILED with reason "closed", but it did: HANDLER_FAILED: Bank\.Pay on Bank: closed$/,
    );
  });

  it('refuses what it cannot check', async () => {
    await expect(expect(42 as unknown as Promise<void>).toFailWith('TIMEOUT')).rejects.toMatchObject({ code: 'RUNTIME_BAD_EXPECTATION' });
    await expect(expect(Promise.resolve()).toFailWith('timeout' as 'TIMEOUT')).rejects.toMatchObject({ code: 'RUNTIME_BAD_EXPECTATION' });
  });
});

describe('toBeCallError', () => {
  it('matches a CallError value, also as an asymmetric matcher', async () => {
    const { bank } = await setup();
    await bank.close();
    const error = await bank.pay(bank.address, 1n).catch((e: unknown) => e);
    expect(error).toBeCallError();
    expect(error).toBeCallError('HANDLER_FAILED', { reason: 'closed', route: 'Bank.Pay' });
    expect({ error }).toEqual({ error: expect.toBeCallError('HANDLER_FAILED') });
    expect(error).not.toBeCallError('TIMEOUT');
    expect(new Error('x')).not.toBeCallError();
    expect(() => expect(error).toBeCallError('TIMEOUT')).toThrow(
      /^expected a CallError TIMEOUT, but got HANDLER_FAILED: .*\n {2}code: expected TIMEOUT, got HANDLER_FAILED$/,
    );
    expect(() => expect(7).toBeCallError()).toThrow('expected a CallError, but got 7');
    expect(() => expect(error).not.toBeCallError('HANDLER_FAILED')).toThrow(
      /^expected the value not to be a CallError HANDLER_FAILED, but it is: /,
    );
  });
});

describe('toEmit', () => {
  it('sees the events the action made the actor emit, with a payload or an asymmetric matcher', async () => {
    const { sys, alice, bank } = await setup();
    await expect(() => bank.deposit('hi', { value: 5n })).toEmit(bank, 'Deposited');
    await expect(() => bank.deposit('hi', { value: 5n })).toEmit(bank, 'Deposited', { amount: 5n, note: 'hi' });
    await expect(() => bank.deposit('hi', { value: 6n })).toEmit(bank, 'Deposited', expect.objectContaining({ amount: 6n }));
    await expect(() => bank.pay(alice.id, 2n)).not.toEmit(bank, 'Deposited');
    // A sent message and a run: the events of every message the action handled count.
    await expect(async () => {
      bank.send.pay(alice.id, 3n);
      bank.send.pay(alice.id, 4n);
      await sys.runUntilIdle();
    }).toEmit(bank, 'Paid', 4n);
    // Events before the action do not count, nor do those of messages it left queued.
    await bank.pay(alice.id, 1n);
    await expect(() => {
      bank.send.pay(alice.id, 8n);
    }).not.toEmit(bank, 'Paid');
    await sys.runUntilIdle();
    await expect(() => bank.deposit('x')).not.toEmit(bank, 'Paid', 8n);
  });

  it('says what was emitted instead', async () => {
    const { alice, bank } = await setup();
    await bank.connect(alice).deposit('funds', { value: 10n });
    expect(await failure(expect(() => bank.deposit('a')).toEmit(bank, 'Paid'))).toMatch(
      /^expected Bank to emit Paid during the action, but it emitted no Paid event$/,
    );
    const wrong = await failure(expect(() => bank.pay(alice.id, 3n)).toEmit(bank, 'Paid', 4n));
    expect(wrong).toMatch(/^expected Bank to emit Paid with payload 4n during the action, but it emitted only Paid\(3n\)\n/);
    expect(wrong).toContain('- 4n');
    expect(wrong).toContain('+ 3n');
    expect(await failure(expect(() => bank.pay(alice.id, 3n)).not.toEmit(bank, 'Paid', 3n))).toMatch(
      /^expected Bank not to emit Paid with payload 3n during the action, but it emitted Paid\(3n\)$/,
    );
  });

  it('fails with the action error, and refuses a promise, a non-client and an unknown event', async () => {
    const { bank } = await setup();
    await bank.close();
    await expect(expect(() => bank.pay(bank.address, 1n)).toEmit(bank, 'Paid')).rejects.toBeCallError('HANDLER_FAILED', {
      reason: 'closed',
    });
    await expect(expect(() => bank.pay(bank.address, 1n)).not.toEmit(bank, 'Paid')).rejects.toBeCallError('HANDLER_FAILED');
    const pending = bank.deposit('early');
    await expect(expect(pending as unknown as () => void).toEmit(bank, 'Deposited')).rejects.toThrow(
      /toEmit needs the action as a function, to watch it from its start: .* \(got a promise, which has already started\)/,
    );
    await pending;
    await expect(expect(() => undefined).toEmit({} as never, 'Paid' as never)).rejects.toMatchObject({ code: 'RUNTIME_BAD_EXPECTATION' });
    await expect(expect(() => undefined).toEmit(bank, 'Nope' as never)).rejects.toMatchObject({ code: 'RUNTIME_UNKNOWN_EVENT' });
  });

  it('unsubscribes after the action', async () => {
    const { sys, bank } = await setup();
    const subscribers = () =>
      (sys.system as unknown as { eventBus: { subscribers: Map<string, Set<unknown>> } }).eventBus.subscribers.get(bank.address)?.size ?? 0;
    await expect(() => bank.deposit('a')).toEmit(bank, 'Deposited');
    await expect(() => bank.deposit('a')).not.toEmit(bank, 'Paid');
    expect(subscribers()).toBe(0);
  });
});

describe('toChangeBalances', () => {
  it('compares each account before and after the action', async () => {
    const { sys, alice, bank } = await setup();
    const bob = sys.user('bob');
    const asAlice = bank.connect(alice);
    await expect(() => asAlice.deposit('in', { value: 100n })).toChangeBalances(sys, [
      [alice, -100n],
      [bank, 100n],
    ]);
    await expect(() => bank.pay(bob.id, 30n)).toChangeBalances(sys, [
      ['bob', 30n],
      [bank.address, -30n],
      [alice, 0n],
    ]);
    await expect(() => bank.pay(bob.id, 1n)).not.toChangeBalances(sys, [[bob, 2n]]);
  });

  it('lists the accounts that changed otherwise', async () => {
    const { sys, alice, bank } = await setup();
    const message = await failure(
      expect(() => bank.connect(alice).deposit('in', { value: 60n })).toChangeBalances(sys, [
        [alice, -100n],
        [bank, 100n],
        ['bob', 0n],
      ]),
    );
    expect(message).toMatch(
      /^expected the action to change the balances by alice -100, Bank \+100, bob 0, but:\n {2}alice: changed by -60 \(expected -100\)\n {2}Bank: changed by \+60 \(expected \+100\)$/,
    );
    expect(await failure(expect(() => bank.connect(alice).deposit('in', { value: 1n })).not.toChangeBalances(sys, [[alice, -1n]]))).toBe(
      'expected the action not to change the balances by alice -1, but it did',
    );
  });

  it('fails with the action error and refuses bad arguments', async () => {
    const { sys, alice, bank } = await setup();
    await expect(expect(() => bank.pay(alice.id, 10_000n)).toChangeBalances(sys, [[alice, 0n]])).rejects.toBeCallError();
    await expect(expect(() => undefined).toChangeBalances(sys, [[alice, 1 as unknown as bigint]])).rejects.toThrow(/bigint deltas/);
    await expect(expect(() => undefined).toChangeBalances(bank as never, [])).rejects.toMatchObject({ code: 'RUNTIME_BAD_EXPECTATION' });
    await expect(expect(Promise.resolve() as unknown as () => void).toChangeBalances(sys, [])).rejects.toMatchObject({
      code: 'RUNTIME_BAD_EXPECTATION',
    });
  });
});

describe('through a generated client', () => {
  it('checks failures and events the same way', async () => {
    const sys = createTestSystem();
    sys.registerCode(Counter);
    const counter = await sys.deploy(CounterClient, 'new', [1]);
    expect(counter).toBeInstanceOf(CounterClient);
    await expect(counter.sub(5)).toFailWith('HANDLER_FAILED', { route: 'Counter.Sub', reason: 'underflow', actor: counter });
    await expect(() => counter.add(2)).toEmit(counter, 'Added', 2);
    await expect(() => counter.add(2)).not.toEmit(counter, 'Subtracted');
    expect(await failure(expect(() => counter.sub(1)).toEmit(counter, 'Added'))).toBe(
      'expected Counter to emit Added during the action, but it emitted no Added event',
    );
    await expect(() => counter.add(1)).toChangeBalances(sys, [[counter, 0n]]);
    await expect(expect(() => undefined).toEmit(counter, 'Nope' as never)).rejects.toThrow(/Nope/);
  });
});
