import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holderId, Relay, Token } from '../__fixtures__/actors.js';
import { Counter, CounterGenerated } from '../__fixtures__/counter.js';
import { gearReplyCode } from '../reply-code.js';
import { createTestSystem, mockContext, unitActor } from './index.js';

async function scenario(seed: string) {
  const sys = createTestSystem({ seed });
  const alice = sys.user('alice', { balance: 50n });
  const counter = await sys.deploy(Counter, 'new', [1]);
  const relay = await sys.deploy(Relay);
  const ids = [counter.send.add(2), relay.send.slowAdd(counter.address, 3), relay.send.mark('m')];
  await counter.connect(alice).add(4);
  await counter.sub(100).catch(() => undefined);
  relay.with({ delay: 3 }).send.nap(2);
  await sys.runUntilIdle();
  return { sys, ids, trace: sys.trace(), value: await counter.value() };
}

describe('determinism', () => {
  it('two runs with one seed produce identical traces and ids', async () => {
    const a = await scenario('s1');
    const b = await scenario('s1');
    expect(a.trace).toBe(b.trace);
    expect(a.ids).toEqual(b.ids);
    expect(a.trace).toContain('ROLLBACK');
    expect(a.trace).toContain('Counter.Add[2]');
  });

  it('a different seed gives different ids and the same results', async () => {
    const a = await scenario('s1');
    const b = await scenario('s2');
    expect(a.ids[0]).not.toBe(b.ids[0]);
    expect(a.value).toBe(b.value);
  });
});

describe('snapshot / restore', () => {
  it('restores actor state, balances, queue, clock and ids', async () => {
    const sys = createTestSystem();
    const alice = sys.user('alice', { balance: 100n });
    const counter = await sys.deploy(Counter, 'new', [1]);
    const relay = await sys.deploy(Relay);
    await relay.connect(alice).with({ value: 10n }).deposit();
    counter.send.add(5);
    const snap = sys.snapshot();
    const height = sys.blockHeight;
    const nextId = () => counter.send.add(0);
    await sys.runUntilIdle();
    await counter.add(100);
    await relay.mark('after');
    await sys.runBlocks(5);
    const firstId = nextId();
    await sys.runUntilIdle();
    sys.restore(snap);
    expect(sys.blockHeight).toBe(height);
    expect(alice.balance()).toBe(90n);
    expect(await relay.entries()).toEqual([]);
    expect(await counter.value()).toBe(6); // the queued add(5) was restored
    sys.restore(snap);
    await sys.runUntilIdle();
    await counter.add(100);
    await relay.mark('after');
    await sys.runBlocks(5);
    expect(nextId()).toBe(firstId);
  });

  it('refuses while calls are in flight', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [1]);
    const p = counter.add(1);
    expect(() => sys.snapshot()).toThrow(/quiet/);
    await p;
  });

  it('refuses anything but a snapshot it made, and leaves the system as it was', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [1]);
    const snap = sys.snapshot();
    for (const bad of [{}, null, undefined, { ...snap }, structuredClone({ blockHeight: snap.blockHeight })]) {
      expect(() => sys.restore(bad as never)).toThrow(
        expect.objectContaining({
          code: 'RUNTIME_BAD_SNAPSHOT',
          message: expect.stringMatching(/^restore\(\) takes a snapshot that sys\.snapshot\(\) returned/),
        }),
      );
    }
    expect(() => sys.restore({ image: 1 } as never)).toThrow(/not an object with keys image$/);
    // Nothing was cleared: the actor still runs.
    expect(await counter.add(2)).toBe(3);
    sys.restore(snap);
    expect(await counter.value()).toBe(1);
  });

  it("refuses another system's snapshot, and leaves the system as it was", async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [1]);
    const other = createTestSystem({ seed: 'another' });
    await other.deploy(Counter, 'new', [7]);
    expect(() => sys.restore(other.snapshot())).toThrow(
      expect.objectContaining({ code: 'RUNTIME_BAD_SNAPSHOT', message: expect.stringContaining('taken of another system') }),
    );
    expect(await counter.add(2)).toBe(3);
  });
});

