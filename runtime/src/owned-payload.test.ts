// Payload ownership: a raw `ctx.send`/`ctx.call`/user send keeps a private copy (the sender may reuse its
// buffer), while a generated client's fresh payload goes through uncopied; both deliver the same message.
import { Actor, ActorClient, type ActorId, actor, type GeneratedFunction, type MessageId, type u32 } from '@sprocket/sdk';
import { describe, expect, it } from 'vitest';
import { defineActor, u32Codec } from './__fixtures__/define.js';
import { createTestSystem, type TestSystem } from './testing/index.js';

const gotOf = (sys: TestSystem, address: ActorId): u32[] => [...((sys.system.actor(address)?.instance as OwnSink | undefined)?.got ?? [])];

const Sink = defineActor({
  name: 'OwnSink',
  interfaceId: '0x6f6f6f6f6f6f6f6f',
  fns: [
    { method: 'echo', args: [u32Codec], ret: u32Codec },
    { method: 'take', args: [u32Codec], ret: u32Codec },
  ],
});
const fnOf = (method: string) => Sink.services[0]?.functions.find((f) => f.method === method) as GeneratedFunction;
const ECHO = fnOf('echo');
const TAKE = fnOf('take');

@actor()
class OwnSink extends Actor {
  got: u32[] = [];
  echo(v: u32): u32 {
    return v;
  }
  take(v: u32): u32 {
    this.got.push(v);
    return v;
  }
}

class SinkClient extends ActorClient {
  readonly send = { take: (v: u32): MessageId => this.sendFunction(TAKE, [v]) };
  echo(v: u32): Promise<u32> {
    return this.callFunction(ECHO, [v]) as Promise<u32>;
  }
}

@actor()
class OwnSender extends Actor {
  /** Sends one buffer twice, changing it after each send. */
  reuse(peer: ActorId): void {
    const bytes = TAKE.encodeCall([1]);
    this.ctx.send(peer, bytes);
    bytes[16] = 2;
    this.ctx.send(peer, bytes);
    bytes[16] = 3;
  }
  /** Awaits a call whose buffer it changes right after calling. */
  async callThenChange(peer: ActorId): Promise<u32> {
    const bytes = ECHO.encodeCall([7]);
    const reply = this.ctx.call(peer, bytes);
    bytes[16] = 8;
    return ECHO.decodeReply(await reply) as u32;
  }
  /** The generated-client path: no copy, same messages. */
  async viaClient(peer: ActorId): Promise<u32> {
    const sink = new SinkClient(this.ctx, peer);
    sink.send.take(10);
    sink.send.take(11);
    return sink.echo(12);
  }
}

describe('payload ownership', () => {
  it('keeps a private copy of what raw sends and calls get', async () => {
    const sys = createTestSystem();
    const sink = await sys.deploy(OwnSink);
    const sender = await sys.deploy(OwnSender);
    await sender.reuse(sink.address);
    expect(await sender.callThenChange(sink.address)).toBe(7);
    await sys.runUntilIdle();
    expect(gotOf(sys, sink.address)).toEqual([1, 2]);
  });

  it("sends a generated client's payload as encoded", async () => {
    const sys = createTestSystem();
    const sink = await sys.deploy(OwnSink);
    const sender = await sys.deploy(OwnSender);
    expect(await sender.viaClient(sink.address)).toBe(12);
    await sys.runUntilIdle();
    expect(gotOf(sys, sink.address)).toEqual([10, 11]);
  });

  it("copies a user's raw send but not the test client's", async () => {
    const sys = createTestSystem();
    const sink = await sys.deploy(OwnSink);
    const bytes = TAKE.encodeCall([4]);
    sys.user('alice').send(sink.address, bytes);
    bytes[16] = 5;
    sink.send.take(6);
    await sys.runUntilIdle();
    expect(gotOf(sys, sink.address)).toEqual([4, 6]);
  });
});
