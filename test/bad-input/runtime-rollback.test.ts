// Bad input for the runtime: hostile handlers and callers. Each class of finding fails with its exact
// error code and leaves everything else as it was (state, balances, supply, other actors, the system).

import { createTestSystem, type TestSystem } from '@sprocket/runtime/testing';
import { Actor, type ActorId, actor, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { rejection } from '../call-rejection.js';

const DEFAULT_TAGS: string[] = ['base'];

interface Item {
  v: number;
}

/** Writes its state, then does something the journal could not undo, then (maybe) throws. */
@actor()
class Hostile extends Actor {
  balance: u32 = 100;
  cfg = { limit: 5, inner: { x: 1 } };
  arr: u32[] = [1, 2, 3];
  tags: string[] = DEFAULT_TAGS;
  items = new Set<Item>([{ v: 1 }, { v: 2 }]);
  byKey = new Map<Item, u32>([[{ v: 1 }, 1]]);
  order = new Map<string, u32>([
    ['a', 1],
    ['b', 2],
    ['c', 3],
  ]);
  names = new Set<string>(['a', 'b', 'c']);
  bytes = new Uint8Array([1, 2, 3, 4]);

  freeze(): void {
    this.balance -= 50;
    Object.freeze(this.cfg);
    throw new Error('after freeze');
  }

  defineFixed(): void {
    this.balance -= 50;
    Object.defineProperty(this.cfg, 'limit', { value: 9, configurable: false });
    throw new Error('after defineProperty');
  }

  redefineAsGetter(): void {
    this.balance -= 50;
    Object.defineProperty(this, 'balance', { get: () => 1, configurable: true });
    throw new Error('after getter');
  }

  prototypeSwap(): void {
    this.balance -= 50;
    Object.setPrototypeOf(this.cfg, null);
  }

  caughtFreeze(): u32 {
    try {
      Object.freeze(this.cfg);
    } catch {
      // the refusal can be caught: nothing was frozen
    }
    this.balance -= 1;
    return this.balance;
  }

  throwWeird(kind: u32): void {
    this.balance -= 50;
    if (kind === 0) throw Object.create(null);
    if (kind === 1) {
      throw new Proxy(
        {},
        {
          get() {
            throw new Error('no get');
          },
          getPrototypeOf() {
            throw new Error('no prototype');
          },
        },
      );
    }
    if (kind === 2) {
      throw {
        toString() {
          throw new Error('no toString');
        },
      };
    }
    const error = new Error('hidden');
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('no message');
      },
    });
    throw error;
  }

  async throwWeirdLater(kind: u32): Promise<void> {
    await this.ctx.sleep(1);
    this.throwWeird(kind);
  }

  truncate(): void {
    this.arr.length = 0;
    throw new Error('after truncate');
  }

  setIteration(): void {
    for (const item of this.items) item.v += 100;
    throw new Error('after set iteration');
  }

  mapKeys(): void {
    for (const key of this.byKey.keys()) key.v += 100;
    this.byKey.forEach((_v, k) => {
      k.v += 1000;
    });
    throw new Error('after map keys');
  }

  views(): void {
    this.bytes.subarray(1, 3).fill(9);
    this.bytes.subarray(0, 1)[0] = 7;
    throw new Error('after views');
  }

  rawBuffer(): void {
    new Uint8Array(this.bytes.buffer).fill(9);
  }

  symbolKey(): void {
    (this.cfg as Record<symbol, unknown>)[Symbol.for('hidden')] = 1;
    throw new Error('after symbol');
  }

  deleteOrder(): void {
    this.order.delete('a');
    this.names.delete('a');
    this.order.set('d', 4);
    throw new Error('after delete');
  }

  addTag(tag: string): void {
    this.tags.push(tag);
  }

  storeUnstorable(kind: u32): void {
    const cfg = this.cfg as Record<string, unknown>;
    if (kind === 0) cfg.later = Promise.resolve(1);
    else if (kind === 1) cfg.weak = new WeakMap();
    else if (kind === 2) cfg.frozen = Object.freeze({ a: 1 });
    else cfg.fn = () => 1;
  }

  cloneState(): u32 {
    return structuredClone(this.order).size;
  }

  get_(): u32 {
    return this.balance;
  }
}

/** An actor with a #private field: fails with a readable diagnostic in the system. */
@actor()
class PrivateField extends Actor {
  #count: u32 = 0;