describe('options and virtual time', () => {
  it('refuses a clock or seed it cannot use, saying which option and what it got', async () => {
    const bad = (options: object, message: string) =>
      expect(() => createTestSystem(options as never)).toThrow(expect.objectContaining({ code: 'RUNTIME_BAD_OPTION', message }));
    bad({ blockTimeMs: -1 }, 'blockTimeMs must be a whole number ≥ 1, got -1');
    bad({ blockTimeMs: 0 }, 'blockTimeMs must be a whole number ≥ 1, got 0');
    bad({ blockTimeMs: Number.NaN }, 'blockTimeMs must be a whole number ≥ 1, got NaN');
    bad({ genesisTimestamp: -5 }, 'genesisTimestamp must be a whole number ≥ 0, got -5');
    bad({ maxIdleBlocks: 1.5 }, 'maxIdleBlocks must be a whole number of blocks ≥ 0, got 1.5');
    bad({ seed: {} }, 'seed must be a string or a finite number, got object');
    bad({ seed: Number.POSITIVE_INFINITY }, 'seed must be a string or a finite number, got Infinity');
    bad({ defaultUser: '' }, 'defaultUser must be a non-blank string (it names the sender in the trace), got ""');
    bad({ defaultUser: ' \t' }, 'defaultUser must be a non-blank string (it names the sender in the trace), got " \\t"');
    const sys = createTestSystem({ seed: 3, blockTimeMs: 1000, genesisTimestamp: 500 });
    for (const name of ['', '   '])
      expect(() => sys.user(name)).toThrow(
        expect.objectContaining({
          code: 'RUNTIME_BAD_OPTION',
          message: `user name must be a non-blank string (it names the sender in the trace), got ${JSON.stringify(name)}`,
        }),
      );
    await expect(sys.advanceTime(-5)).rejects.toThrow(
      expect.objectContaining({ code: 'RUNTIME_BAD_OPTION', message: 'advanceTime takes virtual milliseconds ≥ 0, got -5' }),
    );
    await expect(sys.advanceTime(Number.NaN)).rejects.toThrow(/^advanceTime takes virtual milliseconds ≥ 0, got NaN$/);
    expect(sys.blockHeight).toBe(0);
    await sys.advanceTime(1500);
    expect([sys.blockHeight, sys.blockTimestamp]).toEqual([2, 2500]);
  });
});

describe('deploy in plain JS', () => {
  it('refuses deploy options where the constructor and its arguments go, showing the right call', async () => {
    const sys = createTestSystem();
    const deploy = sys.deploy.bind(sys) as (...args: unknown[]) => Promise<unknown>;
    await expect(deploy(Counter, { gasLimit: 5 })).rejects.toMatchObject({
      code: 'RUNTIME_BAD_OPTION',
      message:
        'deploy: the options { gasLimit: 5 } go after the constructor name and its arguments: sys.deploy(Counter, "new", [], { gasLimit: 5 })',
    });
    await expect(deploy(Counter, 'new', { value: 10n, salt: new Uint8Array(1) })).rejects.toMatchObject({
      code: 'RUNTIME_BAD_OPTION',
      message:
        'deploy: the options { value: 10n, salt: … } go after the constructor name and its arguments: sys.deploy(Counter, "new", [], { value: 10n, salt: … })',
    });
    await expect(deploy(Counter, [1], { gasLimit: 5 })).rejects.toMatchObject({
      code: 'RUNTIME_BAD_OPTION',
      message:
        'deploy: the options { gasLimit: 5 } go after the constructor name and its arguments: sys.deploy(Counter, "new", [...], { gasLimit: 5 })',
    });
    await expect(deploy(Counter, 'new', 7)).rejects.toMatchObject({
      code: 'RUNTIME_BAD_OPTION',
      message: "deploy: the constructor's arguments are an array, got number",
    });
    // The typed forms still deploy.
    const counter = await sys.deploy(Counter, 'new', [1], { gasLimit: 50_000_000 });
    expect(await counter.value()).toBe(1);
  });
});

describe('reply and expectReply', () => {
  it('say when an id is not one of the system, or its message gets no reply, instead of asking to run the system', async () => {
    const sys = createTestSystem();
    const counter = await sys.deploy(Counter, 'new', [1]);
    const other = createTestSystem({ seed: 'other' });
    const foreign = (await other.deploy(Counter, 'new', [1])).send.add(1);
    for (const id of [foreign, '0x1234', `0x${'ab'.repeat(32)}`]) {
      await expect(sys.reply(id as never)).rejects.toMatchObject({
        code: 'RUNTIME_NO_REPLY_YET',
        message: `reply(${id}): no message of this system has that id (another system's, or not a MessageId): pass the MessageId a client's send returned`,
      });
      expect(() => sys.expectReply(id as never)).toThrow(/^expectReply\(0x[0-9a-f]+\): no message of this system has that id/);
    }
    // A message to a user: delivered to its mailbox, never replied to.
    const toUser = sys.send(sys.user('bob').id, new Uint8Array([1]));
    await expect(sys.reply(toUser)).rejects.toThrow(/^message 0x[0-9a-f]{64} has no reply even after the system ran until idle/);
    // A queued message of this system keeps the hint to run it; its reply then reads as before.
    const queued = counter.send.add(2);
    expect(() => sys.expectReply(queued)).toThrow(/has no reply yet: a sent message waits in the queue/);
    expect(await sys.reply(queued)).toEqual({ ok: 3 });
  });
});

