// A mock function is told, after the call's arguments, who sent the call and with what value (`MockCall`), so a
// test can assert on them where the target would read `ctx.source` and `ctx.value`; onCall is told the same.
import { Actor, type ActorId, actor, handler, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { CounterClient } from '../__fixtures__/counter.js';
import { type MockCall, mockContext, unitActor } from './index.js';

const peer = `0x${'77'.repeat(32)}` as ActorId;
const self = `0x${'55'.repeat(32)}` as ActorId;

@actor()
class Payer extends Actor {
  @handler({ payable: true })
  async pay(n: u32): Promise<u32> {
    const counter = CounterClient.at(this.ctx, peer);
    const added = await counter.add(n, { value: 7n, timeout: 4 });
    counter.send.sub(1, { value: 2n, delay: 3 });
    return added + (await counter.value());
  }

  async once(n: u32): Promise<u32> {
    return await CounterClient.at(this.ctx, peer).add(n, { value: 7n });
  }
}

describe('a mock function sees the call it answers', () => {
  it('gets the sender, value, route and options after the arguments, for calls, queries and sends', async () => {
    const calls: MockCall[] = [];
    const args: unknown[][] = [];
    const ctx = mockContext({ self, balance: 100n }).mock(peer, CounterClient, {
      add: (n, call) => {
        args.push([n]);
        calls.push(call);
        return n + 1;
      },
      sub: (n, call) => {
        calls.push(call);
        return n;
      },
      value: (call) => {
        calls.push(call);
        return 10;
      },
    });
    const { actor } = unitActor(new Payer(), ctx);
    expect(await actor.pay(4)).toBe(15);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(args).toEqual([[4]]);
    expect(calls).toEqual([
      { kind: 'call', source: self, target: peer, route: 'Counter.Add', value: 7n, options: { value: 7n, timeout: 4 } },
      // The send is delivered once its segment committed, at the query's await, so its mock runs first.
      { kind: 'send', source: self, target: peer, route: 'Counter.Sub', value: 2n, options: { value: 2n, delay: 3 } },
      { kind: 'query', source: self, target: peer, route: 'Counter.Value', value: 0n, options: undefined },
    ]);
    expect(Object.isFrozen(calls[0])).toBe(true);
  });

  it('onCall is told the same for a call no mock answers', async () => {
    const seen: MockCall[] = [];
    const ctx = mockContext({ self, balance: 100n }).onCall((_target, _payload, call) => {
      seen.push(call);
      return CounterClient.definition.services[0]?.functions[0]?.encodeReply(1) ?? new Uint8Array();
    });
    const { actor } = unitActor(new Payer(), ctx);
    expect(await actor.once(4)).toBe(1);
    expect(seen[0]).toMatchObject({ kind: 'call', source: self, target: peer, route: undefined, value: 7n });
  });

  it('a mock written with the arguments only keeps working', async () => {
    const ctx = mockContext({ balance: 100n }).mock(peer, CounterClient, { add: (n) => n, value: () => 0 });
    const { actor } = unitActor(new Payer(), ctx);
    expect(await actor.pay(3)).toBe(3);
  });
});
