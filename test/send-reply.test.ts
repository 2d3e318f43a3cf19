// Replies of fire-and-forget messages, decoded and typed by the function that was sent (`sys.reply(id)`).
import { createTestSystem } from '@sprocket/runtime/testing';
import { CallError } from '@sprocket/sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CounterClient } from '../examples/counter/counter.gen.js';
import { TokenClient } from '../examples/token/token.gen.js';
import '../examples/counter/counter.js';
import '../examples/token/token.js';

describe('sys.reply(id)', () => {
  it('runs the system and decodes the reply of a sent message, typed by the function', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(CounterClient, 'new', [15]);
    const id = counter.send.add(1);
    const reply = await sys.reply(id);
    expectTypeOf(reply).toEqualTypeOf<{ readonly ok: number }>();
    expect(reply).toEqual({ ok: 16 });
    expect(await counter.value()).toBe(16);
  });

  it('rejects with the CallError of an error reply, naming the actor and the route', async () => {
    const sys = createTestSystem({ seed: 1 });
    const counter = await sys.deploy(CounterClient, 'new', [1]);
    const id = counter.send.sub(5);
    const error = await sys.reply(id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ code: 'HANDLER_FAILED', actor: counter.address, route: 'Counter.Sub' });
    expect(await counter.value()).toBe(1);
  });

  it('decodes a Result reply of another actor to its value', async () => {
    const sys = createTestSystem({ seed: 1 });
    const token = await sys.deploy(TokenClient, 'new', [{ name: 'T', symbol: 'T', decimals: 0 }, 100n]);
    const bob = sys.user('bob').id;
    const ok = await sys.reply(token.send.transfer(bob, 40n));
    expect(ok).toEqual({ ok: { ok: true } });
    const refused = await sys.reply(token.send.transfer(bob, 1000n));
    expect(refused).toEqual({ ok: { err: 'InsufficientBalance' } });
  });
});