describe('value conservation', () => {
  it('random transfers, deposits and failing calls never change the total supply', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 4 }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 2 }),
            fc.bigInt({ min: 0n, max: 80n }),
          ),
          {
            maxLength: 25,
          },
        ),
        async (steps) => {
          const sys = createTestSystem();
          const users = ['a', 'b', 'c'].map((n) => sys.user(n, { balance: 100n }));
          const relays = [await sys.deploy(Relay), await sys.deploy(Relay), await sys.deploy(Relay)];
          const total = sys.totalSupply();
          for (const [op, i, j, amount] of steps) {
            const user = users[i] ?? users[0];
            const relay = (relays[j] ?? relays[0])?.connect(user as (typeof users)[number]);
            const other = users[(i + 1) % 3]?.id ?? '0x';
            if (relay === undefined) continue;
            const tries: Promise<unknown>[] = [];
            if (op === 0) tries.push(relay.with({ value: amount }).deposit());
            if (op === 1) tries.push(relay.pay(other as `0x${string}`, amount));
            if (op === 2) tries.push(relay.payThenFail(other as `0x${string}`, amount));
            if (op === 3) tries.push(relay.with({ value: amount }).mark('x'));
            if (op === 4) {
              try {
                relay.with({ value: amount }).send.deposit();
              } catch {}
            }
            await Promise.allSettled(tries);
            expect(sys.totalSupply()).toBe(total);
          }
          await sys.runUntilIdle();
          expect(sys.system.valueInFlight).toBe(0n);
          const sum = [...users.map((u) => u.balance()), ...relays.map((r) => sys.balance(r)), sys.defaultUser.balance()].reduce(
            (x, y) => x + y,
            0n,
          );
          expect(sum).toBe(total);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('unit tests without a system', () => {
  it('runs a handler with a mocked context and records events', () => {
    const { actor, events, ctx } = unitActor(new Counter(), { blockHeight: 7 });
    actor.new(2);
    expect(actor.add(3)).toBe(5);
    expect(events).toEqual([{ name: 'Added', payload: 3 }]);
    expect(ctx.blockHeight).toBe(7);
  });

  it('answers outgoing calls with mocks and records them', async () => {
    const peer = `0x${'77'.repeat(32)}` as const;
    const ctx = mockContext({ value: 0n }).mock(peer, CounterGenerated, { add: (v: number) => v * 2 });
    const { actor, sent } = unitActor(new Relay(), ctx);
    expect(await actor.slowAdd(peer, 21)).toBe(42);
    expect(sent[0]).toMatchObject({ kind: 'call', target: peer, route: 'Counter.Add', args: [21] });
    expect(actor.log).toEqual(['start 21', 'end 21']);
  });

  it('gives back the value of a mocked call whose handler throws, as the system does', async () => {
    const peer = `0x${'77'.repeat(32)}` as const;
    const ctx = mockContext({ balance: 100n }).mock(peer, CounterGenerated, {
      add: (v: number) => {
        if (v === 0) throw new Error('refused');
        return v;
      },
    });
    const add = CounterGenerated.services[0]?.functions.find((f) => f.name === 'Add');
    if (add === undefined) throw new Error('Counter.Add');
    await expect(ctx.call(peer, add.encodeCall([0]), { value: 30n })).rejects.toMatchObject({ code: 'HANDLER_FAILED', reason: 'refused' });
    expect(ctx.balance()).toBe(100n);
    await ctx.call(peer, add.encodeCall([1]), { value: 30n });
    expect(ctx.balance()).toBe(70n);
  });
});

describe('token', () => {
  it('keeps working with many holders', async () => {
    const sys = createTestSystem();
    const token = await sys.deploy(Token, 'new', [1000, 5n]);
    await token.transfer(holderId(999), holderId(0), 5n);
    expect(await token.balanceOf(holderId(0))).toBe(10n);
  });
});

describe('reply codes', () => {
  it('maps error reasons to Gear ReplyCode bytes', () => {
    expect(gearReplyCode('HANDLER_FAILED')?.bytes).toEqual([1, 0, 3, 0]);
    expect(gearReplyCode('ACTOR_NOT_FOUND')?.bytes).toEqual([1, 2, 3, 0]);
    expect(gearReplyCode('INIT_FAILED')?.bytes).toEqual([1, 2, 1, 0]);
    expect(gearReplyCode('TIMEOUT')?.bytes).toEqual([1, 3, 0, 0]);
    expect(gearReplyCode('PAYLOAD_TOO_LARGE')).toBeUndefined();
  });
});

describe('ClientOf per-call options', () => {
  it('take value and timeout after the arguments, like a generated client', async () => {
    const sys = createTestSystem({ seed: 11 });
    const counter = await sys.deploy(Counter, 'new', [1]);
    const relay = await sys.deploy(Relay);
    const alice = sys.user('alice', { balance: 1_000n });
    const paying = relay.connect(alice);
    expect(await paying.deposit({ value: 250n })).toBe(250n);
    expect(sys.balance(alice)).toBe(750n);
    expect(sys.balance(relay)).toBe(250n);
    // Value on a non-payable handler is refused and refunded.
    await expect(paying.pay(counter.address, 1n, { value: 5n })).rejects.toMatchObject({ code: 'VALUE_REJECTED' });
    expect(sys.balance(alice)).toBe(750n);
    // Fire-and-forget with value: the id comes back, the value arrives when the system runs.
    const id = relay.connect(alice).send.deposit({ value: 50n });
    expect(id).toMatch(/^0x[0-9a-f]{64}$/);
    await sys.runUntilIdle();
    expect(sys.balance(relay)).toBe(300n);
  });
});
