import { type ActorId, type CallError, isCallError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { ExclusiveRelay, holderId, Relay, releaseForeignGates, Token } from './__fixtures__/actors.js';
import { Counter, CounterClient, CounterGenerated } from './__fixtures__/counter.js';
import { createTestSystem, SYSTEM_SENDER } from './testing/index.js';

async function rejection(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (error) {
    if (isCallError(error)) return error;
    throw error;
  }
  throw new TypeError('expected a rejection');
}

describe('request-reply, deploy, events', () => {
  it('deploys with @init, calls, queries and records events', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [5]);
    expect(await counter.add(10)).toBe(15);
    const id = counter.send.add(1);
    expect(id).toMatch(/^0x[0-9a-f]{64}$/);
    await sys.runUntilIdle();
    expect(await counter.value()).toBe(16);
    expect(sys.events(counter).map((e) => [e.name, e.payload])).toEqual([
      ['Added', 10],
      ['Added', 1],
    ]);
    expect(sys.replyOf(id)).toMatchObject({ ok: true });
  });

  it('returns the generated client class for a client class, usable by another user', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(CounterClient, 'new', [null]);
    expect(counter).toBeInstanceOf(CounterClient);
    const alice = sys.user('alice', { balance: 100n });
    const asAlice = CounterClient.at(alice, counter.address);
    expect(await asAlice.add(2)).toBe(2);
    const seen: number[] = [];
    counter.on('Added', (v) => seen.push(v));
    await asAlice.add(3);
    expect(seen).toEqual([3]);
  });

  it('the default constructor runs when there is no @init', async () => {
    const sys = createTestSystem();
    const relay = await sys.deploy(Relay);
    await relay.mark('x');
    expect(await relay.entries()).toEqual(['x']);
  });

  it('an empty init payload runs the implicit constructor, as a Sails program with only its implicit Create() takes it', async () => {
    const sys = createTestSystem();
    const codeId = sys.registerCode(Relay);
    const address = await sys.user('alice', { balance: 10n ** 18n }).deploy(codeId, new Uint8Array(0));
    const relay = sys.at(Relay, address);
    await relay.mark('y');
    expect(await relay.entries()).toEqual(['y']);
    // With constructors of its own, an actor still needs a header: an empty payload names none of them.
    const error = await rejection(sys.user('bob', { balance: 10n ** 18n }).deploy(sys.registerCode(Counter), new Uint8Array(0)));
    expect(error.code).toBe('DECODE_FAILED');
  });
});

describe('interleaving and exclusive turns', () => {
  it('default: another message runs while a handler awaits', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [0]);
    const relay = await sys.deploy(Relay);
    relay.send.slowAdd(counter.address, 1);
    relay.send.mark('mark');
    await sys.runUntilIdle();
    expect(await relay.entries()).toEqual(['start 1', 'mark', 'end 1']);
  });

  it('exclusive: no other message until the handler finishes', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [0]);
    const relay = await sys.deploy(ExclusiveRelay);
    relay.send.slowAdd(counter.address, 1);
    relay.send.mark('mark');
    await sys.runUntilIdle();
    expect(await relay.entries()).toEqual(['start 1', 'end 1', 'mark']);
  });

  it('a call chain between interleaving actors completes', async () => {
    const sys = createTestSystem();
    const a = await sys.deploy(Relay);
    const b = await sys.deploy(Relay);
    expect(await a.bounce(b.address, 4)).toBe(4);
  });

  it('a call cycle through an exclusive actor fails when enqueued, naming the cycle', async () => {
    const sys = createTestSystem();
    const a = await sys.deploy(ExclusiveRelay);
    const b = await sys.deploy(ExclusiveRelay);
    const err = await rejection(a.bounce(b.address, 3));
    expect(err.code).toBe('CALL_CYCLE');
    expect(err.message).toContain('ExclusiveRelay -> ExclusiveRelay#2 -> ExclusiveRelay');
    // both actors still work afterwards
    expect(await a.bounce(b.address, 0)).toBe(0);
  });
});

