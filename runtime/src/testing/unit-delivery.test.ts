// unitActor delivers a handler's messages to mocks as the system delivers them to actors: only once the segment that
// made them committed, so a mock never sees a call of a segment rolled back, and the value of a call or send whose
// target fails (a mock or `onCall` that throws) comes back to the sender, kept by a later rollback. Each case runs in
// the system with real actors and in unitActor with mocks, and compares what the target saw and the balances.
import {
  Actor,
  type ActorId,
  actor,
  CallError,
  findGenerated,
  type GeneratedActor,
  handler,
  query,
  type u32,
  type u128,
} from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { createTestSystem, mockContext, unitActor } from './index.js';

@actor()
class Target extends Actor {
  seen: u32 = 0;

  @handler({ payable: true })
  take(n: u32): u32 {
    if (n === 0) throw new Error('refused');
    this.seen += 1;
    return n;
  }

  @query()
  seenCount(): u32 {
    return this.seen;
  }
}

@actor()
class Sender extends Actor {
  steps: u32 = 0;

  @query()
  stepsDone(): u32 {
    return this.steps;
  }

  /** Awaits one call (its segment commits), then makes another and throws before awaiting it. */
  @handler({ payable: true })
  async twice(peer: ActorId): Promise<u32> {
    this.steps += 1;
    const first = await this.ctx.call(peer, takeCall(1));
    this.steps += 1;
    void this.ctx.call(peer, takeCall(2));
    if (first.length > 0) throw new Error('changed its mind');
    return this.steps;
  }

  /** Calls with value a target that fails, catches that, then fails itself in the next segment. */
  @handler({ payable: true })
  async payFailing(peer: ActorId, value: u128, rethrow: boolean): Promise<u32> {
    this.steps += 1;
    try {
      await this.ctx.call(peer, takeCall(0), { value });
    } catch {
      this.steps += 1;
    }
    if (rethrow) throw new Error('after the refusal');
    return this.steps;
  }

  /** Sends value to a target that fails: in the system the value comes back to the sender. */
  @handler({ payable: true })
  async sendFailing(peer: ActorId, value: u128): Promise<u32> {
    this.ctx.send(peer, takeCall(0), { value });
    await this.ctx.sleep(1);
    return this.steps;
  }
}

/** The payload of Target.Take(n). */
function takeCall(n: number): Uint8Array {
  const fn = targetDefinition().services[0]?.functions.find((f) => f.method === 'take');
  if (fn === undefined) throw new TypeError('Target is not generated');
  return fn.encodeCall([n]);
}

const targetDefinition = (): GeneratedActor => findGenerated('Target') as GeneratedActor;

/** A system with a Target and a Sender holding `funds`, and a unitActor Sender holding the same, Target mocked. */
async function pair(seed: string, funds: bigint, raw = false) {
  const sys = createTestSystem({ seed });
  const target = await sys.deploy(Target);
  const sender = await sys.deploy(Sender);
  sys.mint(sender.address, funds);
  const seen: number[] = [];
  const ctx = mockContext({ balance: funds });
  if (raw) {
    ctx.onCall(() => {
      throw new Error('refused');
    });
  } else {
    ctx.mock(target.address, targetDefinition(), {
      take: (n: number) => {
        seen.push(n);
        if (n === 0) throw new Error('refused');
        return n;
      },
    });
  }
  const unit = unitActor(new Sender(), ctx);
  return { sys, target, sender, seen, unit };
}

describe('unitActor delivers messages once their segment committed', () => {
  it('a mock never sees the call of a segment rolled back, as the target never gets it', async () => {
    const { sys, target, sender, seen, unit } = await pair('delivery-rollback', 0n);
    await expect(sender.twice(target.address)).rejects.toMatchObject({ reason: 'changed its mind' });
    await sys.runUntilIdle();
    await expect(unit.actor.twice(target.address)).rejects.toThrow('changed its mind');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await target.seenCount()).toBe(1);
    expect(seen).toEqual([1]);
    expect(unit.sent.map((s) => s.args)).toEqual([[1]]);
    expect(unit.actor.steps).toBe(await sender.stepsDone());
  });

  it('a mock runs only once the handler awaits its call (the segment ends there)', async () => {
    const { seen, unit, target } = await pair('delivery-await', 0n);
    const order: string[] = [];
    const peer = target.address;
    const running = (async () => {
      const made = unit.ctx.call(peer, takeCall(5));
      order.push(`made, mock saw ${seen.length}`);
      await Promise.resolve();
      order.push(`a tick later, mock saw ${seen.length}`);
      return made;
    })();
    await running;
    expect(order).toEqual(['made, mock saw 0', 'a tick later, mock saw 0']);
    expect(seen).toEqual([5]);
  });
});

describe('unitActor gives back the value of a call whose target fails, as the system refunds it', () => {
  for (const rethrow of [false, true]) {
    for (const raw of [false, true]) {
      it(`${raw ? 'onCall' : 'a mock'} that throws; the handler ${rethrow ? 'fails in its next segment' : 'returns'}`, async () => {
        const { sys, target, sender, unit } = await pair(`delivery-value-${rethrow}-${raw}`, 1_000n, raw);
        const system = await sender.payFailing(target.address, 300n, rethrow).catch((e: { reason: string }) => e.reason);
        await sys.runUntilIdle();
        const inUnit = await unit.actor.payFailing(target.address, 300n, rethrow).catch((e: Error) => e.message);
        expect(inUnit).toEqual(system);
        expect(sys.balance(sender.address)).toBe(1_000n);
        expect(unit.ctx.balance()).toBe(sys.balance(sender.address));
        expect(unit.actor.steps).toBe(await sender.stepsDone());
      });
    }
  }

  it('a mock that throws a CallError rejects the call with it (its code kept), the value back', async () => {
    const peer = `0x${'77'.repeat(32)}` as ActorId;
    const ctx = mockContext({ balance: 1_000n }).mock(peer, targetDefinition(), {
      take: () => {
        throw new CallError('TIMEOUT', { actor: peer, reason: 'no reply within 5 blocks' });
      },
    });
    const unit = unitActor(new Sender(), ctx);
    const seen: unknown[] = [];
    const call = unit.ctx.call(peer, takeCall(1), { value: 300n }).catch((e: unknown) => seen.push(e));
    await call;
    expect(seen[0]).toMatchObject({ code: 'TIMEOUT', reason: 'no reply within 5 blocks' });
    expect(unit.ctx.balance()).toBe(1_000n);
  });

  it('a send with value whose target fails: the value comes back to the sender', async () => {
    const { sys, target, sender, seen, unit } = await pair('delivery-send', 1_000n);
    await sender.sendFailing(target.address, 200n);
    await sys.runUntilIdle();
    await unit.actor.sendFailing(target.address, 200n);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(seen).toEqual([0]);
    expect(unit.ctx.balance()).toBe(sys.balance(sender.address));
    expect(sys.balance(target.address)).toBe(0n);
  });
});
