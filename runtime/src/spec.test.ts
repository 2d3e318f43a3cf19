// The guarantees of the runtime issue, each checked through the public test kit as a user would:
// actors declared in this file (the vitest plugin injects their generated code), deployed with
// `sys.deploy`, driven with typed clients, users, blocks, mailbox, events, trace and snapshots.
import {
  Actor,
  type ActorId,
  actor,
  type CallError,
  type CodeId,
  findGenerated,
  type GeneratedActor,
  handler,
  init,
  isCallError,
  query,
  type u32,
  type u128,
} from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { foreignGates, releaseForeignGates } from './__fixtures__/actors.js';
import { gearReplyCode } from './reply-code.js';
import { traceOf } from './story.js';
import { type ClientOf, clientFor, createTestSystem, type TestSystem, unitActor } from './testing/index.js';

function definition(name: string): GeneratedActor {
  const def = findGenerated(name);
  if (def === undefined) throw new TypeError(`${name} has no generated code`);
  return def;
}

function storeAt(ctx: Parameters<typeof clientFor>[1], address: ActorId): ClientOf<SpecStore> {
  return clientFor<SpecStore>(definition('SpecStore'), ctx, address);
}

function logAt(ctx: Parameters<typeof clientFor>[1], address: ActorId): ClientOf<SpecLog> {
  return clientFor<SpecLog>(definition('SpecLog'), ctx, address);
}

async function rejection(p: Promise<unknown>): Promise<CallError> {
  try {
    await p;
  } catch (error) {
    if (isCallError(error)) return error;
    throw error;
  }
  throw new TypeError('expected a rejection');
}

interface StoreEvents {
  Put: u32;
  Note: string;
}

/** State in a number, a Map and an array; an @init that can fail. */
@actor()
class SpecStore extends Actor<StoreEvents> {
  n: u32 = 0;
  items = new Map<string, u32>();
  notes: string[] = [];

  @init()
  create(start: u32): void {
    if (start > 100) throw new RangeError(`start ${start} is too big`);
    this.n = start;
  }

  put(key: string, v: u32): u32 {
    this.items.set(key, v);
    this.n += v;
    this.emit('Put', v);
    return this.n;
  }

  fail(v: u32): void {
    this.n += v;
    this.items.set('failed', v);
    this.notes.push('failed');
    this.emit('Put', v);
    throw new Error(`boom ${v}`);
  }

  @handler({ payable: true })
  fund(): u128 {
    return this.ctx.balance();
  }

  /** Tells a user something, with value. */
  notify(user: ActorId, amount: u128, text: string): void {
    const fn = definition('SpecStore').services[0]?.functions.find((f) => f.method === 'put');
    if (fn === undefined) throw new TypeError('put is not generated');
    this.ctx.send(user, fn.encodeCall([text, 1]), { value: amount });
  }

  async snooze(blocks: u32): Promise<u32> {
    await this.ctx.sleep(blocks);
    return this.ctx.blockHeight;
  }

  @query()
  get(): u32 {
    return this.n;
  }

  @query()
  keys(): string[] {
    return [...this.items.keys()];
  }

  @query()
  sneakyMap(): u32 {
    this.items.set('query', 1);
    return this.n;
  }

  @query()
  sneakyCaught(): u32 {
    try {
      this.n += 1;
    } catch {
      // swallowing the refusal must not turn the mutation into a success
    }
    return this.n;
  }

  @query()
  sneakyEmit(): u32 {
    this.emit('Note', 'from a query');
    return this.n;
  }

  @query()
  sneakySend(to: ActorId): u32 {
    logAt(this.ctx, to).send.add('from a query');
    return this.n;
  }
}

/** Appends what it is told; used to observe order. */
@actor()
class SpecLog extends Actor {
  lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
  }

  @query()
  all(): string[] {
    return this.lines;
  }
}

/** Spawns stores from a CodeId with init arguments. */
@actor()
class SpecSpawner extends Actor {
  children: ActorId[] = [];

  @handler({ payable: true })
  async make(code: CodeId, start: u32, endow: u128): Promise<ActorId> {
    const ctor = definition('SpecStore').constructors.find((c) => c.method === 'create');
    if (ctor === undefined) throw new TypeError('create is not generated');
    const address = await this.ctx.deploy(code, ctor.encodeCall([start]), { value: endow });
    this.children.push(address);
    return address;
  }

  async tryMake(code: CodeId, start: u32): Promise<string> {
    try {
      await this.make(code, start, 0n);
      return 'ok';
    } catch (error) {
      return isCallError(error) ? error.code : 'other';
    }
  }

  /** Two deploys with one salt in one segment: the second is refused. */
  async twins(code: CodeId, salt: u32): Promise<string[]> {
    const ctor = definition('SpecStore').constructors.find((c) => c.method === 'create');
    if (ctor === undefined) throw new TypeError('create is not generated');
    const bytes = new Uint8Array([salt & 0xff, salt >> 8]);
    const settled = await Promise.allSettled([
      this.ctx.deploy(code, ctor.encodeCall([1]), { salt: bytes }),
      this.ctx.deploy(code, ctor.encodeCall([2]), { salt: bytes }),
    ]);
    const later = await this.ctx.deploy(code, ctor.encodeCall([3]), { salt: bytes }).then(
      (a) => a,
      (e: unknown) => (isCallError(e) ? e.code : 'other'),
    );
    return [...settled.map((r) => (r.status === 'fulfilled' ? r.value : isCallError(r.reason) ? r.reason.code : 'other')), later];
  }

  @query()
  all(): ActorId[] {
    return this.children;
  }
}

/** Multi-segment handlers around awaits. */
@actor()
class SpecSteps extends Actor<{ Step: u32 }> {
  steps: u32[] = [];