describe('atomic segments', () => {
  it('rolls back only the failing segment: state, messages and events', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [0]);
    const relay = await sys.deploy(Relay);
    const err = await rejection(relay.twoStep(counter.address, true));
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toBe('second segment failed');
    expect(err.route).toBe('Relay.TwoStep');
    await sys.runUntilIdle();
    // segment 1 committed: its log entry, its event, its message (add 100) and its call (add 1)
    expect(await relay.entries()).toEqual(['one']);
    expect(sys.events(relay).map((e) => e.payload)).toEqual([1]);
    expect(await counter.value()).toBe(101);
    const record = sys.system.actor(relay.address);
    if (record === undefined) throw new Error('the relay actor is gone');
    const scratch = (record.instance as { scratch: { n: number; tags: Set<string> } }).scratch;
    expect(scratch.n).toBe(1);
    expect([...scratch.tags]).toEqual(['one']);
    expect(sys.trace()).toContain('ROLLBACK');
  });

  it('a successful two-segment handler keeps both', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [0]);
    const relay = await sys.deploy(Relay);
    expect(await relay.twoStep(counter.address, false)).toBe(11);
    await sys.runUntilIdle();
    expect(await counter.value()).toBe(1101);
    expect(sys.events(relay).map((e) => e.payload)).toEqual([1, 2]);
  });

  it('a synchronous throw rolls back and the caller gets the message', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [3]);
    const err = await rejection(counter.sub(5));
    expect(err).toMatchObject({ code: 'HANDLER_FAILED', reason: 'underflow', route: 'Counter.Sub', actor: counter.address });
    expect(await counter.value()).toBe(3);
    expect(sys.events(counter)).toEqual([]);
  });
});

describe('order', () => {
  it('keeps per-pair FIFO over thousands of messages (user -> actor and actor -> actor)', async () => {
    const sys = createTestSystem({ messagesPerBlock: 500 });
    const a = await sys.deploy(Relay);
    const b = await sys.deploy(Relay);
    for (let i = 0; i < 3000; i++) a.send.mark(String(i));
    await sys.runUntilIdle();
    expect(await a.entries()).toEqual(Array.from({ length: 3000 }, (_, i) => String(i)));
    await a.spray(b.address, 3000);
    await sys.runUntilIdle();
    expect(await b.entries()).toEqual(Array.from({ length: 3000 }, (_, i) => String(i)));
    expect(sys.blockHeight).toBeGreaterThan(5);
  });
});