  bump(): u32 {
    this.#count += 1;
    return this.#count;
  }
}

/** A bystander: its calls must go on while Hostile misbehaves. */
@actor({ exclusive: true })
class Bystander extends Actor {
  n: u32 = 0;

  add(v: u32): u32 {
    this.n += v;
    return this.n;
  }

  async slowAdd(v: u32): Promise<u32> {
    await this.ctx.sleep(2);
    this.n += v;
    return this.n;
  }

  throwWeird(): void {
    this.n += 1000;
    throw Object.create(null);
  }
}

const supplies = new WeakMap<TestSystem, bigint>();

function raw(sys: TestSystem, address: ActorId): Hostile {
  return sys.system.actor(address)?.instance as Hostile;
}

async function setup(seed: string) {
  const sys = createTestSystem({ seed });
  const alice = sys.user('alice', { balance: 1000n });
  const hostile = await sys.deploy(Hostile, undefined, [], { from: alice });
  const other = await sys.deploy(Hostile, undefined, [], { from: alice });
  const bystander = await sys.deploy(Bystander, undefined, [], { from: alice });
  supplies.set(sys, sys.totalSupply());
  return { sys, alice, hostile, other, bystander };
}

/** Everything a bad segment must not change, and that the system is still usable. */
async function expectUntouched(sys: TestSystem, hostile: { get_(): Promise<u32>; address: ActorId }): Promise<void> {
  expect(await hostile.get_()).toBe(100);
  await sys.runUntilIdle();
  expect(sys.system.idle).toBe(true);
  expect(() => sys.snapshot()).not.toThrow();
  expect(sys.totalSupply()).toBe(supplies.get(sys));
}

describe('runtime bad input: rollback that would throw (freeze, defineProperty, getters, prototypes)', () => {
  it.each([
    ['freeze', /^Hostile\.\w+: an object of actor state cannot be frozen, sealed or made non-extensible/],
    ['defineFixed', /read-only or non-configurable/],
    // `this` is the state view (state-view.ts): its fields cannot be redefined at all.
    ['redefineAsGetter', /^Hostile\.\w+: field "balance" of actor state cannot be redefined/],
    ['prototypeSwap', /^Hostile\.\w+: an object of actor state cannot change its prototype/],
  ] as const)('%s is refused at the proxy with HANDLER_FAILED, its writes roll back, nothing wedges', async (method, reason) => {
    const { sys, hostile, bystander } = await setup(`freeze-${method}`);
    const pending = bystander.slowAdd(5);
    const err = await rejection((hostile as unknown as Record<string, () => Promise<void>>)[method]?.() as Promise<void>);
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toMatch(reason);
    expect(err.reason).toContain('Hostile.');
    expect(await pending).toBe(5);
    expect(Object.isFrozen(raw(sys, hostile.address).cfg)).toBe(false);
    expect(Object.getOwnPropertyDescriptor(raw(sys, hostile.address), 'balance')?.value).toBe(100);
    await expectUntouched(sys, hostile);
  });

  it('a caught refusal changes nothing it refused; the rest of the segment commits', async () => {
    const { sys, hostile } = await setup('freeze-caught');
    expect(await hostile.caughtFreeze()).toBe(99);
    expect(Object.isFrozen(raw(sys, hostile.address).cfg)).toBe(false);
  });
});

describe('runtime bad input: exceptions whose text cannot be read', () => {
  it.each([0, 1, 2, 3])('thrown value %i: HANDLER_FAILED with a readable reason, no other call rejected', async (kind) => {
    const { sys, alice, hostile, bystander } = await setup(`weird-${kind}`);
    const pending = bystander.slowAdd(7);
    const err = await rejection(hostile.throwWeird(kind));
    expect(err.code).toBe('HANDLER_FAILED');
    expect(typeof err.reason).toBe('string');
    expect(err.reason.length).toBeGreaterThan(0);
    const later = await rejection(hostile.throwWeirdLater(kind));
    expect(later.code).toBe('HANDLER_FAILED');
    const id = hostile.connect(alice).send.throwWeird(kind);
    await sys.runUntilIdle();
    expect(sys.replyOf(id)).toMatchObject({ ok: false, code: 'HANDLER_FAILED' });
    expect(await pending).toBe(7);
    await expectUntouched(sys, hostile);
  });

  it('an exclusive actor that throws an unreadable value is not left busy', async () => {
    const { sys, bystander } = await setup('weird-exclusive');
    const err = await rejection(bystander.throwWeird());
    expect(err.code).toBe('HANDLER_FAILED');
    expect(await bystander.add(1)).toBe(1);
    await sys.runUntilIdle();
    expect(sys.system.idle).toBe(true);
  });
});