  /** Segment 1 records, emits and sends; the await commits it; segment 2 does the same then fails if asked. */
  @handler({ payable: true })
  async twoSteps(log: ActorId, fail: boolean): Promise<u32> {
    this.steps.push(1);
    this.emit('Step', 1);
    logAt(this.ctx, log).send.add('segment 1');
    await this.ctx.sleep(2);
    this.steps.push(2);
    this.emit('Step', 2);
    logAt(this.ctx, log).send.add('segment 2');
    if (fail) throw new Error('segment 2 failed');
    return this.steps.length;
  }

  /** Pays in the first segment, then fails in the second. */
  async payThenFailLater(to: ActorId, amount: u128): Promise<void> {
    this.ctx.transfer(to, amount);
    await this.ctx.sleep(1);
    throw new Error('late failure');
  }

  /** Sends value with a message, then fails in the same segment: nothing leaves. */
  sendValueThenFail(to: ActorId, amount: u128): void {
    logAt(this.ctx, to).send.add('never', { value: amount });
    throw new Error('failed after sending');
  }

  /** Calls a store and reports how the call ended. */
  async ask(store: ActorId, timeout: u32): Promise<string> {
    try {
      await storeAt(this.ctx, store).snooze(20, { timeout });
      return 'replied';
    } catch (error) {
      return isCallError(error) ? error.code : 'other';
    }
  }

  @query()
  all(): u32[] {
    return this.steps;
  }
}

/** Exclusive turns: nothing else runs while a handler is suspended. */
@actor({ exclusive: true })
class SpecExclusive extends Actor {
  lines: string[] = [];

  async slow(tag: string, blocks: u32): Promise<void> {
    this.lines.push(`start ${tag}`);
    await this.ctx.sleep(blocks);
    this.lines.push(`end ${tag}`);
  }

  add(line: string): void {
    this.lines.push(line);
  }

  /** Calls itself: a cycle of one. */
  async selfCall(): Promise<u32> {
    await exclusiveAt(this.ctx, this.ctx.self).add('inner');
    return 1;
  }

  /** Calls `via`, which calls back into this actor. */
  async around(via: ActorId): Promise<string> {
    try {
      await hopAt(this.ctx, via).hop(this.ctx.self);
      return 'done';
    } catch (error) {
      return isCallError(error) ? `${error.code}: ${error.reason}` : 'other';
    }
  }

  /** Sleeps, then calls `peer` (another exclusive actor, maybe in its own turn): the outcome of the call. */
  async laterCall(peer: ActorId, blocks: u32): Promise<string> {
    await this.ctx.sleep(blocks);
    try {
      await exclusiveAt(this.ctx, peer).add('from a peer');
      return 'done';
    } catch (error) {
      return isCallError(error) ? `${error.code}: ${error.reason}` : 'other';
    }
  }

  /** Calls `via` (which sleeps `late` blocks, then calls back) with a `timeout`, then sleeps `blocks` in its turn. */
  async callThenSleep(via: ActorId, late: u32, timeout: u32, blocks: u32): Promise<string> {
    let outcome = 'done';
    try {
      await hopAt(this.ctx, via).hopLater(this.ctx.self, late, { timeout });
    } catch (error) {
      outcome = isCallError(error) ? error.code : 'other';
    }
    await this.ctx.sleep(blocks);
    return `${outcome} at ${this.ctx.blockHeight}`;
  }

  /** Sleeps, then calls `via`, which calls `target`. */
  async laterVia(via: ActorId, target: ActorId, blocks: u32): Promise<string> {
    await this.ctx.sleep(blocks);
    try {
      await hopAt(this.ctx, via).hop(target);
      return 'done';
    } catch (error) {
      return isCallError(error) ? `${error.code}: ${error.reason}` : 'other';
    }
  }

  @query()
  all(): string[] {
    return this.lines;
  }
}

function exclusiveAt(ctx: Parameters<typeof clientFor>[1], address: ActorId): ClientOf<SpecExclusive> {
  return clientFor<SpecExclusive>(definition('SpecExclusive'), ctx, address);
}

function hopAt(ctx: Parameters<typeof clientFor>[1], address: ActorId): ClientOf<SpecHop> {
  return clientFor<SpecHop>(definition('SpecHop'), ctx, address);
}

/** An interleaving actor that forwards a call back to an exclusive one. */
@actor()
class SpecHop extends Actor {
  next: ActorId | undefined = undefined;

  setNext(next: ActorId): void {
    this.next = next;
  }

  async hop(target: ActorId): Promise<void> {
    if (this.next !== undefined) {
      await hopAt(this.ctx, this.next).hop(target);
      return;
    }
    await exclusiveAt(this.ctx, target).add('called back');
  }

  /** Sleeps, then calls `target` back: the outcome of that call. */
  async hopLater(target: ActorId, blocks: u32): Promise<string> {
    await this.ctx.sleep(blocks);
    try {
      await exclusiveAt(this.ctx, target).add('called back late');
      return `done at ${this.ctx.blockHeight}`;
    } catch (error) {
      return isCallError(error) ? `${error.code}: ${error.reason}` : 'other';
    }
  }
}

function payloadOf(name: string, method: string, args: readonly unknown[]): Uint8Array {
  const fn = definition(name).services[0]?.functions.find((f) => f.method === method);
  if (fn === undefined) throw new TypeError(`${name}.${method} is not generated`);
  return fn.encodeCall(args);
}

