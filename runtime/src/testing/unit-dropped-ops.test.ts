// unitActor: a call, query or deploy made in a segment that is rolled back never left, as in the system. Its mock
// never runs (a message leaves once its segment committed): no value comes back a second time (the rollback gave it
// back already) and the operation never settles, so nothing is an unhandled rejection.
import { Actor, type ActorId, actor, type CodeId, findGenerated, type GeneratedActor, handler, type u32 } from '@sprocket/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSystem, mockContext, unitActor } from './index.js';

@actor()
class Refuser extends Actor {
  @handler({ payable: true })
  refuse(_n: u32): u32 {
    throw new Error('refused');
  }

  @handler({ payable: true })
  note(_text: string): u32 {
    return 0;
  }
}

/** How the handler leaves the segment that made its call: it throws, or returns without awaiting the call. */
type Leave = 'throw' | 'return';

@actor()
class Caller extends Actor {
  tries: u32 = 0;

  @handler({ payable: true })
  async pay(peer: ActorId, leave: string, wide: boolean): Promise<u32> {
    this.tries += 1;
    void this.ctx.call(peer, refuseCall(1, wide), { value: 50n });
    if (leave === 'throw') throw new Error('changed its mind');
    return this.tries;
  }

  @handler({ payable: true })
  async spawn(code: CodeId): Promise<u32> {
    this.tries += 1;
    void this.ctx.deploy(code, new Uint8Array(64), { value: 30n });
    throw new Error('changed its mind');
  }
}

const refuserDefinition = (): GeneratedActor => findGenerated('Refuser') as GeneratedActor;

/** Refuser.Refuse(n), or when `wide` a Refuser.Note larger than a small `maxPayloadBytes`. */
function refuseCall(n: number, wide: boolean): Uint8Array {
  const fn = refuserDefinition().services[0]?.functions.find((f) => f.method === (wide ? 'note' : 'refuse'));
  if (fn === undefined) throw new TypeError('Refuser is not generated');
  return fn.encodeCall([wide ? 'x'.repeat(64) : n]);
}

const unhandled: unknown[] = [];
const listen = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', listen);
});
afterEach(() => {
  process.off('unhandledRejection', listen);
});

/** Lets every pending answer settle (mocks that answer later, refunds queued in microtasks). */
async function drain(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('a call of a rolled-back segment in unitActor', () => {
  for (const leave of ['throw', 'return'] as Leave[]) {
    it(`whose mock never runs gives no value back twice and rejects nothing (the handler ${leave}s)`, async () => {
      const sys = createTestSystem({ seed: `dropped-${leave}` });
      const peer = await sys.deploy(Refuser);
      const caller = await sys.deploy(Caller);
      sys.mint(caller.address, 1_000n);
      await expect(caller.pay(peer.address, leave, false)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
      await sys.runUntilIdle({ maxBlocks: 20 });
      expect(sys.balance(caller.address)).toBe(1_000n);
      expect(sys.balance(peer.address)).toBe(0n);

      let answered = 0;
      const ctx = mockContext({ balance: 1_000n }).mock(peer.address, refuserDefinition(), {
        refuse: async () => {
          answered++;
          await null;
          throw new Error('refused');
        },
      });
      const unit = unitActor(new Caller(), ctx);
      await expect(unit.actor.pay(peer.address, leave, false)).rejects.toThrow();
      await drain();
      expect(answered).toBe(0);
      expect(unit.ctx.currentBalance).toBe(sys.balance(caller.address));
      expect(unit.actor.tries).toBe(0);
      expect(unit.sent).toEqual([]);
      expect(unhandled).toEqual([]);
    });
  }

  it('refused for its size rejects nothing once its segment was rolled back', async () => {
    const peer = `0x${'77'.repeat(32)}` as ActorId;
    const ctx = mockContext({ balance: 1_000n }).mock(peer, refuserDefinition(), { note: () => 1 });
    const unit = unitActor(new Caller(), ctx, { maxPayloadBytes: 32 });
    await expect(unit.actor.pay(peer, 'throw', true)).rejects.toThrow('changed its mind');
    await drain();
    expect(unit.ctx.currentBalance).toBe(1_000n);
    expect(unhandled).toEqual([]);
  });

  it('a deploy refused for its size gives its value back once, by the rollback', async () => {
    const code = `0x${'55'.repeat(32)}` as CodeId;
    const unit = unitActor(new Caller(), mockContext({ balance: 1_000n }), { maxPayloadBytes: 32 });
    await expect(unit.actor.spawn(code)).rejects.toThrow('changed its mind');
    await drain();
    expect(unit.ctx.currentBalance).toBe(1_000n);
    expect(unhandled).toEqual([]);
  });
});