describe('time', () => {
  it('times out a call after the timeout in blocks', async () => {
    const sys = createTestSystem();
    const relay = await sys.deploy(Relay);
    const sleeper = await sys.deploy(Relay);
    const start = sys.blockHeight;
    const nap = sleeper.nap(50);
    const err = await rejection(
      relay
        .with({ timeout: 5 })
        .nap(1)
        .then(() => sleeper.with({ timeout: 10 }).nap(30)),
    );
    expect(err.code).toBe('TIMEOUT');
    expect(sys.blockHeight - start).toBeGreaterThanOrEqual(10);
    expect(await nap).toBe(start + 50);
  });

  it('names the constructor of a deploy that times out, as it names the function of a call', async () => {
    // One message per block behind a queue of sends: the constructor runs only after the deploy's timeout.
    const sys = createTestSystem({ messagesPerBlock: 1 });
    const counter = await sys.deploy(Counter, 'new', [0]);
    for (let i = 0; i < 6; i++) counter.send.add(1);
    const err = await rejection(sys.deploy(Counter, 'new', [1], { timeout: 2 }));
    expect(err).toMatchObject({ code: 'TIMEOUT', route: 'Counter.New', reason: 'no reply within 2 blocks' });
    const late = await rejection(
      counter
        .with({ timeout: 1 })
        .add(1)
        .then(() => counter.with({ timeout: 1 }).add(1)),
    );
    expect(late).toMatchObject({ code: 'TIMEOUT', route: 'Counter.Add', reason: 'no reply within 1 block' });
  });

  it('a handler sees TIMEOUT when its callee does not reply in time', async () => {
    const sys = createTestSystem();
    const relay = await sys.deploy(Relay);
    const alice = sys.user('alice');
    expect(await relay.callWithTimeout(alice.id, 3)).toBe('TIMEOUT');
    expect(await relay.callWithTimeout((await sys.deploy(Counter, 'new', [1])).address, 3)).toBe('replied');
  });

  it('the trace shows a TIMEOUT as made by the system, not as a reply the callee sent', async () => {
    const sys = createTestSystem();
    const relay = await sys.deploy(Relay);
    const sleeper = await sys.deploy(Relay);
    const alice = sys.user('alice');
    // An actor's call to a user (who never replies), and a user's call to a handler that sleeps past the deadline.
    expect(await relay.callWithTimeout(alice.id, 3)).toBe('TIMEOUT');
    await expect(sleeper.with({ timeout: 2 }).nap(30)).rejects.toMatchObject({ code: 'TIMEOUT' });
    const timeouts = sys.traceEntries().filter((e) => e.type === 'timeout');
    expect(timeouts.map((e) => [e.from, e.to, e.code, e.route])).toEqual([
      [SYSTEM_SENDER, 'Relay', 'TIMEOUT', undefined],
      [SYSTEM_SENDER, 'deployer', 'TIMEOUT', 'Relay.Nap'],
    ]);
    const lines = sys.trace().split('\n');
    expect(lines.filter((l) => l.includes(' error TIMEOUT'))).toEqual([
      expect.stringMatching(/^\[b3 \S+\] \(system\) -> Relay error TIMEOUT: no reply within 3 blocks$/),
      expect.stringMatching(/^\[b\d+ \S+\] \(system\) -> deployer error TIMEOUT \(Relay\.Nap\): no reply within 2 blocks$/),
    ]);
    expect(sys.trace()).not.toMatch(/alice -> Relay error|Relay#2 -> deployer error/);
    // The callee's own (late) reply is still its own, and dropped: both under the id of the call they answer.
    await sys.runUntilIdle();
    expect(sys.trace()).toMatch(/Relay#2 -> deployer reply \d+/);
    const napCall = timeouts[1]?.messageId;
    const late = sys.traceEntries().filter((e) => e.messageId === napCall && e.type !== 'message');
    expect(late.map((e) => [e.type, e.from])).toEqual([
      ['timeout', SYSTEM_SENDER],
      ['reply', 'Relay#2'],
      ['dropped', 'Relay#2'],
    ]);
  });

  it('delivers delayed messages at their block', async () => {
    const sys = createTestSystem();
    const relay = await sys.deploy(Relay);
    relay.with({ delay: 5 }).send.mark('late');
    relay.send.mark('now');
    await sys.runBlocks(4);
    expect(await relay.entries()).toEqual(['now']);
    await sys.runBlocks(1);
    expect(await relay.entries()).toEqual(['now', 'late']);
  });

  it('sleep resumes after the given blocks; the clock follows the blocks', async () => {
    const sys = createTestSystem({ blockTimeMs: 1000 });
    const relay = await sys.deploy(Relay);
    const h0 = sys.blockHeight;
    expect(await relay.nap(7)).toBe(h0 + 7);
    expect(sys.blockTimestamp).toBe((h0 + 7) * 1000);
    await sys.advanceTime(3000);
    expect(sys.blockHeight).toBe(h0 + 10);
  });

  it('runUntilIdle is bounded', async () => {
    const sys = createTestSystem();
    const relay = await sys.deploy(Relay);
    relay.send.nap(500);
    await expect(sys.runUntilIdle({ maxBlocks: 100 })).rejects.toMatchObject({ code: 'RUNTIME_RUN_LIMIT' });
    await sys.runUntilIdle();
  });
});

describe('spawn', () => {
  it('an actor deploys another from a CodeId with init arguments', async () => {
    const sys = createTestSystem();
    const code = sys.registerCode(Counter);
    const relay = await sys.deploy(Relay);
    const address = (await relay.spawnCounter(code, 41)) as ActorId;
    const counter = CounterClient.at(sys.defaultUser, address);
    expect(await counter.add(1)).toBe(42);
    const unknown = await rejection(relay.spawnCounter(`0x${'ab'.repeat(32)}`, 1));
    expect(unknown.code).toBe('HANDLER_FAILED');
    expect(unknown.reason).toContain('SPAWN_FAILED');
  });

  it('CodeId is deterministic', () => {
    expect(createTestSystem().registerCode(Counter)).toBe(createTestSystem({ seed: 'other' }).registerCode(Counter));
    expect(CounterGenerated.name).toBe('Counter');
  });
});

describe('queries', () => {
  it('a query that writes state is QUERY_MUTATED and changes nothing', async () => {
    const sys = createTestSystem();
    const relay = await sys.deploy(Relay);
    await relay.mark('a');
    const err = await rejection(relay.sneaky());
    expect(err.code).toBe('QUERY_MUTATED');
    // Said once, without the journal's own refusal repeated after it.
    expect(err.reason).toBe('Relay.sneaky is a query but tried to change state or send');
    expect(await relay.entries()).toEqual(['a']);
  });

  it('a command sent as a query that writes is QUERY_MUTATED', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [1]);
    const add = CounterGenerated.services[0]?.functions.find((f) => f.method === 'add');
    const err = await rejection(sys.defaultUser.query(counter.address, add?.encodeCall([1]) ?? new Uint8Array()));
    expect(err.code).toBe('QUERY_MUTATED');
    expect(await counter.value()).toBe(1);
  });
});