describe('deploy and init failure', () => {
  it('a failed @init leaves the actor failed: later calls and sends get INIT_FAILED, the value is refunded', async () => {
    const sys = createTestSystem({ seed: 'init' });
    const alice = sys.user('alice', { balance: 500n });
    const supply = sys.totalSupply();
    const err = await rejection(sys.deploy(SpecStore, 'create', [101], { from: alice, value: 50n }));
    expect(err.code).toBe('INIT_FAILED');
    expect(err.reason).toContain('start 101 is too big');
    expect(err.route).toContain('SpecStore');
    expect(alice.balance()).toBe(500n);
    const store = sys.at(SpecStore, err.actor as ActorId, alice);
    expect((await rejection(store.put('a', 1))).code).toBe('INIT_FAILED');
    expect((await rejection(store.get())).code).toBe('INIT_FAILED');
    const id = store.send.put('b', 2);
    const paid = store.send.fund({ value: 7n });
    await sys.runUntilIdle();
    expect(sys.replyOf(id)).toMatchObject({ ok: false, code: 'INIT_FAILED' });
    expect(sys.replyOf(paid)).toMatchObject({ ok: false, code: 'INIT_FAILED' });
    expect(alice.balance()).toBe(500n);
    expect(sys.balance(err.actor as ActorId)).toBe(0n);
    expect(sys.totalSupply()).toBe(supply);
    expect(gearReplyCode('INIT_FAILED')?.name).toBe('Error(UnavailableActor(InitializationFailure))');
    // the system keeps going
    const ok = await sys.deploy(SpecStore, 'create', [3], { from: alice });
    expect(await ok.put('x', 4)).toBe(7);
  });

  it('an actor spawns another by CodeId with init arguments and value; a failing init rejects the spawner', async () => {
    const sys = createTestSystem({ seed: 'spawn' });
    const code = sys.registerCode(SpecStore);
    expect(code).toBe(createTestSystem({ seed: 'other' }).codeId(SpecStore));
    const spawner = await sys.deploy(SpecSpawner);
    const address = await spawner.make(code, 42, 5n, { value: 5n });
    const child = sys.at(SpecStore, address);
    expect(await child.get()).toBe(42);
    expect(sys.balance(address)).toBe(5n);
    expect(sys.balance(spawner)).toBe(0n);
    expect(await spawner.all()).toEqual([address]);
    expect(await spawner.tryMake(code, 200)).toBe('INIT_FAILED');
    expect(await spawner.tryMake(`0x${'ab'.repeat(32)}`, 1)).toBe('SPAWN_FAILED');
    expect(await spawner.all()).toEqual([address]);
    // a second spawn gets another address
    const second = await spawner.make(code, 1, 0n);
    expect(second).not.toBe(address);
    expect(await sys.at(SpecStore, second).get()).toBe(1);
  });
});

describe('spawn with a salt', () => {
  it('one salt gives one actor: a second deploy, in the same segment or later, is SPAWN_FAILED', async () => {
    const sys = createTestSystem();
    const code = sys.registerCode(SpecStore);
    const spawner = await sys.deploy(SpecSpawner);
    const [first, second, later] = await spawner.twins(code, 7);
    expect(first).toMatch(/^0x[0-9a-f]{64}$/);
    expect(second).toBe('SPAWN_FAILED');
    expect(later).toBe('SPAWN_FAILED');
    expect(await sys.at(SpecStore, first as ActorId).get()).toBe(1);
  });
});

describe('exclusive turns', () => {
  it('sleep in an exclusive handler blocks every other message until it finishes; default interleaves', async () => {
    const sys = createTestSystem();
    const ex = await sys.deploy(SpecExclusive);
    ex.send.slow('a', 3);
    ex.send.add('m1');
    ex.send.slow('b', 2);
    ex.send.add('m2');
    await sys.runUntilIdle();
    expect(await ex.all()).toEqual(['start a', 'end a', 'm1', 'start b', 'end b', 'm2']);
  });

  it('a self-call of an exclusive actor fails with CALL_CYCLE naming the cycle; the actor keeps working', async () => {
    const sys = createTestSystem();
    const ex = await sys.deploy(SpecExclusive);
    const err = await rejection(ex.selfCall());
    expect(err.code).toBe('CALL_CYCLE');
    expect(err.reason).toContain('SpecExclusive -> SpecExclusive');
    await ex.add('after');
    expect(await ex.all()).toEqual(['after']);
  });

  it('a cycle through interleaving actors back to an exclusive one names every actor on it', async () => {
    const sys = createTestSystem();
    const ex = await sys.deploy(SpecExclusive);
    const h1 = await sys.deploy(SpecHop);
    const h2 = await sys.deploy(SpecHop);
    await h1.setNext(h2.address);
    const outcome = await ex.around(h1.address);
    expect(outcome).toMatch(/^CALL_CYCLE: /);
    expect(outcome).toContain('SpecExclusive -> SpecHop -> SpecHop#2 -> SpecExclusive');
    // 'called back' never ran; the actor still takes messages
    await ex.add('later');
    expect(await ex.all()).toEqual(['later']);
  });

  it('two exclusive actors in their turns calling each other: the call closing the cycle fails with CALL_CYCLE', async () => {
    const sys = createTestSystem();
    const a = await sys.deploy(SpecExclusive);
    const b = await sys.deploy(SpecExclusive);
    // a wakes first and calls b, whose turn is still sleeping: the call waits behind it. Then b calls a.
    const first = a.laterCall(b.address, 1);
    const second = b.laterCall(a.address, 2);
    expect(await second).toBe(
      'CALL_CYCLE: call cycle SpecExclusive -> SpecExclusive#2 -> SpecExclusive: an exclusive actor would wait for itself forever',
    );
    expect(await first).toBe('done');
    expect(sys.blockHeight).toBe(2); // nobody waited for a timeout
    expect(await b.all()).toEqual(['from a peer']);
    expect(await a.all()).toEqual([]);
  });

  it('a cycle closed through an interleaving actor and a call waiting behind an exclusive turn is CALL_CYCLE', async () => {
    const sys = createTestSystem();
    const a = await sys.deploy(SpecExclusive);
    const b = await sys.deploy(SpecExclusive);
    const hop = await sys.deploy(SpecHop);
    const first = a.laterCall(b.address, 1);
    const second = b.laterVia(hop.address, a.address, 2);
    expect(await second).toContain('call cycle SpecExclusive -> SpecExclusive#2 -> SpecHop -> SpecExclusive');
    expect(await first).toBe('done');
    expect(sys.blockHeight).toBe(2);
  });

  it('a caller that timed out waits for nobody: a call back to its exclusive actor waits for the turn, no CALL_CYCLE', async () => {
    const sys = createTestSystem();
    const ex = await sys.deploy(SpecExclusive);
    const hop = await sys.deploy(SpecHop);
    // ex stops waiting for hop at block 5 (TIMEOUT) and sleeps in its turn until 25; hop calls back at block 10.
    expect(await ex.callThenSleep(hop.address, 10, 5, 20)).toBe('TIMEOUT at 25');
    await sys.runUntilIdle();
    expect(await ex.all()).toEqual(['called back late']);
    expect(sys.trace()).not.toContain('CALL_CYCLE');
  });
});

