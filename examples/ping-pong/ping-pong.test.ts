import { createTestSystem } from '@sprocket/runtime/testing';
import { describe, expect, it } from 'vitest';
import { PingClient, PongClient } from './ping-pong.gen.js';
import './ping-pong.js'; // the contracts: loading them registers the classes that deploy(...Client) runs

async function setup() {
  const sys = createTestSystem({ seed: 'ping-pong' });
  const pong = await sys.deploy(PongClient);
  const ping = await sys.deploy(PingClient);
  return { sys, ping, pong };
}

describe('Ping and Pong', () => {
  it('play(pong, 100) returns 100 and Pong served 100', async () => {
    const { sys, ping, pong } = await setup();
    expect(await ping.play(pong.address, 100)).toBe(100);
    expect(await pong.servedCount()).toBe(100);
    expect(await ping.stats()).toEqual([100, 100]);
    const events = sys.events(ping);
    expect(events).toHaveLength(100);
    expect(events[99]?.payload).toEqual({ round: 99, reply: 100 });
  });

  it('serve (fire-and-forget) lands in order once the system runs', async () => {
    const { sys, ping, pong } = await setup();
    for (const value of [10, 20, 30]) ping.send.serve(pong.address, value);
    expect(await pong.servedCount()).toBe(0);
    await sys.runUntilIdle();
    expect(await pong.servedCount()).toBe(3);
    const handled = sys.traceEntries().filter((e) => e.type === 'message' && e.from === 'Ping' && e.route === 'Pong.Ping');
    expect(handled.map((e) => e.json)).toEqual([[10], [20], [30]]);
  });

  it('keeps per-pair FIFO: many pings from Ping to Pong are handled, and answered, in the order sent', async () => {
    const { sys, ping, pong } = await setup();
    const values = Array.from({ length: 50 }, (_, i) => i * 3);
    for (const value of values) ping.send.serve(pong.address, value);
    await sys.runUntilIdle();
    const entries = sys.traceEntries();
    const requests = entries
      .filter((e) => e.type === 'message' && e.from === 'Ping' && e.to === 'Pong')
      .map((e) => (e.json as number[])[0]);
    const replies = entries.filter((e) => e.type === 'reply' && e.from === 'Pong' && e.to === 'Ping').map((e) => e.json);
    expect(requests).toEqual(values);
    expect(replies).toEqual(values.map((v) => v + 1));
    expect(await pong.servedCount()).toBe(50);
  });

  it('users sending to Pong directly are served in order too', async () => {
    const { sys, pong } = await setup();
    const ids = Array.from({ length: 20 }, (_, i) => pong.send.ping(i));
    await sys.runUntilIdle();
    const replies = ids.map((id) => sys.replyOf(id));
    expect(replies.every((r) => r?.ok === true)).toBe(true);
    const order = sys
      .traceEntries()
      .filter((e) => e.type === 'reply' && e.from === 'Pong' && e.route === 'Pong.Ping')
      .map((e) => e.json);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