describe('determinism guard', () => {
  it('awaiting a foreign promise fails with NONDETERMINISTIC_AWAIT naming the handler', async () => {
    const sys = createTestSystem();
    const relay = await sys.deploy(Relay);
    const err = await rejection(relay.foreignAwait());
    expect(err.code).toBe('NONDETERMINISTIC_AWAIT');
    expect(err.reason).toContain('Relay.foreignAwait');
    releaseForeignGates();
    await new Promise((r) => setImmediate(r));
    // the late continuation could not write
    expect(await relay.entries()).toEqual([]);
  });
});

describe('bad input never hurts others', () => {
  async function setup() {
    const sys = createTestSystem({ maxPayloadBytes: 64 });
    const alice = sys.user('alice', { balance: 1000n });
    const counter = await sys.deploy(Counter, 'new', [7]);
    const relay = await sys.deploy(Relay);
    await relay.with({ value: 10n }).deposit();
    const before = { supply: sys.totalSupply(), alice: alice.balance(), relay: sys.balance(relay) };
    const check = async () => {
      expect(await counter.value()).toBe(7);
      expect(sys.totalSupply()).toBe(before.supply);
      expect(alice.balance()).toBe(before.alice);
      expect(sys.balance(relay)).toBe(before.relay);
    };
    return { sys, alice, counter, relay, check };
  }

  it('malformed payload → DECODE_FAILED', async () => {
    const { alice, counter, check } = await setup();
    const good = CounterGenerated.services[0]?.functions[0]?.encodeCall([1]) as Uint8Array;
    expect((await rejection(alice.call(counter.address, good.slice(0, good.length - 1), { value: 5n }))).code).toBe('DECODE_FAILED');
    expect((await rejection(alice.call(counter.address, new Uint8Array([1, 2, 3])))).code).toBe('DECODE_FAILED');
    expect((await rejection(alice.call(counter.address, new Uint8Array([...good, 0])))).code).toBe('DECODE_FAILED');
    await check();
  });

  it('unknown route → UNKNOWN_ROUTE', async () => {
    const { alice, counter, check } = await setup();
    const good = CounterGenerated.services[0]?.functions[0]?.encodeCall([1]) as Uint8Array;
    const badEntry = good.slice();
    badEntry[12] = 9;
    expect((await rejection(alice.call(counter.address, badEntry))).code).toBe('UNKNOWN_ROUTE');
    const badIface = good.slice();
    badIface[4] = 0;
    expect((await rejection(alice.call(counter.address, badIface))).code).toBe('UNKNOWN_ROUTE');
    await check();
  });

  it('unknown actor → ACTOR_NOT_FOUND, value refunded', async () => {
    const { alice, check } = await setup();
    const client = CounterClient.at(alice, `0x${'42'.repeat(32)}`);
    expect((await rejection(client.add(1, { value: 3n }))).code).toBe('ACTOR_NOT_FOUND');
    await check();
  });

  it('ACTOR_NOT_FOUND says when the address is a user name or malformed', async () => {
    const { sys, alice, check } = await setup();
    const bob = sys.user('bob');
    const asName = await rejection(CounterClient.at(alice, 'bob' as never).add(1));
    expect(asName).toMatchObject({ code: 'ACTOR_NOT_FOUND' });
    expect(asName.message).toContain(`bob is a user's name, not an address: use sys.user('bob').id, ${bob.id}`);
    const upper = await rejection(CounterClient.at(alice, `0x${'AB'.repeat(32)}`).add(1));
    expect(upper.message).toContain('not an address: an ActorId is 0x and 64 lowercase hex digits');
    const wellFormed = await rejection(CounterClient.at(alice, `0x${'42'.repeat(32)}`).add(1));
    expect(wellFormed.message).not.toContain('not an address');
    await check();
  });

  it('out-of-range values fail at the caller', async () => {
    const { counter, check } = await setup();
    await expect(counter.add(-1)).rejects.toThrow(/u32/);
    await check();
  });

  it('oversized payload → PAYLOAD_TOO_LARGE', async () => {
    const { alice, relay, check } = await setup();
    expect((await rejection(relay.connect(alice).mark('x'.repeat(100)))).code).toBe('PAYLOAD_TOO_LARGE');
    await check();
  });

  it('value to a non-payable handler → VALUE_REJECTED, refunded', async () => {
    const { sys, alice, counter, check } = await setup();
    expect((await rejection(counter.connect(alice).with({ value: 5n }).add(1))).code).toBe('VALUE_REJECTED');
    await check();
    // The trace shows the refused message as any other: its route and arguments, not its size.
    const lines = sys.trace().split('\n');
    expect(lines.filter((l) => l.includes('value=5'))).toEqual([expect.stringMatching(/ alice -> Counter Counter\.Add\[1\] value=5$/)]);
  });

  it('messages to a failed actor → INIT_FAILED', async () => {
    const { sys, alice, check } = await setup();
    const err = await rejection(sys.deploy(Token, 'new', [1, 0n], { from: alice, value: 7n }));
    expect(err.code).toBe('INIT_FAILED');
    expect(err.reason).toContain('positive balance');
    // The constructor's route is its IDL name, as the trace shows the init message, not the method's name.
    expect(err.route).toBe('Token.New');
    expect(err.message).toMatch(/^INIT_FAILED: Token\.New on /);
    expect(sys.trace()).toMatch(/ Token ROLLBACK Token\.New: INIT_FAILED /);
    const token = sys.at(Token, err.actor as ActorId, alice);
    expect((await rejection(token.balanceOf(holderId(0)))).code).toBe('INIT_FAILED');
    await check();
  });
});