describe('atomic segments and value', () => {
  it('a failing second segment keeps the first segment: state, sent message, event and value', async () => {
    const sys = createTestSystem();
    const alice = sys.user('alice', { balance: 100n });
    const steps = (await sys.deploy(SpecSteps)).connect(alice);
    const log = await sys.deploy(SpecLog);
    const seen: unknown[] = [];
    steps.on('Step', (v) => seen.push(v));
    const supply = sys.totalSupply();
    const err = await rejection(steps.twoSteps(log.address, true, { value: 30n }));
    expect(err).toMatchObject({ code: 'HANDLER_FAILED', reason: 'segment 2 failed', route: 'SpecSteps.TwoSteps', actor: steps.address });
    await sys.runUntilIdle();
    expect(await steps.all()).toEqual([1]);
    expect(await log.all()).toEqual(['segment 1']);
    expect(sys.events(steps).map((e) => e.payload)).toEqual([1]);
    expect(seen).toEqual([1]);
    // @ts-expect-error: the class declares no such event (checked again at run time)
    expect(() => steps.on('NoSuchEvent', () => undefined)).toThrow(/no event NoSuchEvent/);
    // the first segment committed: the value stays with the actor
    expect(sys.balance(steps)).toBe(30n);
    expect(alice.balance()).toBe(70n);
    expect(sys.totalSupply()).toBe(supply);
    expect(sys.trace()).toContain('ROLLBACK');
  });

  it("traceOf tells one message's story: its segments, what they sent, the events and the failing segment's rollback", async () => {
    const sys = createTestSystem();
    const steps = await sys.deploy(SpecSteps);
    const log = await sys.deploy(SpecLog);
    const id = steps.send.twoSteps(log.address, true);
    await sys.runUntilIdle();
    const story = traceOf(sys.system, id);
    expect(story.map((e) => `${e.type} ${e.route ?? ''}`)).toEqual([
      'message SpecSteps.TwoSteps',
      'event Step',
      'message SpecLog.Add',
      'reply SpecLog.Add',
      'rollback SpecSteps.TwoSteps',
      'error-reply SpecSteps.TwoSteps',
    ]);
    const sent = story.find((e) => e.route === 'SpecLog.Add');
    expect(sent?.causeId).toBe(id);
    expect(story.find((e) => e.type === 'rollback')).toMatchObject({ code: 'HANDLER_FAILED', reason: 'segment 2 failed' });
    // The second segment's send was rolled back: only the first segment's message reached the log.
    expect(story.filter((e) => e.causeId === id)).toHaveLength(1);
    expect(traceOf(sys.system, '0x1234' as never)).toEqual([]);
  });

  it('events of the first segment are published at its commit, before the handler ends', async () => {
    const sys = createTestSystem();
    const steps = await sys.deploy(SpecSteps);
    const log = await sys.deploy(SpecLog);
    const id = steps.send.twoSteps(log.address, true);
    await sys.runBlocks(0);
    expect(sys.events(steps).map((e) => e.payload)).toEqual([1]);
    expect(sys.events(steps)[0]).toMatchObject({ name: 'Step', messageId: id, json: 1 });
    expect(await log.all()).toEqual(['segment 1']);
    await sys.runUntilIdle();
    expect(sys.events(steps).map((e) => e.payload)).toEqual([1]);
  });

  it('value is refunded when the first segment fails', async () => {
    const sys = createTestSystem();
    const alice = sys.user('alice', { balance: 100n });
    const store = (await sys.deploy(SpecStore, 'create', [0])).connect(alice);
    const steps = (await sys.deploy(SpecSteps)).connect(alice);
    const log = await sys.deploy(SpecLog);
    const supply = sys.totalSupply();
    // a payable handler whose only segment fails
    expect((await rejection(store.fail(1))).code).toBe('HANDLER_FAILED');
    await store.fund({ value: 10n });
    expect(alice.balance()).toBe(90n);
    // a transfer in a segment that commits is kept even though a later segment fails
    expect((await rejection(steps.payThenFailLater(alice.id, 0n))).code).toBe('HANDLER_FAILED');
    sys.mint(steps, 20n);
    expect((await rejection(steps.payThenFailLater(alice.id, 5n))).reason).toBe('late failure');
    expect(alice.balance()).toBe(95n);
    expect(sys.balance(steps)).toBe(15n);
    // value sent with a message in a failing segment never leaves
    expect((await rejection(steps.sendValueThenFail(log.address, 10n))).code).toBe('HANDLER_FAILED');
    await sys.runUntilIdle();
    expect(sys.balance(steps)).toBe(15n);
    expect(sys.balance(log)).toBe(0n);
    expect(await log.all()).toEqual([]);
    expect(sys.totalSupply()).toBe(supply + 20n);
  });

  it('a failing synchronous handler discards state in a number, a Map and an array, and its event', async () => {
    const sys = createTestSystem();
    const store = await sys.deploy(SpecStore, 'create', [5]);
    await store.put('k', 1);
    const err = await rejection(store.fail(9));
    expect(err).toMatchObject({ code: 'HANDLER_FAILED', reason: 'boom 9', route: 'SpecStore.Fail' });
    expect(await store.get()).toBe(6);
    expect(await store.keys()).toEqual(['k']);
    expect(sys.events(store).map((e) => e.payload)).toEqual([1]);
    expect(gearReplyCode('HANDLER_FAILED')?.name).toBe('Error(Execution(UserspacePanic))');
  });
});