describe('runtime bad input: rollback gaps', () => {
  it('arr.length = 0 then throw restores every item', async () => {
    const { sys, hostile } = await setup('gap-length');
    expect((await rejection(hostile.truncate())).code).toBe('HANDLER_FAILED');
    expect(raw(sys, hostile.address).arr).toEqual([1, 2, 3]);
    await expectUntouched(sys, hostile);
  });

  it('writes through Set iteration and Map key objects roll back', async () => {
    const { sys, hostile } = await setup('gap-iteration');
    expect((await rejection(hostile.setIteration())).code).toBe('HANDLER_FAILED');
    expect([...raw(sys, hostile.address).items].map((i) => i.v)).toEqual([1, 2]);
    expect((await rejection(hostile.mapKeys())).code).toBe('HANDLER_FAILED');
    expect([...raw(sys, hostile.address).byKey.keys()].map((i) => i.v)).toEqual([1]);
    await expectUntouched(sys, hostile);
  });

  it('writes through typed-array views roll back; the raw buffer is refused with RUNTIME_STATE_REFUSED text', async () => {
    const { sys, hostile } = await setup('gap-views');
    expect((await rejection(hostile.views())).code).toBe('HANDLER_FAILED');
    expect([...raw(sys, hostile.address).bytes]).toEqual([1, 2, 3, 4]);
    const err = await rejection(hostile.rawBuffer());
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toMatch(/field "buffer": a typed array in state does not hand out its buffer/);
    expect([...raw(sys, hostile.address).bytes]).toEqual([1, 2, 3, 4]);
    await expectUntouched(sys, hostile);
  });

  it('symbol keys roll back', async () => {
    const { sys, hostile } = await setup('gap-symbol');
    expect((await rejection(hostile.symbolKey())).code).toBe('HANDLER_FAILED');
    expect(Object.getOwnPropertySymbols(raw(sys, hostile.address).cfg)).toEqual([]);
    await expectUntouched(sys, hostile);
  });

  it('rolling back Map and Set deletes keeps their iteration order', async () => {
    const { sys, hostile } = await setup('gap-order');
    expect((await rejection(hostile.deleteOrder())).code).toBe('HANDLER_FAILED');
    expect([...raw(sys, hostile.address).order.keys()]).toEqual(['a', 'b', 'c']);
    expect([...raw(sys, hostile.address).names]).toEqual(['a', 'b', 'c']);
    await expectUntouched(sys, hostile);
  });

  it('a module-level default value is copied per instance', async () => {
    const { sys, hostile, other } = await setup('gap-default');
    await hostile.addTag('mine');
    expect(raw(sys, hostile.address).tags).toEqual(['base', 'mine']);
    expect(raw(sys, other.address).tags).toEqual(['base']);
    expect(DEFAULT_TAGS).toEqual(['base']);
  });

  it.each([
    [0, /cannot hold a Promise/],
    [1, /cannot hold a WeakMap/],
    [2, /cannot hold a frozen/],
    [3, /cannot hold a function/],
  ] as const)('storing what the journal cannot see (%i) is refused, naming field and handler', async (kind, reason) => {
    const { sys, hostile } = await setup(`gap-store-${kind}`);
    const err = await rejection(hostile.storeUnstorable(kind));
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toMatch(reason);
    expect(err.reason).toMatch(/^Hostile\.storeUnstorable: field "\w+":/);
    expect(Object.keys(raw(sys, hostile.address).cfg)).toEqual(['limit', 'inner']);
    await expectUntouched(sys, hostile);
  });

  it('#private fields and structuredClone(state) fail with a hint', async () => {
    const { sys, hostile } = await setup('gap-private');
    const priv = await sys.deploy(PrivateField);
    const err = await rejection(priv.bump());
    expect(err.code).toBe('HANDLER_FAILED');
    expect(err.reason).toMatch(/#private members cannot be used in actor classes/);
    const clone = await rejection(hostile.cloneState());
    expect(clone.code).toBe('HANDLER_FAILED');
    expect(clone.reason).toMatch(/structuredClone cannot copy them|structuredClone cannot copy/);
    await expectUntouched(sys, hostile);
  });
});
