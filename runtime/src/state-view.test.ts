import { types } from 'node:util';
import { Actor, type ActorId, actor, type CodeId, isCallError, query, requireGenerated, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { Code } from './code.js';
import { installCode } from './host.js';
import { createTestSystem } from './testing/index.js';

/** What the last handler saw as `this`. */
let seen: { proxy: boolean; keys: string[]; spreadKeys: string[]; state: unknown; json: string } | undefined;

@actor()
class Ledger extends Actor {
  total: u32 = 0;
  owner!: ActorId;
  entries = new Map<string, u32>();
  tags: string[] = [];

  /** Writes every kind of field, then fails when asked: all of it must roll back. */
  record(name: string, amount: u32, fail: boolean): u32 {
    this.total += amount;
    this.owner = this.ctx.source;
    this.entries.set(name, amount);
    this.tags.push(name);
    if (fail) throw new RangeError('refused on purpose');
    return this.total;
  }

  /** Tries to give `this` a field the class never declared. */
  sneak(): void {
    (this as unknown as Record<string, unknown>).undeclared = 1;
  }

  /** Tries to redefine a field. */
  redefine(): void {
    Object.defineProperty(this, 'total', { value: 99 });
  }

  /** Tries to delete a field. */
  erase(): void {
    delete (this as unknown as Record<string, unknown>).total;
  }

  /** Reports what the handler sees as `this`. */
  look(): void {
    seen = {
      proxy: types.isProxy(this),
      keys: Object.keys(this),
      spreadKeys: Object.keys({ ...this }),
      state: { total: this.total, owner: this.owner, entries: [...this.entries], tags: [...this.tags] },
      json: JSON.stringify({ total: this.total, tags: this.tags }),
    };
  }

  /** A query that writes. */
  @query()
  peekAndWrite(): u32 {
    this.total = 1;
    return this.total;
  }

  @query()
  totalOf(): u32 {
    return this.total;
  }

  @query()
  ownerOf(): ActorId | null {
    return this.owner ?? null;
  }
}

describe('state view (a class whose fields the generator listed)', () => {
  it('gives handlers an object with the declared fields as accessors, not a proxy', async () => {
    const sys = createTestSystem();
    const ledger = await sys.deploy(Ledger);
    await ledger.record('a', 5, false);
    await ledger.look();
    expect(seen?.proxy).toBe(false);
    expect(seen?.keys).toEqual(['total', 'owner', 'entries', 'tags']);
    expect(seen?.spreadKeys).toEqual(['total', 'owner', 'entries', 'tags']);
    expect(seen?.json).toBe('{"total":5,"tags":["a"]}');
  });

  it('rolls back top-level fields, a field first set in the segment, and the objects reached through the view', async () => {
    const sys = createTestSystem();
    const ledger = await sys.deploy(Ledger);
    await expect(ledger.record('a', 5, true)).rejects.toThrow(/refused on purpose/);
    expect(await ledger.totalOf()).toBe(0);
    expect(await ledger.ownerOf()).toBeNull();
    await ledger.look();
    expect(seen?.state).toEqual({ total: 0, owner: undefined, entries: [], tags: [] });
    expect(await ledger.record('b', 7, false)).toBe(7);
    expect(await ledger.ownerOf()).toBe(sys.defaultUser.id);
  });

  it('refuses a field the class never declared, a redefinition and a delete, rolled back, and the actor keeps answering', async () => {
    const sys = createTestSystem();
    const ledger = await sys.deploy(Ledger);
    await ledger.record('a', 3, false);
    for (const attempt of [() => ledger.sneak(), () => ledger.redefine(), () => ledger.erase()]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isCallError(error) && error.code).toBe('HANDLER_FAILED');
      expect(isCallError(error) && error.reason).toMatch(
        /^Cannot add property|^Ledger\.(redefine|erase): field "total" of actor state cannot be (redefined|deleted)/,
      );
      // As docs/state.md says: the cause is the engine's TypeError, not a RUNTIME_STATE_REFUSED error.
      expect(isCallError(error) && error.cause).toBeInstanceOf(TypeError);
    }
    const sneaked = await ledger.sneak().catch((e: unknown) => e);
    expect(isCallError(sneaked) && sneaked.reason).toBe(
      'Cannot add property undeclared, object is not extensible (if that was `this.undeclared = …`: a field of actor state must be declared in the class, `undeclared: T`)',
    );
    expect(await ledger.totalOf()).toBe(3);
    await ledger.look();
    expect(seen?.keys).toEqual(['total', 'owner', 'entries', 'tags']);
  });

  it('refuses a write in a query as the proxy does', async () => {
    const sys = createTestSystem();
    const ledger = await sys.deploy(Ledger);
    const error = await ledger.peekAndWrite().catch((e: unknown) => e);
    expect(isCallError(error) && error.code).toBe('QUERY_MUTATED');
    expect(await ledger.totalOf()).toBe(0);
  });

  it('falls back to the journaling proxy for a definition without the field list, with the same rollback', async () => {
    const sys = createTestSystem();
    const generated = requireGenerated('Ledger', 'the state view test');
    expect(generated.fields).toEqual(['total', 'owner', 'entries', 'tags']);
    const code = new Code(Ledger, { ...generated, fields: undefined }, `0x${'7'.repeat(64)}` as CodeId);
    installCode(sys.system, code);
    const address = await sys.deploy(code.id, new Uint8Array(0));
    const ledger = sys.at(Ledger, address);
    await expect(ledger.record('a', 5, true)).rejects.toThrow(/refused on purpose/);
    await ledger.record('b', 2, false);
    await ledger.look();
    expect(seen?.proxy).toBe(true);
    expect(seen?.state).toEqual({ total: 2, owner: sys.defaultUser.id, entries: [['b', 2]], tags: ['b'] });
  });
});