describe('queries', () => {
  it('a query that changes a Map, emits, sends or swallows its refusal fails with QUERY_MUTATED and changes nothing', async () => {
    const sys = createTestSystem();
    const store = await sys.deploy(SpecStore, 'create', [5]);
    const log = await sys.deploy(SpecLog);
    await store.put('k', 1);
    const traceBefore = sys.traceEntries().length;
    for (const attempt of [store.sneakyMap(), store.sneakyCaught(), store.sneakyEmit(), store.sneakySend(log.address)]) {
      const err = await rejection(attempt);
      expect(err.code).toBe('QUERY_MUTATED');
    }
    await sys.runUntilIdle();
    expect(await store.get()).toBe(6);
    expect(await store.keys()).toEqual(['k']);
    expect(sys.events(store).map((e) => e.name)).toEqual(['Put']);
    expect(await log.all()).toEqual([]);
    expect(sys.traceEntries().length).toBeGreaterThan(traceBefore);
  });

  it('a command run as a query fails with QUERY_MUTATED, saying it is a command to call', async () => {
    const sys = createTestSystem();
    const store = await sys.deploy(SpecStore, 'create', [5]);
    const err = await rejection(sys.user('alice').query(store.address, payloadOf('SpecStore', 'put', ['k', 1])));
    expect(err.code).toBe('QUERY_MUTATED');
    expect(err.reason).toMatch(/^SpecStore\.put is a command, queried here .*: call it instead/);
    expect(await store.keys()).toEqual([]);
  });
});

describe('replies and time', () => {
  it('a call nobody answers times out after the default timeout in blocks; a per-call timeout overrides it', async () => {
    const sys = createTestSystem({ replyTimeout: 4 });
    const alice = sys.user('alice');
    const bob = sys.user('bob');
    const payload = payloadOf('SpecLog', 'add', ['hello']);
    let start = sys.blockHeight;
    const err = await rejection(alice.call(bob.id, payload));
    expect(err.code).toBe('TIMEOUT');
    expect(sys.blockHeight - start).toBe(4);
    // bob got the message in his mailbox
    expect(sys.mailbox(bob).map((m) => m.source)).toEqual([alice.id]);
    start = sys.blockHeight;
    expect((await rejection(alice.call(bob.id, payload, { timeout: 9 }))).code).toBe('TIMEOUT');
    expect(sys.blockHeight - start).toBe(9);
    expect(gearReplyCode('TIMEOUT')?.name).toBe('Error(RemovedFromWaitlist)');
  });

  it('an actor awaiting a slow actor gets TIMEOUT, the slow reply is dropped, and both keep working', async () => {
    const sys = createTestSystem();
    const steps = await sys.deploy(SpecSteps);
    const store = await sys.deploy(SpecStore, 'create', [0]);
    expect(await steps.ask(store.address, 5)).toBe('TIMEOUT');
    expect(await steps.ask(store.address, 50)).toBe('replied');
    await sys.runUntilIdle();
    expect(sys.trace()).toContain('late reply dropped');
  });

  it('a user call to a sleeping actor times out; a delayed message arrives at its block', async () => {
    const sys = createTestSystem();
    const store = await sys.deploy(SpecStore, 'create', [0]);
    expect((await rejection(store.snooze(10, { timeout: 3 }))).code).toBe('TIMEOUT');
    const h = sys.blockHeight;
    store.send.put('late', 1, { delay: 4 });
    await sys.runBlocks(3);
    expect(await store.get()).toBe(0);
    await sys.runBlocks(1);
    expect(await store.get()).toBe(1);
    expect(sys.events(store).at(-1)?.block).toBe(h + 4);
    await sys.runUntilIdle();
  });
});