describe('value', () => {
  it('moves value on commit and refunds when the first segment fails', async () => {
    const sys = createTestSystem();
    const alice = sys.user('alice', { balance: 100n });
    const bob = sys.user('bob');
    const relay = (await sys.deploy(Relay)).connect(alice);
    expect(await relay.with({ value: 40n }).deposit()).toBe(40n);
    expect(alice.balance()).toBe(60n);
    await relay.pay(bob.id, 15n);
    expect(bob.balance()).toBe(15n);
    expect(sys.balance(relay)).toBe(25n);
    await expect(relay.payThenFail(bob.id, 5n)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    expect(sys.balance(relay)).toBe(25n);
    expect(bob.balance()).toBe(15n);
    const short = await rejection(relay.pay(bob.id, 1000n));
    expect(short.code).toBe('HANDLER_FAILED');
    expect(short.message).toContain('VALUE_REJECTED: Relay has 25 available and cannot send 1000 to bob');
    const poor = await rejection(relay.with({ value: 1000n }).deposit());
    // The sender is named first and the callee last, so the callee does not read as the one short of value.
    expect(poor.message).toBe('VALUE_REJECTED: alice has 60 and cannot send 1000 to Relay');
    expect([poor.code, poor.sender, poor.label]).toEqual(['VALUE_REJECTED', 'alice', 'Relay']);
    expect(alice.balance()).toBe(60n);
  });
});

describe('tokens', () => {
  it('transfers between holders', async () => {
    const sys = createTestSystem();
    const token = await sys.deploy(Token, 'new', [10, 100n]);
    expect(await token.transfer(holderId(1), holderId(2), 30n)).toBe(true);
    expect(await token.balanceOf(holderId(2))).toBe(130n);
    await expect(token.transfer(holderId(1), holderId(2), 1000n)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    expect(await token.balanceOf(holderId(1))).toBe(70n);
  });
});
