import { createTestSystem, unitActor } from '@sprocket/runtime/testing';
import { CallError } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { CounterClient, RelayClient } from './counter.gen.js';
import { Counter } from './counter.js'; // also loads Relay: @actor registers the classes that deploy(...Client) runs

async function setup() {
  const sys = createTestSystem({ seed: 1 });
  const counter = await sys.deploy(CounterClient, 'new', [5]);
  return { sys, counter };
}

describe('Counter in a test system', () => {
  it('deploys with new(5) and replies to add and sub', async () => {
    const { counter } = await setup();
    expect(await counter.value()).toBe(5);
    expect(await counter.add(10)).toBe(15);
    expect(await counter.sub(3)).toBe(12);
  });

  it('new(null) starts at zero', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(CounterClient, 'new', [null]);
    expect(await counter.value()).toBe(0);
  });

  it('an underflowing sub rejects with a CallError and rolls back', async () => {
    const { sys, counter } = await setup();
    const error = await counter.sub(6).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ code: 'HANDLER_FAILED', route: 'Counter.Sub', reason: 'underflow: 5 - 6', actor: counter.address });
    expect(await counter.value()).toBe(5);
    expect(sys.events(counter).map((e) => e.name)).not.toContain('Subtracted');
    expect(sys.trace()).toMatch(/ROLLBACK Counter\.Sub: HANDLER_FAILED underflow: 5 - 6/);
  });

  it('fire-and-forget send.add is queued until the system runs', async () => {
    const { sys, counter } = await setup();
    const id = counter.send.add(1);
    expect(id).toMatch(/^0x[0-9a-f]{64}$/);
    expect(sys.replyOf(id)).toBeUndefined();
    counter.send.add(2);
    await sys.runUntilIdle();
    expect(sys.replyOf(id)).toMatchObject({ ok: true });
    expect(await counter.value()).toBe(8);
  });

  it('records committed events, decoded, in order', async () => {
    const { sys, counter } = await setup();
    await counter.add(2);
    await counter.sub(100).catch(() => undefined);
    await counter.sub(3);
    expect(sys.events(counter).map((e) => [e.name, e.payload])).toEqual([
      ['Added', 2],
      ['Subtracted', 3],
    ]);
  });

  it('a query does not change state', async () => {
    const { counter } = await setup();
    await counter.value();
    await counter.value();
    expect(await counter.add(0)).toBe(5);
  });

  it('Relay → Counter: request-reply across actors', async () => {
    const { sys, counter } = await setup();
    const relay = await sys.deploy(RelayClient);
    expect(await relay.addTo(counter.address, 7)).toBe(12);
    expect(await counter.value()).toBe(12);
    const lines = sys.traceEntries().filter((e) => e.type === 'message' && e.from === 'Relay');
    expect(lines.map((e) => [e.to, e.route, e.json])).toEqual([['Counter', 'Counter.Add', [7]]]);
  });

  it('Relay passes a failure of the counter on to its caller', async () => {
    const { sys, counter } = await setup();
    const relay = await sys.deploy(RelayClient);
    // Relay.addTo awaits Counter.add; an add that overflows u32 fails in Counter, and so does the relay call.
    await counter.add(4_294_967_290);
    await expect(relay.addTo(counter.address, 10)).rejects.toMatchObject({ code: 'HANDLER_FAILED', route: 'Relay.AddTo' });
    expect(await counter.value()).toBe(4_294_967_295);
  });
});

describe('Counter handlers without a system', () => {
  it('unitActor runs handlers directly and records emitted events', () => {
    const { actor, events } = unitActor(new Counter());
    actor.new(5);
    expect(actor.add(2)).toBe(7);
    expect(actor.sub(4)).toBe(3);
    expect(() => actor.sub(10)).toThrow('underflow: 3 - 10');
    expect(actor.value()).toBe(3);
    expect(events).toEqual([
      { name: 'Added', payload: 2 },
      { name: 'Subtracted', payload: 4 },
    ]);
  });
});