describe('order', () => {
  it('keeps per-pair FIFO with interleaved senders, across blocks', async () => {
    const sys = createTestSystem({ messagesPerBlock: 37 });
    const log = await sys.deploy(SpecLog);
    const senders = ['alice', 'bob', 'carol'].map((n) => sys.user(n));
    for (let i = 0; i < 400; i++) {
      for (const [k, user] of senders.entries()) {
        if ((i + k) % 3 === 0 && i % 2 === 1) continue;
        log.connect(user).send.add(`${user.account.name}:${i}`);
      }
    }
    await sys.runUntilIdle();
    const lines = await log.all();
    for (const user of senders) {
      const mine = lines.filter((l) => l.startsWith(`${user.account.name}:`)).map((l) => Number(l.split(':')[1]));
      expect(mine.length).toBeGreaterThan(200);
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
    expect(sys.blockHeight).toBeGreaterThan(10);
  });

  it('keeps per-pair FIFO into an exclusive actor whose messages wait for its turn', async () => {
    const sys = createTestSystem({ messagesPerBlock: 5 });
    const ex = await sys.deploy(SpecExclusive);
    const alice = sys.user('alice');
    const bob = sys.user('bob');
    const expected: string[] = [];
    for (let i = 0; i < 30; i++) {
      if (i % 7 === 0) ex.connect(alice).send.slow(`a${i}`, 2);
      else ex.connect(alice).send.add(`a${i}`);
      ex.connect(bob).send.add(`b${i}`);
    }
    await sys.runUntilIdle();
    const lines = (await ex.all()).filter((l) => !l.startsWith('end '));
    for (const prefix of ['a', 'b']) {
      const mine = lines
        .map((l) => l.replace(/^start /, ''))
        .filter((l) => l.startsWith(prefix))
        .map((l) => Number(l.slice(1)));
      expected.length = 0;
      for (let i = 0; i < 30; i++) expected.push(String(i));
      expect(mine.map(String)).toEqual(expected);
    }
  });
});

describe('bad input never hurts others', () => {
  async function setup(): Promise<{
    sys: TestSystem;
    check: () => Promise<void>;
    store: ClientOf<SpecStore>;
    other: ClientOf<SpecStore>;
    alice: ReturnType<TestSystem['user']>;
  }> {
    const sys = createTestSystem({ maxPayloadBytes: 100 });
    const alice = sys.user('alice', { balance: 1000n });
    const store = await sys.deploy(SpecStore, 'create', [1]);
    const other = await sys.deploy(SpecStore, 'create', [2]);
    await other.put('o', 3);
    await other.fund({ value: 11n });
    const before = { supply: sys.totalSupply(), alice: alice.balance(), other: sys.balance(other), store: sys.balance(store) };
    const check = async () => {
      expect(await other.get()).toBe(5);
      expect(await other.keys()).toEqual(['o']);
      expect(await store.get()).toBe(1);
      expect(sys.totalSupply()).toBe(before.supply);
      expect(alice.balance()).toBe(before.alice);
      expect(sys.balance(other)).toBe(before.other);
      expect(sys.balance(store)).toBe(before.store);
      // the runtime keeps going
      expect(await other.connect(alice).put('p', 0)).toBe(5);
      expect(await other.keys()).toEqual(['o', 'p']);
    };
    return { sys, check, store, other, alice };
  }

  it('each bad input gets its own error code, with value refunded, by call and by send', async () => {
    const { sys, check, store, alice } = await setup();
    const good = payloadOf('SpecStore', 'fund', []);
    const put = payloadOf('SpecStore', 'put', ['k', 1]);
    const cases: [string, ActorId, Uint8Array][] = [];
    const truncated = put.slice(0, put.length - 1);
    const badRoute = good.slice();
    badRoute[12] = 0xee;
    const badService = good.slice();
    badService[14] = 9;
    const badBool = payloadOf('SpecSteps', 'twoSteps', [store.address, false]);
    badBool[badBool.length - 1] = 7;
    cases.push(['DECODE_FAILED', store.address, truncated]);
    cases.push(['DECODE_FAILED', store.address, new Uint8Array([0x47, 0x4d])]);
    cases.push(['DECODE_FAILED', store.address, new Uint8Array([...put, 1, 2])]);
    cases.push(['UNKNOWN_ROUTE', store.address, badRoute]);
    cases.push(['UNKNOWN_ROUTE', store.address, badService]);
    cases.push(['ACTOR_NOT_FOUND', `0x${'42'.repeat(32)}`, good]);
    cases.push(['PAYLOAD_TOO_LARGE', store.address, new Uint8Array([...good, ...new Uint8Array(200)])]);
    for (const [code, target, payload] of cases) {
      const err = await rejection(alice.call(target, payload, { value: 9n }));
      expect(err.code, `${code} by call`).toBe(code);
      const id = alice.send(target, payload, { value: 4n });
      await sys.runUntilIdle();
      expect(sys.replyOf(id), `${code} by send`).toMatchObject({ ok: false, code });
    }
    // a steps actor decoding a bad bool
    const steps = await sys.deploy(SpecSteps);
    expect((await rejection(alice.call(steps.address, badBool))).code).toBe('DECODE_FAILED');
    // value to a non-payable route
    expect((await rejection(store.connect(alice).put('v', 1, { value: 3n }))).code).toBe('VALUE_REJECTED');
    expect(gearReplyCode('ACTOR_NOT_FOUND')?.name).toBe('Error(UnavailableActor(ProgramNotCreated))');
    expect(gearReplyCode('DECODE_FAILED')?.name).toBe('Error(Execution(UserspacePanic))');
    expect(gearReplyCode('UNKNOWN_ROUTE')?.name).toBe('Error(Execution(UserspacePanic))');
    await check();
  });

  it('out-of-range values are refused before anything is sent', async () => {
    const { sys, check, store, alice } = await setup();
    const client = store.connect(alice);
    await expect(client.put('k', -1)).rejects.toThrow();
    await expect(client.put('k', 2 ** 32)).rejects.toThrow();
    expect(() => client.send.put('k', 1.5)).toThrow();
    await expect(client.fund({ value: -1n })).rejects.toThrow();
    await expect(client.fund({ value: 1n << 128n })).rejects.toThrow();
    await expect(client.fund({ value: 5000n })).rejects.toMatchObject({ code: 'VALUE_REJECTED' });
    // a bad option rejects the call (it is a Promise) and takes no value
    await expect(client.fund({ value: 5n, timeout: -1 })).rejects.toThrow(/timeout/);
    await expect(alice.call(store.address, payloadOf('SpecStore', 'fund', []), { value: 5n, timeout: 1.5 })).rejects.toThrow(/timeout/);
    await expect(sys.deploy(SpecStore, 'create', [1], { from: alice, value: 5n, timeout: -2 })).rejects.toThrow(/timeout/);
    expect(() => client.send.fund({ value: 5n, delay: -1 })).toThrow(/delay/);
    expect(sys.system.valueInFlight).toBe(0n);
    await sys.runUntilIdle();
    await check();
  });

  it('bad messages from an actor to an actor hurt neither', async () => {
    const { sys, store, other } = await setup();
    // a store asked to notify a non-existent address: the message is refused, value returns to the store
    sys.mint(store, 10n);
    const before = sys.totalSupply();
    await store.notify(`0x${'43'.repeat(32)}`, 6n, 'x');
    await sys.runUntilIdle();
    expect(sys.balance(store)).toBe(10n);
    expect(sys.totalSupply()).toBe(before);
    // the value can still be sent to a real user afterwards
    const sink = sys.user('sink');
    await store.notify(sink.id, 10n, 'y');
    await sys.runUntilIdle();
    expect(sink.balance()).toBe(10n);
    expect(sys.balance(store)).toBe(0n);
    expect(sys.totalSupply()).toBe(before);
    expect(await other.get()).toBe(5);
  });
});

describe('mailbox', () => {
  it('messages from actors land in the user mailbox with source, payload, value and block; the value is credited', async () => {
    const sys = createTestSystem();
    const bob = sys.user('bob');
    const store = await sys.deploy(SpecStore, 'create', [0]);
    await store.fund({ value: 50n });
    await store.notify(bob.id, 20n, 'hi');
    await sys.runUntilIdle();
    const mail = sys.mailbox(bob);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ source: store.address, value: 20n });
    expect(mail[0]?.payload).toEqual(payloadOf('SpecStore', 'put', ['hi', 1]));
    expect(mail[0]?.id).toMatch(/^0x[0-9a-f]{64}$/);
    expect(sys.mailbox('bob')).toEqual(mail);
    expect(bob.balance()).toBe(20n);
    expect(sys.balance(store)).toBe(30n);
    expect(sys.mailbox(sys.user('carol'))).toEqual([]);
  });
});

async function scenario(seed: string) {
  const sys = createTestSystem({ seed });
  const alice = sys.user('alice', { balance: 1000n });
  const bob = sys.user('bob');
  const store = await sys.deploy(SpecStore, 'create', [1], { from: alice });
  const steps = await sys.deploy(SpecSteps);
  const log = await sys.deploy(SpecLog);
  const ids = [
    store.connect(alice).send.put('a', 2),
    steps.send.twoSteps(log.address, true),
    store.connect(alice).send.fund({ value: 9n }),
    log.send.add('x', { delay: 2 }),
  ];
  await store.notify(bob.id, 3n, 'hello').catch(() => undefined);
  await store.fail(1).catch(() => undefined);
  const asked = await steps.ask(store.address, 3);
  await sys.runUntilIdle();
  return {
    sys,
    ids,
    asked,
    trace: sys.trace(),
    mail: sys.mailbox(bob),
    events: sys.events(steps),
    value: await store.get(),
    balances: [alice.balance(), bob.balance(), sys.balance(store)],
  };
}

describe('determinism', () => {
  it('two runs with one seed give identical ids, traces, mailboxes, events and results', async () => {
    const a = await scenario('same');
    const b = await scenario('same');
    expect(b.ids).toEqual(a.ids);
    expect(b.trace).toBe(a.trace);
    expect(b.mail).toEqual(a.mail);
    expect(b.events).toEqual(a.events);
    expect(b.asked).toBe(a.asked);
    expect(b.balances).toEqual(a.balances);
    expect(a.trace).toContain('ROLLBACK');
    const c = await scenario('different');
    expect(c.ids[0]).not.toBe(a.ids[0]);
    expect(c.value).toBe(a.value);
    expect(c.balances).toEqual(a.balances);
  });
});

describe('snapshot / restore', () => {
  it('restores state, balances, mailboxes, events, queued and delayed messages, clock and ids; the rerun is identical', async () => {
    const sys = createTestSystem({ seed: 'snap' });
    const alice = sys.user('alice', { balance: 100n });
    const store = await sys.deploy(SpecStore, 'create', [1]);
    await store.connect(alice).fund({ value: 40n });
    await store.notify(alice.id, 5n, 'before');
    await store.put('a', 1);
    store.send.put('queued', 10);
    store.send.put('delayed', 100, { delay: 3 });
    const snap = sys.snapshot();
    const height = sys.blockHeight;
    const traceLength = sys.traceEntries().length;
    const run = async () => {
      await sys.runUntilIdle();
      await store.notify(alice.id, 7n, 'after');
      await store.put('b', 1000);
      await sys.runUntilIdle();
      return { trace: sys.trace(), next: store.send.put('z', 0), value: await store.get(), height: sys.blockHeight };
    };
    const first = await run();
    expect(first.value).toBe(1112);
    await sys.runUntilIdle();
    sys.restore(snap);
    expect(sys.blockHeight).toBe(height);
    expect(sys.mailbox(alice)).toHaveLength(1);
    expect(alice.balance()).toBe(65n);
    expect(sys.balance(store)).toBe(35n);
    expect(sys.events(store).map((e) => e.payload)).toEqual([1]);
    // the queued message was restored and runs first; the delayed one waits for its block
    expect(await store.get()).toBe(12);
    expect(await store.keys()).toEqual(['a', 'queued']);
    expect(sys.events(store).map((e) => e.payload)).toEqual([1, 10]);
    sys.restore(snap);
    expect(sys.traceEntries().length).toBeGreaterThanOrEqual(traceLength);
    const second = await run();
    expect(second).toEqual(first);
    expect(sys.mailbox(alice)).toHaveLength(2);
  });
});

describe('unit kit', () => {
  it('runs a handler with a mocked source, value and block height, recording sends and events', () => {
    const source = `0x${'05'.repeat(32)}` as ActorId;
    const { actor: store, ctx, sent, events } = unitActor(new SpecStore(), { source, value: 12n, blockHeight: 9, balance: 30n });
    store.create(3);
    expect(store.put('k', 4)).toBe(7);
    // the balance includes the value the message brought
    expect(store.fund()).toBe(42n);
    store.notify(source, 2n, 'yo');
    expect(ctx.source).toBe(source);
    expect(ctx.value).toBe(12n);
    expect(ctx.blockHeight).toBe(9);
    expect(events).toEqual([{ name: 'Put', payload: 4 }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'send', target: source, value: 2n });
    expect(() => store.fail(1)).toThrow('boom 1');
  });
});

/** An @init that awaits, so its failure can come in a later segment; a handler that awaits a timer. */
@actor()
class SpecLazy extends Actor<{ Ready: u32 }> {
  steps: string[] = [];

  @init()
  async start(log: ActorId, fail: boolean): Promise<void> {
    this.steps.push('init 1');
    this.emit('Ready', 1);
    logAt(this.ctx, log).send.add('init segment 1');
    await this.ctx.sleep(1);
    this.steps.push('init 2');
    if (fail) throw new Error('init failed late');
  }

  async timer(): Promise<u32> {
    this.steps.push('before timer');
    await this.ctx.sleep(1);
    this.steps.push('after sleep');
    await new Promise<void>((resolve) => foreignGates.push(resolve));
    this.steps.push('after timer');
    return 1;
  }

  @query()
  all(): string[] {
    return this.steps;
  }
}

/** An exclusive actor whose handler awaits a foreign promise. */
@actor({ exclusive: true })
class SpecExclusiveForeign extends Actor {
  lines: string[] = [];

  async foreign(): Promise<void> {
    this.lines.push('foreign');
    await new Promise<void>((resolve) => foreignGates.push(resolve));
  }

  add(line: string): void {
    this.lines.push(line);
  }

  @query()
  all(): string[] {
    return this.lines;
  }
}

describe('more failures', () => {
  it('an @init failing in a later segment leaves the actor failed; the first segment stays committed', async () => {
    const sys = createTestSystem();
    const log = await sys.deploy(SpecLog);
    const err = await rejection(sys.deploy(SpecLazy, 'start', [log.address, true]));
    expect(err.code).toBe('INIT_FAILED');
    expect(err.reason).toContain('init failed late');
    await sys.runUntilIdle();
    expect(await log.all()).toEqual(['init segment 1']);
    const lazy = sys.at(SpecLazy, err.actor as ActorId);
    expect((await rejection(lazy.all())).code).toBe('INIT_FAILED');
    expect((await rejection(lazy.timer())).code).toBe('INIT_FAILED');
    const ok = await sys.deploy(SpecLazy, 'start', [log.address, false]);
    expect(await ok.all()).toEqual(['init 1', 'init 2']);
  });

  it('a foreign await in a later segment fails naming the handler and keeps the earlier segment', async () => {
    const sys = createTestSystem();
    const log = await sys.deploy(SpecLog);
    const lazy = await sys.deploy(SpecLazy, 'start', [log.address, false]);
    const err = await rejection(lazy.timer());
    expect(err.code).toBe('NONDETERMINISTIC_AWAIT');
    expect(err.reason).toContain('SpecLazy.timer');
    expect(gearReplyCode('NONDETERMINISTIC_AWAIT')).toBeDefined();
    // settle the foreign promise: the late continuation must not write. The failing segment (from the
    // sleep's wake-up to the foreign await) is rolled back; the first one stays.
    releaseForeignGates();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await lazy.all()).toEqual(['init 1', 'init 2', 'before timer']);
  });

  it('an exclusive actor whose handler awaited a foreign promise takes its next messages', async () => {
    const sys = createTestSystem();
    const ex = await sys.deploy(SpecExclusiveForeign);
    const p = rejection(ex.foreign());
    ex.send.add('next');
    expect((await p).code).toBe('NONDETERMINISTIC_AWAIT');
    await sys.runUntilIdle();
    expect(await ex.all()).toEqual(['next']);
  });

  it('a query carrying value is refused and refunded', async () => {
    const sys = createTestSystem();
    const alice = sys.user('alice', { balance: 10n });
    const store = (await sys.deploy(SpecStore, 'create', [1])).connect(alice);
    expect((await rejection(store.get({ value: 4n }))).code).toBe('VALUE_REJECTED');
    expect(alice.balance()).toBe(10n);
    expect(sys.balance(store)).toBe(0n);
  });

  it('the trace names sender, receiver, route, decoded arguments, replies, events and rollbacks', async () => {
    const sys = createTestSystem();
    const alice = sys.user('alice', { balance: 10n });
    const store = (await sys.deploy(SpecStore, 'create', [1])).connect(alice);
    await store.put('key', 7);
    await store.fail(3).catch(() => undefined);
    const trace = sys.trace();
    expect(trace).toMatch(/alice -> SpecStore .*SpecStore\.Put.*key.*7/);
    expect(trace).toMatch(/SpecStore -> alice reply .*8/);
    expect(trace).toMatch(/SpecStore event Put\(7\)/);
    expect(trace).toMatch(/ROLLBACK SpecStore\.Fail: HANDLER_FAILED boom 3/);
    expect(trace).toMatch(/SpecStore -> alice error HANDLER_FAILED/);
  });
});
